/**
 * One `orga` command line, run and reported: effect's `cli` parses it and runs its handler, and any failure
 * becomes one French sentence on stderr and the exit code of `ExitCode.table` (`Report.failure`). `main.ts` runs
 * the process's arguments through it, and `orga batch` each line of its script.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import { CliError, Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as ExitCode from "./ExitCode.ts"
import * as Report from "./Report.ts"
import { root } from "./Root.ts"
import * as Usage from "./Usage.ts"

/**
 * Reports how a command line ended, and answers its exit code (0 when it succeeded).
 *
 * @category constructors
 * @since 0.1.0
 */
export const report = (exit: Exit.Exit<unknown, unknown>, options: { readonly json: boolean }): number => {
  if (Exit.isSuccess(exit)) return 0
  const error = Cause.findErrorOption(exit.cause)
  if (error._tag === "None") return Report.failure(Cause.squash(exit.cause), options).exitCode
  const value = error.value
  if (!CliError.isCliError(value)) return Report.failure(value, options).exitCode
  // `ShowHelp` without errors is `orga` or a group alone: the help is shown, the usage code says nothing ran.
  const problems = value._tag === "ShowHelp" ? value.errors : [value]
  if (problems.length === 0) {
    const usage = ExitCode.named("usage").exitCode
    process.exitCode = usage
    return usage
  }
  const path = value._tag === "ShowHelp" ? value.commandPath.join(" ") : "orga"
  const message = `${problems.map(Usage.french).join(" ; ")} ; voir ${path} --help`
  return Report.failure({ _tag: "CliError", message }, options).exitCode
}

/**
 * Runs one command line (the arguments after `orga`) and reports it; answers its exit code.
 *
 * @category constructors
 * @since 0.1.0
 */
export const line = (argv: ReadonlyArray<string>): Effect.Effect<number, never, Command.Environment> =>
  // `renderErrors` tells the presenter (`Help.layer`) a parse error from a help request: the help is printed for
  // `--help` or a group alone, and a parse error gets only its French sentence (stdout stays clean for `--json`).
  Command.runWith(root, { version: "0.1.0", renderErrors: true })(argv).pipe(
    Effect.exit,
    Effect.map((exit) => report(exit, { json: argv.includes("--json") }))
  )
