#!/usr/bin/env node
/**
 * `orga`: the back office and every workflow of Orga from a terminal (see README.md). Parses the command line
 * with effect's `cli` module, runs the command over the store of the environment, and turns any failure into
 * one French sentence on stderr and the exit code of `ExitCode.table` (`Invoke.line`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Environment from "./Environment.ts"
import * as Help from "./Help.ts"
import * as Invoke from "./Invoke.ts"

const argv = process.argv.slice(2)

const exit = await Effect.runPromiseExit(Invoke.line(argv).pipe(Effect.provide([Environment.layer, Help.layer()])))
// `Invoke.line` reports every failure itself; only a defect of the reporting is left here.
if (exit._tag === "Failure") {
  process.stderr.write("Erreur inattendue : le rapport d'erreur a échoué.\n")
  process.exitCode = 1
}
