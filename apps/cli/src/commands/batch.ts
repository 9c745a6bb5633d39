/**
 * `orga batch`: several commands in one process, read from stdin one line at a time as they come (a script, a
 * here-document, or a program that writes a line and reads the answer). The library's services are built once
 * (one rebuild of the read models instead of one per command), and what the library keeps in its process lives
 * across the lines: a SIECLE preview is confirmed without its file (`students import preview`, then
 * `students import confirm`, ADR 0052). From a script it stops at the first command that fails, with that command's
 * exit code; at a terminal it prompts (`orga> `) and goes on.
 *
 * @since 0.1.0
 */
import { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { BadArgument } from "../Failure.ts"
import * as Prompt from "../Prompt.ts"
import * as Report from "../Report.ts"
import { examples, SharedOrga } from "../Run.ts"
import * as Settings from "../Settings.ts"
import * as Store from "../Store.ts"

/**
 * A script line's words, as a shell splits them: spaces separate, `'…'` and `"…"` quote, `\` escapes the next
 * character (outside single quotes). Undefined for a quote left open.
 *
 * @category getters
 * @since 0.1.0
 */
export const words = (line: string): ReadonlyArray<string> | undefined => {
  const result: Array<string> = []
  let current = ""
  let started = false
  let quote: "'" | '"' | null = null
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string
    if (quote === "'") {
      if (char === "'") quote = null
      else current += char
    } else if (char === "\\" && index + 1 < line.length) {
      current += line[++index]
      started = true
    } else if (quote === '"') {
      if (char === '"') quote = null
      else current += char
    } else if (char === "'" || char === '"') {
      quote = char
      started = true
    } else if (/\s/.test(char)) {
      if (started) result.push(current)
      current = ""
      started = false
    } else {
      current += char
      started = true
    }
  }
  if (quote !== null) return undefined
  if (started) result.push(current)
  return result
}

/** The batch's own `--as` and `--json`, for the lines that do not give theirs. */
const withDefaults = (args: ReadonlyArray<string>, as: Option.Option<string>, json: boolean) => [
  ...(Option.isSome(as) && !args.includes("--as") ? ["--as", as.value] : []),
  ...(json && !args.includes("--json") ? ["--json"] : []),
  ...args
]

/**
 * `orga batch`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("batch", {}, () =>
  Effect.gen(function* () {
    if ((yield* Prompt.ScriptLines) !== undefined)
      return yield* new BadArgument({ code: "NESTED_BATCH", message: "orga batch ne peut pas lancer orga batch." })
    const as = yield* Settings.As
    const json = yield* Settings.Json
    // Loaded when run: `Invoke` runs the root command, which lists this one.
    const Invoke = yield* Effect.promise(() => import("../Invoke.ts"))
    const shared = yield* Layer.build(Store.orga())
    const script = Prompt.stdinLines()
    yield* Effect.addFinalizer(() => Effect.sync(script.close))
    // At a terminal, a person types the commands: a prompt, and a failure does not end the session (its code
    // stays the process's exit code); from a script, the first failure stops it.
    const person = process.stdin.isTTY === true
    let number = 0
    while (true) {
      if (person) process.stderr.write("orga> ")
      const line = yield* script.next
      if (line === null) return
      number++
      const trimmed = line.trim()
      if (trimmed === "" || trimmed.startsWith("#")) continue
      const args = words(trimmed)
      const code =
        args === undefined
          ? Report.failure({ _tag: "CliError", message: "un guillemet n'est pas fermé" }, { json }).exitCode
          : yield* Invoke.line(withDefaults(args, as, json)).pipe(
              Effect.provideService(SharedOrga, shared),
              Effect.provideService(Prompt.ScriptLines, script)
            )
      if (code !== 0 && !person) {
        process.stderr.write(`orga batch : arrêt à la ligne ${number} (${trimmed}).\n`)
        return
      }
    }
  }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(
    "Lit des commandes sur l'entrée standard, une par ligne, dans un même processus (les aperçus d'import s'y confirment) ; s'arrête à la première en échec, avec son code."
  ),
  Command.withExamples(
    examples(
      ["orga --as claire --json batch < commandes.txt", "Les commandes de commandes.txt (sans « orga » devant)"],
      [
        "coproc orga --as claire --json batch",
        "Un script qui lit chaque réponse (l'identifiant d'un aperçu) avant d'écrire la ligne suivante"
      ]
    )
  )
)
