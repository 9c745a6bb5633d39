/**
 * `pnpm start`'s first step: bundles the app into `apps/http/dist/` (rolldown), so that the process that serves
 * runs compiled JavaScript with only the code it calls (docs/adr/0061-bundled-start.md). An instance so started
 * holds about 35 MB less than one run from the sources: Node's type stripping is never loaded, and the modules of
 * effect that the app does not use are left out.
 *
 * The replay's worker threads run modules of their own, named by URL (`SqliteReplay`, `PostgresReplay`,
 * `ReplayDigest`, `ReplayOpen`), and the native opener of sealed values sits beside its package: each is an entry of
 * the bundle (or a copied file) and the line that names it is rewritten to name the bundled file. A rewrite that no
 * longer finds its line fails the build, so that a renamed module cannot leave a bundle that breaks at its first
 * replay.
 *
 * Each bundle goes to a folder named by a digest of what it is built from (the sources, the lockfile, this script,
 * the native addon), and `<outDir>/main.mjs` imports the current one. A start with nothing changed builds nothing;
 * one after a change builds beside the folder that a running instance may still read its workers from, and keeps
 * the two most recent. Usage: `node apps/http/scripts/bundle.ts [outDir]`; exits non-zero when the bundle fails.
 */
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import type { Plugin } from "rolldown"

const root = Path.resolve(import.meta.dirname, "../../..")
const outDir = Path.resolve(process.argv[2] ?? Path.join(root, "apps/http/dist"))
const source = (path: string) => Path.join(root, path)

/** The entries: the app and the modules its worker threads load by URL, each in a file of its own name. */
const entries = {
  main: source("apps/http/src/main.ts"),
  "sqlite-replay-worker": source("packages/event-store-sqlite/src/internal/ReplayWorker.ts"),
  "postgres-replay-worker": source("packages/event-store-postgres/src/internal/ReplayWorker.ts"),
  "replay-digest": source("packages/orga/src/internal/ReplayDigest.ts"),
  "replay-open": source("packages/orga/src/internal/ReplayOpen.ts")
}

/** Each module that names another file by URL: what it names, and what names the bundled file instead. */
const rewrites: ReadonlyArray<{ readonly file: string; readonly from: RegExp; readonly to: string }> = [
  {
    file: source("packages/event-store-sqlite/src/SqliteReplay.ts"),
    from: /new URL\(\s*`\.\/internal\/ReplayWorker\$\{[^}]*\}`,\s*import\.meta\.url\s*\)/,
    to: 'new URL("./sqlite-replay-worker.mjs", import.meta.url)'
  },
  {
    file: source("packages/event-store-postgres/src/PostgresReplay.ts"),
    from: /new URL\(\s*`\.\/internal\/ReplayWorker\$\{[^}]*\}`,\s*import\.meta\.url\s*\)/,
    to: 'new URL("./postgres-replay-worker.mjs", import.meta.url)'
  },
  {
    file: source("packages/orga/src/internal/ReplayDigest.ts"),
    from: /new URL\(import\.meta\.url\)/,
    to: 'new URL("./replay-digest.mjs", import.meta.url)'
  },
  {
    file: source("packages/orga/src/internal/ReplayOpen.ts"),
    from: /new URL\(import\.meta\.url\)/,
    to: 'new URL("./replay-open.mjs", import.meta.url)'
  },
  {
    file: source("packages/event-store/src/SealedNative.ts"),
    from: /new URL\("\.\.\/native\/build\/sealed_open\.node", import\.meta\.url\)/,
    to: 'new URL("./sealed_open.node", import.meta.url)'
  }
]

const applied = new Set<string>()
const rewriting: Plugin = {
  name: "orga-module-urls",
  transform(code, id) {
    const rewrite = rewrites.find((entry) => entry.file === id)
    if (rewrite === undefined) return null
    if (!rewrite.from.test(code))
      throw new Error(`${Path.relative(root, id)} : la ligne qui nomme un module (${rewrite.from}) est introuvable.`)
    applied.add(id)
    return { code: code.replace(rewrite.from, rewrite.to) }
  }
}

/** The files a bundle is built from, in a stable order: a change to any of them is a new bundle. */
const inputs = (): Array<string> => {
  const files: Array<string> = []
  const walk = (dir: string) => {
    for (const entry of Fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = Path.join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith(".ts")) files.push(path)
    }
  }
  for (const scope of ["apps", "packages"])
    for (const name of Fs.readdirSync(source(scope)).sort()) {
      const dir = source(`${scope}/${name}/src`)
      if (Fs.existsSync(dir)) walk(dir)
    }
  return [...files, source("pnpm-lock.yaml"), import.meta.filename, addon].filter((file) => Fs.existsSync(file))
}

const digestOf = (files: ReadonlyArray<string>): string => {
  const hash = Crypto.createHash("sha256")
  for (const file of files) hash.update(Path.relative(root, file)).update("\0").update(Fs.readFileSync(file))
  return hash.digest("hex").slice(0, 16)
}

const bundleInto = async (dir: string) => {
  const { build } = await import("rolldown")
  await build({
    input: entries,
    platform: "node",
    // Native addons and CommonJS packages that load optional modules at run time stay in node_modules.
    external: [/^@node-rs\//, /^pg(\/|$)/, /^nodemailer(\/|$)/],
    plugins: [rewriting],
    logLevel: "warn",
    output: {
      dir,
      format: "esm",
      entryFileNames: "[name].mjs",
      // Beside the entries: a rewritten URL is resolved against whichever file its module lands in.
      chunkFileNames: "[name]-[hash].mjs",
      // The doc comments are a third of the sources, and Node keeps a module's text while it runs: left out.
      comments: { legal: true, annotation: false, jsdoc: false },
      // No source maps: Node reads them only with --enable-source-maps, and holds them in memory then (8 MB).
      sourcemap: false
    }
  })
  const missed = rewrites.filter((rewrite) => !applied.has(rewrite.file))
  // A module no longer in the bundle: its rewrite is stale and should go with it.
  if (missed.length > 0)
    throw new Error(`modules absents du regroupement : ${missed.map((entry) => Path.relative(root, entry.file))}`)
  // Absent when no C compiler built it: the app then opens sealed values with node:crypto (ADR 0057).
  if (Fs.existsSync(addon)) Fs.copyFileSync(addon, Path.join(dir, "sealed_open.node"))
}

/** Writes a file whole or not at all: a start that reads it meanwhile sees the old one or the new one. */
const writeAtomically = (file: string, text: string) => {
  const partial = `${file}.${process.pid}.tmp`
  Fs.writeFileSync(partial, text)
  Fs.renameSync(partial, file)
}

const addon = source("packages/event-store/native/build/sealed_open.node")
const began = performance.now()
const digest = digestOf(inputs())
const target = Path.join(outDir, digest)
Fs.mkdirSync(outDir, { recursive: true })
if (!Fs.existsSync(target)) {
  const partial = `${target}.${process.pid}.tmp`
  let failure: string | undefined
  try {
    await bundleInto(partial)
    Fs.renameSync(partial, target)
  } catch (error) {
    // Another start that built the same bundle meanwhile has already put it there: its copy is kept.
    if (!Fs.existsSync(target)) failure = error instanceof Error ? error.message : String(error)
  }
  // Before exiting: `process.exit` would skip a `finally`, and leave the partial folder behind.
  Fs.rmSync(partial, { recursive: true, force: true })
  if (failure !== undefined) {
    console.error(`Orga : la compilation de l'application a échoué.\n${failure}`)
    process.exit(1)
  }
  const seconds = ((performance.now() - began) / 1000).toFixed(1).replace(".", ",")
  console.log(`Orga : application compilée en ${seconds} s (${Path.relative(root, outDir) || outDir}).`)
}
writeAtomically(Path.join(outDir, "main.mjs"), `import "./${digest}/main.mjs"\n`)
// The current bundle and the one before it (an instance started from it may still load its workers); the rest go.
const bundles = Fs.readdirSync(outDir)
  .filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== digest)
  .map((name) => ({ name, time: Fs.statSync(Path.join(outDir, name)).mtimeMs }))
  .sort((a, b) => b.time - a.time)
for (const old of bundles.slice(1)) Fs.rmSync(Path.join(outDir, old.name), { recursive: true, force: true })
