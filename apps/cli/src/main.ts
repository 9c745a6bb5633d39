#!/usr/bin/env node
/**
 * `orga`: the back office and every workflow of Orga from a terminal (see README.md). Parses the command line
 * with effect's `cli` module, runs the command over the store of the environment, and turns any failure into
 * one French sentence on stderr and the exit code of `ExitCode.table`.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import { CliError, Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Environment from "./Environment.ts"
import * as ExitCode from "./ExitCode.ts"
import * as Help from "./Help.ts"
import * as Report from "./Report.ts"
import { root } from "./Root.ts"
import * as Usage from "./Usage.ts"

const argv = process.argv.slice(2)
const json = argv.includes("--json")

const exit = await Effect.runPromiseExit(
  // `renderErrors` tells the presenter (`Help.layer`) a parse error from a help request: the help is printed for
  // `--help` or a group alone, and a parse error gets only its French sentence (stdout stays clean for `--json`).
  Command.runWith(root, { version: "0.1.0", renderErrors: true })(argv).pipe(
    Effect.provide([Environment.layer, Help.layer()])
  )
)
if (Exit.isFailure(exit)) {
  const error = Cause.findErrorOption(exit.cause)
  if (error._tag === "Some") {
    const value = error.value
    if (CliError.isCliError(value)) {
      // `ShowHelp` without errors is `orga` or a group alone: the help is shown, the usage code says nothing ran.
      const problems = value._tag === "ShowHelp" ? value.errors : [value]
      if (problems.length === 0) process.exitCode = ExitCode.named("usage").exitCode
      else {
        const path = value._tag === "ShowHelp" ? value.commandPath.join(" ") : "orga"
        const message = `${problems.map(Usage.french).join(" ; ")} ; voir ${path} --help`
        Report.failure({ _tag: "CliError", message }, { json })
      }
    } else Report.failure(value, { json })
  } else Report.failure(Cause.squash(exit.cause), { json })
}
