/**
 * A yes-or-no question to the person at the terminal (or to the script that feeds stdin): the question on
 * stderr, so that stdout keeps only the command's answers (`--json` stays parseable), and one line of stdin.
 *
 * @since 0.1.0
 */
import * as Readline from "node:readline"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"

/**
 * Whether an answer says yes: `o`, `oui`, `y`, `yes` in any case; anything else, an empty line or the end of
 * stdin says no (the safe side: nothing is written).
 *
 * @category guards
 * @since 0.1.0
 */
export const isYes = (answer: string | null): boolean =>
  answer !== null && ["o", "oui", "y", "yes"].includes(answer.trim().toLowerCase())

/**
 * The lines of stdin when `orga batch` reads its script there: a question asked by one of its commands takes
 * the next line as its answer (a second reader on stdin would steal the script's lines).
 *
 * @category services
 * @since 0.1.0
 */
export const ScriptLines = Context.Reference<{ readonly next: Effect.Effect<string | null> } | undefined>(
  "@orga/cli/ScriptLines",
  { defaultValue: () => undefined }
)

/**
 * Reads stdin line by line (null at its end), for `orga batch`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const stdinLines = (): { readonly next: Effect.Effect<string | null>; readonly close: () => void } => {
  const reader = Readline.createInterface({ input: process.stdin, terminal: false })
  const lines = reader[Symbol.asyncIterator]()
  return {
    next: Effect.promise(() => lines.next()).pipe(
      Effect.map((result) => (result.done === true ? null : String(result.value)))
    ),
    close: () => reader.close()
  }
}

const echoed = (text: string | null) => {
  // A terminal echoes the answer and its line feed; piped, stderr's line is ended here.
  if (process.stdin.isTTY !== true) process.stderr.write(`${text ?? ""}\n`)
  return text
}

/**
 * Asks a question on stderr and reads one line of stdin (null at the end of stdin); in `orga batch`, the
 * script's next line.
 *
 * @category constructors
 * @since 0.1.0
 */
export const line = (question: string): Effect.Effect<string | null> =>
  Effect.flatMap(ScriptLines, (script) =>
    script === undefined
      ? ask(question)
      : Effect.sync(() => process.stderr.write(question)).pipe(Effect.andThen(script.next), Effect.map(echoed))
  )

const ask = (question: string): Effect.Effect<string | null> =>
  Effect.callback<string | null>((resume) => {
    process.stderr.write(question)
    const reader = Readline.createInterface({ input: process.stdin, terminal: false })
    let answered = false
    reader.once("line", (text) => {
      answered = true
      echoed(text)
      reader.close()
      resume(Effect.succeed(text))
    })
    reader.once("close", () => {
      if (answered) return
      echoed(null)
      resume(Effect.succeed(null))
    })
    return Effect.sync(() => reader.close())
  })

/**
 * Asks a yes-or-no question (`[o/N]`: no unless the answer says yes).
 *
 * @category constructors
 * @since 0.1.0
 */
export const confirm = (question: string): Effect.Effect<boolean> => Effect.map(line(`${question} [o/N] `), isYes)
