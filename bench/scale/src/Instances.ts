/**
 * App instances as `pnpm start` runs them (the app's bundle, `apps/http/dist/main.mjs`, with `DATABASE_URL`), each a
 * child process on its own port and data dir, over one PostgreSQL database: the time each takes to answer `/ready`
 * (the library's read models caught up with the log) and its resident memory, read from `/proc/<pid>/status`.
 *
 * @since 0.1.0
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"

/**
 * A running instance.
 *
 * @category models
 * @since 0.1.0
 */
export interface Instance {
  readonly name: string
  readonly url: string
  readonly child: ChildProcess
  /** Milliseconds from the spawn to the first `/ready` answered 200. */
  readonly readyMillis: number
}

const appDir = Path.resolve(import.meta.dirname, "../../../apps/http")
let appMain: string | undefined

/**
 * The module the instances run: what `pnpm start` runs, the app's bundle (built, or found up to date, at the first
 * call), or the one `SCALE_APP_MAIN` names (`apps/http/src/main.ts`: the sources, as the tests run them).
 *
 * @category constructors
 * @since 0.3.0
 */
export const entry = (): string => {
  if (appMain === undefined) {
    const chosen = process.env.SCALE_APP_MAIN
    if (chosen !== undefined && chosen !== "") appMain = Path.resolve(chosen)
    else {
      const built = spawnSync(process.execPath, [Path.join(appDir, "scripts/bundle.ts")], { stdio: "inherit" })
      if (built.status !== 0) throw new Error(`the app's bundle failed (exit ${built.status ?? built.signal})`)
      appMain = Path.join(appDir, "dist/main.mjs")
    }
  }
  return appMain
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/**
 * Starts one instance and resolves once it answers `/ready` (fails if it exits first or takes over `timeout`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const start = async (name: string, env: Record<string, string>, timeoutMillis = 600_000): Promise<Instance> => {
  const port = await freePort()
  // Each its own data dir (outbox, the master key file it does not use), unless `env` names one (SQLite's log).
  const dataDir = env.DATA_DIR ?? Fs.mkdtempSync(Path.join(Os.tmpdir(), `orga-scale-${name}-`))
  const began = performance.now()
  // `SCALE_NODE_FLAGS`: flags Node refuses in NODE_OPTIONS (`--trace-gc`), given on its command line.
  const flags = (process.env.SCALE_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "")
  const child = spawn(process.execPath, [...flags, entry()], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"]
  })
  // One JSON line per request: read and dropped, so that the pipe never blocks the instance. `SCALE_LOGS=<dir>`
  // keeps the other lines (the app's own messages, requests answered other than 2xx, `--trace-gc` given in
  // `SCALE_NODE_FLAGS`) in <dir>/<name>.log.
  const logs = process.env.SCALE_LOGS
  if (logs === undefined) child.stdout?.resume()
  else {
    Fs.mkdirSync(logs, { recursive: true })
    const file = Fs.createWriteStream(Path.join(logs, `${name}.log`), { flags: "a" })
    let partial = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n")
      partial = lines.pop() ?? ""
      // A request's line is kept when it did not succeed (what a load's failures were).
      const kept = lines.filter((line) => !(line.includes('"msg":"request"') && line.includes('"status":2')))
      if (kept.length > 0)
        file.write(`${kept.map((line) => `${Math.round(performance.now() - began)} ${line}`).join("\n")}\n`)
    })
    child.once("exit", () => file.end())
  }
  let errors = ""
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString("utf8")).slice(-4000)
  })
  const url = `http://127.0.0.1:${port}`
  let exited: string | undefined
  child.once("exit", (code, signal) => {
    exited = `${code ?? signal}`
  })
  while (performance.now() - began < timeoutMillis) {
    if (exited !== undefined) throw new Error(`l'instance ${name} s'est arrêtée (${exited}) : ${errors}`)
    const ready = await fetch(`${url}/ready`).then(
      (response) => response.status === 200,
      () => false
    )
    if (ready) return { name, url, child, readyMillis: performance.now() - began }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill("SIGKILL")
  throw new Error(`l'instance ${name} n'est pas prête après ${timeoutMillis} ms : ${errors}`)
}

/**
 * The instance's resident memory now and at its peak, in MB (`VmRSS`, `VmHWM`).
 *
 * @category getters
 * @since 0.1.0
 */
export const memory = (instance: Instance): { readonly rss: number; readonly peak: number } => {
  const status = Fs.readFileSync(`/proc/${instance.child.pid}/status`, "utf8")
  const field = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) / 1024
  return { rss: field("VmRSS"), peak: field("VmHWM") }
}

/**
 * Stops an instance (SIGTERM, as a deployment does) and waits for its exit.
 *
 * @category constructors
 * @since 0.1.0
 */
export const stop = (instance: Instance): Promise<void> =>
  new Promise((resolve) => {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) return resolve()
    const timer = setTimeout(() => instance.child.kill("SIGKILL"), 15_000)
    instance.child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    instance.child.kill("SIGTERM")
  })
