/**
 * What effect's `cli` module needs from the platform, made from Node's own objects (the workspace has no
 * `@effect/platform-node`): the arguments and the terminals' states, the terminal's width for help, and a
 * `FileSystem`/`ChildProcessSpawner` the commands never use (they read and write files with `node:fs`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Path from "effect/Path"
import { ChildProcessSpawner } from "effect/process"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"

/**
 * The CLI's platform layer.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  FileSystem.layerNoop({}),
  Path.layer,
  Stdio.layerTest({
    args: Effect.sync(() => process.argv.slice(2)),
    stdinIsTerminal: Effect.sync(() => process.stdin.isTTY === true),
    stdoutIsTerminal: Effect.sync(() => process.stdout.isTTY === true),
    stderrIsTerminal: Effect.sync(() => process.stderr.isTTY === true)
  }),
  Layer.succeed(
    Terminal.Terminal,
    Terminal.make({
      columns: Effect.sync(() => process.stdout.columns ?? 100),
      rows: Effect.sync(() => process.stdout.rows ?? 24),
      size: Effect.die("orga: la taille du terminal n'est pas suivie"),
      readInput: Effect.die("orga: pas de saisie interactive"),
      readLine: Effect.die("orga: pas de saisie interactive"),
      display: (text) =>
        Effect.sync(() => {
          process.stdout.write(text)
        })
    })
  ),
  Layer.succeed(
    ChildProcessSpawner.ChildProcessSpawner,
    ChildProcessSpawner.make(() => Effect.die("orga: pas de sous-processus"))
  )
)
