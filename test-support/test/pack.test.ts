/**
 * Pack and install: what another service gets from `npm install @orga/orga`. Builds the published packages
 * (`pnpm build`), packs each with `pnpm pack` (which applies their `publishConfig` exports and turns
 * `workspace:` ranges into versions), installs the tarballs with plain npm into a scratch project outside the
 * workspace, and runs there, from the built JavaScript:
 *
 * - the `@orga/orga` README's usage example, taken from the README itself, on the pinned Node 24 and on Node 22
 *   (installed by this test from the npm registry, as the `node-<platform>-<arch>` package);
 * - the import of `@orga/orga`, which loads no store adapter and no `pg` (docs/adr/0033-store-entry-points.md);
 * - the replay readers' worker threads of both store packages, which start a module beside their own;
 * - TypeScript over the example, against the published declarations.
 *
 * Downloads (npm's cache, the Node 22 binary) are kept in `node_modules/.cache/orga-pack`, so a rerun installs
 * from the cache.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"

const root = Path.resolve(import.meta.dirname, "../..")
const published = [
  "domain",
  "event-store",
  "event-store-sqlite",
  "event-store-postgres",
  "event-store-kurrentdb",
  "siecle",
  "orga"
]
const cache = Path.join(root, "node_modules", ".cache", "orga-pack")
const node24 = Path.join(root, "node_modules", ".bin", "node")
/** The Node 22 the packages are also run on: the newest 22.x the registry serves here (engines: >=22.19). */
const node22Version = "22.23.5"

/** The environment of npm: the pinned Node first on the PATH, and none of the settings pnpm exports to scripts. */
const npmEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(key) || key.toLowerCase() === "npm_config_registry") env[key] = value
  }
  env.PATH = `${Path.dirname(node24)}${Path.delimiter}${process.env.PATH ?? ""}`
  env.npm_config_cache = Path.join(cache, "npm")
  env.npm_config_update_notifier = "false"
  env.npm_config_audit = "false"
  env.npm_config_fund = "false"
  return env
}

/** Runs a command, failing with its output when it exits non-zero. */
const run = (command: string, args: ReadonlyArray<string>, cwd: string, env = process.env): string => {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, { cwd, env, encoding: "utf8" })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`
    )
  }
  return result.stdout
}

const npm = (args: ReadonlyArray<string>, cwd: string) =>
  run("npm", ["--prefer-offline", "--no-audit", "--no-fund", ...args], cwd, npmEnv())

/** The README's usage example (its first `ts` block under `## Usage`) and the answer the README gives for it. */
const readmeExample = (): { readonly code: string; readonly answer: unknown } => {
  const readme = Fs.readFileSync(Path.join(root, "packages", "orga", "README.md"), "utf8")
  const code = /## Usage[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  const answer = /`main\(\)` answers `(\[[^`]*\])`/.exec(readme)?.[1]
  if (code === undefined || answer === undefined) {
    throw new Error("packages/orga/README.md has no `ts` block under `## Usage`, or no '`main()` answers `[...]`'")
  }
  return { code, answer: JSON.parse(answer) }
}

/** A Node 22 binary, installed once into the cache from the npm registry (no other download source is needed). */
const installNode22 = (): string => {
  const packageName = `node-${process.platform}-${process.arch}`
  const prefix = Path.join(cache, `node-v${node22Version}`)
  const binary = Path.join(prefix, "node_modules", packageName, "bin", "node")
  if (!Fs.existsSync(binary)) {
    Fs.mkdirSync(prefix, { recursive: true })
    npm(["install", "--prefix", prefix, "--no-save", `${packageName}@${node22Version}`], prefix)
  }
  return binary
}

/** Lists, after each entry point it imports, the packages loaded so far (resolved under `node_modules`). */
const loadedScript = `import { registerHooks } from "node:module"
const loaded = new Set()
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context)
    const name = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url.slice(result.url.lastIndexOf("/node_modules/")))
    if (name !== null) loaded.add(name[1])
    return result
  }
})
const report = []
for (const entry of process.argv.slice(2)) {
  await import(entry)
  report.push({ entry, loaded: [...loaded].sort() })
}
console.log(JSON.stringify(report))
`

/** Five events in one stream, then the replay pages of two events each: the pages after the first are read on a worker. */
const replayProgram = (open: string, pages: string) => `
const events = [1, 2, 3, 4, 5].map((n) => ({ id: "e" + n, type: "Happened", data: { n } }))
const pages = await Effect.runPromise(
  Effect.scoped(
    Effect.gen(function* () {
      ${open}
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events }])
      return yield* Stream.runCollect(${pages})
    })
  )
)
console.log(JSON.stringify(Array.from(pages, (page) => page.data)))
`

const sqliteReplayScript = `import { ExpectedVersion } from "@orga/event-store"
import { SqliteEventStore, SqliteReplay } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
${replayProgram(
  "const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename: process.argv[2] })",
  "SqliteReplay.pages(database, { pageSize: 2 })(0n)"
)}`

const postgresReplayScript = `import { ExpectedVersion } from "@orga/event-store"
import { PostgresEventStore, PostgresReplay } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
const [connectionString, schema] = process.argv.slice(2)
${replayProgram(
  "const store = yield* PostgresEventStore.make({ connectionString, schema })",
  // Without the store's pool every page is read on the worker, over its own connection.
  "PostgresReplay.pages({ connectionString, schema }, { pageSize: 2 })(0n)"
)}`

/**
 * The store entries' layers, typed from the published declarations. The tag's type comes through the relative `.ts`
 * specifiers tsc leaves in `.d.ts` files: were they unresolved, it would be `any` and the expected error would not come.
 */
const typesProbe = `import { EventStore } from "@orga/event-store"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import type * as Layer from "effect/Layer"

export const stores: ReadonlyArray<Layer.Layer<EventStore.EventStore, unknown>> = [
  Sqlite.layer("./orga.db"),
  Postgres.layer("postgres://localhost/orga")
]
// @ts-expect-error a service tag is not a number
export const tag: number = EventStore.EventStore
`

const replayed = [[{ n: 1 }, { n: 2 }], [{ n: 3 }, { n: 4 }], [{ n: 5 }]]

describe("the published packages, packed and installed with npm outside the workspace", () => {
  const scratch = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-pack-"))
  const tarballs = Path.join(scratch, "tarballs")
  const app = Path.join(scratch, "app")
  const tarball = (name: string) => Path.join(tarballs, `orga-${name}-0.1.0.tgz`)
  const example = readmeExample()
  let node22 = ""
  const nodes = (): ReadonlyArray<readonly [string, string]> => [
    ["24", node24],
    ["22", node22]
  ]

  beforeAll(() => {
    run(node24, [Path.join(root, "scripts", "build.ts")], root)
    Fs.mkdirSync(tarballs)
    for (const name of published) {
      run("pnpm", ["pack", "--pack-destination", tarballs], Path.join(root, "packages", name))
    }
    Fs.mkdirSync(app)
    Fs.writeFileSync(
      Path.join(app, "package.json"),
      JSON.stringify({ name: "orga-pack-scratch", private: true, type: "module" })
    )
    // Everything but the PostgreSQL and KurrentDB stores: what a SQLite user installs.
    const serverStores = new Set(["event-store-postgres", "event-store-kurrentdb"])
    npm(["install", ...published.filter((name) => !serverStores.has(name)).map(tarball)], app)
    Fs.writeFileSync(Path.join(app, "usage.ts"), example.code)
    Fs.writeFileSync(
      Path.join(app, "run-usage.mjs"),
      `import { main } from "./usage.ts"\nconsole.log(JSON.stringify(await main()))\n`
    )
    Fs.writeFileSync(Path.join(app, "loaded.mjs"), loadedScript)
    Fs.writeFileSync(Path.join(app, "sqlite-replay.mjs"), sqliteReplayScript)
    Fs.writeFileSync(Path.join(app, "postgres-replay.mjs"), postgresReplayScript)
    node22 = installNode22()
  }, 600_000)

  afterAll(() => Fs.rmSync(scratch, { recursive: true, force: true }))

  it("ships the built JavaScript and declarations, not the sources, with every workspace range made a version", () => {
    for (const name of published) {
      const manifest = JSON.parse(run("tar", ["-xzOf", tarball(name), "package/package.json"], scratch)) as {
        readonly private?: boolean
        readonly exports: Record<string, { readonly types: string; readonly import: string }>
      }
      const sourceExports = (
        JSON.parse(Fs.readFileSync(Path.join(root, "packages", name, "package.json"), "utf8")) as {
          readonly exports: Record<string, string>
        }
      ).exports
      const files = new Set(run("tar", ["-tzf", tarball(name)], scratch).split("\n"))
      // Every subpath of the workspace is published, each with its declarations and its module in the tarball.
      expect({ name, subpaths: Object.keys(manifest.exports) }).toEqual({ name, subpaths: Object.keys(sourceExports) })
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        expect({ name, subpath, types: files.has(`package/${target.types.slice(2)}`) }).toEqual({
          name,
          subpath,
          types: true
        })
        expect({ name, subpath, import: files.has(`package/${target.import.slice(2)}`) }).toEqual({
          name,
          subpath,
          import: true
        })
      }
      expect({ name, private: manifest.private }).toEqual({ name, private: undefined })
      expect(JSON.stringify(manifest)).not.toContain("workspace:")
      expect([...files].filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([])
    }
  }, 60_000)

  it("installs @orga/orga without pg: the PostgreSQL store is an optional peer", { timeout: 60_000 }, () => {
    expect(Path.relative(root, app).startsWith("..")).toBe(true)
    expect(Fs.existsSync(Path.join(app, "node_modules", "@orga", "orga", "dist", "index.js"))).toBe(true)
    expect(Fs.existsSync(Path.join(app, "node_modules", "pg"))).toBe(false)
    expect(Fs.existsSync(Path.join(app, "node_modules", "@orga", "event-store-postgres"))).toBe(false)
    // An app that imports the PostgreSQL entry without the peer is told which package it lacks.
    expect(() => run(node24, ["--input-type=module", "-e", 'await import("@orga/orga/postgres")'], app)).toThrow(
      /ERR_MODULE_NOT_FOUND[\s\S]*@orga\/event-store-postgres|@orga\/event-store-postgres[\s\S]*ERR_MODULE_NOT_FOUND/
    )
  })

  it("runs the README's usage example on the pinned Node 24 and on Node 22", () => {
    for (const [version, node] of nodes()) {
      expect(run(node, ["--version"], app).trim()).toMatch(new RegExp(`^v${version}\\.`))
      expect({ node: version, answer: JSON.parse(run(node, ["run-usage.mjs"], app)) }).toEqual({
        node: version,
        answer: example.answer
      })
    }
  }, 60_000)

  it("reads a SQLite log's replay pages on a worker thread started from the built modules", () => {
    for (const [version, node] of nodes()) {
      const data = JSON.parse(run(node, ["sqlite-replay.mjs", Path.join(scratch, `replay-${version}.db`)], app))
      expect({ node: version, data }).toEqual({ node: version, data: replayed })
    }
  }, 60_000)

  it("loads no store adapter and no pg when importing @orga/orga; the SQLite entry loads only its own store", () => {
    const [core, sqlite] = JSON.parse(run(node24, ["loaded.mjs", "@orga/orga", "@orga/orga/sqlite"], app)) as Array<{
      readonly loaded: ReadonlyArray<string>
    }>
    expect(core?.loaded).toEqual(expect.arrayContaining(["@orga/orga", "@orga/domain", "@orga/event-store", "effect"]))
    expect(core?.loaded).not.toContain("@orga/event-store-sqlite")
    expect(core?.loaded).not.toContain("@orga/event-store-postgres")
    expect(core?.loaded).not.toContain("pg")
    expect(sqlite?.loaded).toContain("@orga/event-store-sqlite")
    expect(sqlite?.loaded).not.toContain("pg")
  }, 60_000)

  it("with the PostgreSQL peer installed: the core import still loads no pg, @orga/orga/postgres does, and its replay reads on a worker", () => {
    npm(["install", tarball("event-store-postgres")], app)
    expect(Fs.existsSync(Path.join(app, "node_modules", "pg"))).toBe(true)
    const [core, postgres] = JSON.parse(
      run(node24, ["loaded.mjs", "@orga/orga", "@orga/orga/postgres"], app)
    ) as Array<{
      readonly loaded: ReadonlyArray<string>
    }>
    expect(core?.loaded).not.toContain("pg")
    expect(postgres?.loaded).toEqual(expect.arrayContaining(["@orga/event-store-postgres", "pg"]))
    const schema = `orga_pack_${process.pid}_${Date.now()}`
    const data = JSON.parse(run(node24, ["postgres-replay.mjs", inject("databaseUrl"), schema], app))
    expect(data).toEqual(replayed)
  }, 120_000)

  it("type-checks the README's example and both store entries against the published declarations", () => {
    Fs.writeFileSync(
      Path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          // The packages' declarations name Node's globals (`URL`); the scratch project has no @types/node.
          skipLibCheck: true,
          types: []
        },
        files: ["usage.ts", "types.ts"]
      })
    )
    Fs.writeFileSync(Path.join(app, "types.ts"), typesProbe)
    run(Path.join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], app)
    // The check can fail: a wrong use of the same declarations is refused.
    Fs.writeFileSync(Path.join(app, "types.ts"), typesProbe.replace("// @ts-expect-error", "//"))
    expect(() => run(Path.join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], app)).toThrow(/TS2322/)
  }, 60_000)
})
