/**
 * The bundle `pnpm start` runs (`scripts/bundle.ts`): each module the worker threads load by URL is a file of the
 * bundle, a second start with nothing changed builds nothing, and the entry names the current bundle. That the
 * bundle serves and replays is `process.test.ts`'s `pnpm start`.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir } from "./support.ts"

const script = Path.resolve(import.meta.dirname, "../scripts/bundle.ts")
const addon = Path.resolve(import.meta.dirname, "../../../packages/event-store/native/build/sealed_open.node")

const bundle = (outDir: string) => {
  const run = spawnSync(process.execPath, [script, outDir], { encoding: "utf8" })
  return { status: run.status, output: run.stdout + run.stderr }
}

describe("the app's bundle", () => {
  it("puts every module named by URL beside the code that names it, builds once, and names it in main.mjs", () => {
    const outDir = Path.join(tempDir(), "dist")
    const first = bundle(outDir)
    expect(first.status).toBe(0)
    expect(first.output).toMatch(/^Orga : application compilée en \d+,\d s/)
    const [folder, ...others] = Fs.readdirSync(outDir).filter((name) => name !== "main.mjs")
    expect(others).toEqual([])
    expect(Fs.readFileSync(Path.join(outDir, "main.mjs"), "utf8")).toBe(`import "./${folder}/main.mjs"\n`)
    const dir = Path.join(outDir, folder ?? "")
    const code = Fs.readdirSync(dir)
      .filter((name) => name.endsWith(".mjs"))
      .map((name) => Fs.readFileSync(Path.join(dir, name), "utf8"))
      .join("\n")
    // The workers, the digests they load and the native opener, each named relative to the bundle's own files.
    const named = [...code.matchAll(/new URL\("\.\/([^"]+)", import\.meta\.url\)/g)].map((match) => match[1])
    expect(new Set(named)).toEqual(
      new Set([
        "sqlite-replay-worker.mjs",
        "postgres-replay-worker.mjs",
        "replay-digest.mjs",
        "replay-open.mjs",
        "sealed_open.node"
      ])
    )
    for (const file of named.filter((name): name is string => name !== undefined && name !== "sealed_open.node"))
      expect(Fs.existsSync(Path.join(dir, file))).toBe(true)
    // The native opener is copied when it was built (postinstall, with a C compiler).
    expect(Fs.existsSync(Path.join(dir, "sealed_open.node"))).toBe(Fs.existsSync(addon))
    // Nothing is named from the sources' layout any more (a `.ts` worker, the addon's folder in its package).
    expect(code).not.toMatch(/ReplayWorker\$\{|native\/build\//)
    // The doc comments are left out.
    expect(code).not.toContain("@since")

    const mtime = Fs.statSync(dir).mtimeMs
    const second = bundle(outDir)
    expect(second.status).toBe(0)
    expect(second.output).toBe("")
    expect(Fs.statSync(dir).mtimeMs).toBe(mtime)
    expect(Fs.readdirSync(outDir).sort()).toEqual([folder, "main.mjs"].sort())
  }, 60_000)

  it("keeps the bundle before the current one, for an instance that still runs it, and removes the older", () => {
    const outDir = Path.join(tempDir(), "dist")
    expect(bundle(outDir).status).toBe(0)
    const current = Fs.readdirSync(outDir).find((name) => name !== "main.mjs") ?? ""
    // Two bundles of earlier sources, the older first.
    for (const [name, age] of [
      ["0000000000000001", 3_600],
      ["0000000000000002", 60]
    ] as const) {
      Fs.mkdirSync(Path.join(outDir, name))
      const time = new Date(Date.now() - age * 1000)
      Fs.utimesSync(Path.join(outDir, name), time, time)
    }
    expect(bundle(outDir).status).toBe(0)
    expect(Fs.readdirSync(outDir).sort()).toEqual([current, "0000000000000002", "main.mjs"].sort())
  }, 60_000)
})
