/**
 * `pnpm build`: compiles every published package (those with a `tsconfig.build.json`) to JavaScript with
 * declarations in its `dist/`, which `pnpm pack` ships (docs/adr/0032-built-packages.md). The workspace itself
 * never needs it: its tests, demo and benches run the `.ts` sources by type stripping.
 *
 * Each package builds on its own against the sources of the others (the workspace's exports point at `src/`),
 * so the order does not matter. Exits non-zero when any build fails.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..")
const tsc = Path.join(root, "node_modules", ".bin", "tsc")
const packagesRoot = Path.join(root, "packages")

const published = Fs.readdirSync(packagesRoot)
  .filter((name) => Fs.existsSync(Path.join(packagesRoot, name, "tsconfig.build.json")))
  .sort()

let failures = 0
for (const name of published) {
  const dir = Path.join(packagesRoot, name)
  // A stale module left by a renamed source would otherwise ship.
  Fs.rmSync(Path.join(dir, "dist"), { recursive: true, force: true })
  const run = spawnSync(tsc, ["-p", Path.join(dir, "tsconfig.build.json")], { stdio: "inherit" })
  if (run.status !== 0) {
    failures++
    console.error(`packages/${name}: build failed (exit ${run.status ?? run.signal})`)
  } else console.log(`packages/${name}: built in packages/${name}/dist`)
}
process.exit(failures === 0 && published.length > 0 ? 0 : 1)
