/**
 * A PostgreSQL cluster kept between runs (`SCALE_PG_DIR`): the académie's log written once into a template database
 * and copied for every run, so that a re-run skips the minutes of writing it, and starts from the same log (a run's
 * rentrée appends to its copy, never to the template). The key the log was sealed with is kept beside it.
 *
 * The cluster is created (initdb, durable, 1 GB of shared buffers) when the folder is empty, started for the run and
 * stopped after it; its files stay.
 *
 * @since 0.3.0
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"
import { findPostgresBin } from "@orga/test-support/postgres-cluster"
import Pg from "pg"

/**
 * A running kept cluster: the URL of its maintenance database, the master key of its logs, and `stop`.
 *
 * @category models
 * @since 0.3.0
 */
export interface Kept {
  readonly url: (database: string) => string
  readonly masterKey: string
  readonly stop: () => void
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0

// PostgreSQL refuses to run as root: its tools run as `postgres` then.
const runPg = (bin: string, args: ReadonlyArray<string>): void => {
  if (isRoot()) {
    const quoted = [bin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ")
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { stdio: "pipe" })
  } else execFileSync(bin, [...args], { stdio: "pipe" })
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/**
 * Starts the cluster kept in `dir` (made on the first run), with the master key kept in `dir/master.key`.
 *
 * @category constructors
 * @since 0.3.0
 */
export const start = async (dir: string): Promise<Kept> => {
  const bin = findPostgresBin()
  const root = Path.resolve(dir)
  const data = Path.join(root, "data")
  Fs.mkdirSync(root, { recursive: true })
  Fs.chmodSync(root, 0o755)
  if (isRoot()) execFileSync("chown", ["postgres:postgres", root])
  if (!Fs.existsSync(Path.join(data, "PG_VERSION")))
    runPg(Path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
  const keyFile = Path.join(root, "master.key")
  if (!Fs.existsSync(keyFile)) Fs.writeFileSync(keyFile, Crypto.randomBytes(32).toString("hex"), { mode: 0o600 })
  const masterKey = Fs.readFileSync(keyFile, "utf8").trim()
  const port = await freePort()
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=1GB`
  runPg(Path.join(bin, "pg_ctl"), ["-D", data, "-l", Path.join(root, "server.log"), "-w", "-o", options, "start"])
  let stopped = false
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    masterKey,
    stop: () => {
      if (stopped) return
      stopped = true
      // A fast stop (not immediate): the next run starts without recovering.
      spawnSync(
        isRoot() ? "su" : Path.join(bin, "pg_ctl"),
        isRoot()
          ? ["postgres", "-s", "/bin/sh", "-c", `'${Path.join(bin, "pg_ctl")}' -D '${data}' -m fast -w stop`]
          : ["-D", data, "-m", "fast", "-w", "stop"],
        { stdio: "ignore" }
      )
    }
  }
}

/**
 * Whether `database` exists.
 *
 * @category getters
 * @since 0.3.0
 */
export const exists = async (url: string, database: string): Promise<boolean> => {
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rows.length > 0
  } finally {
    await client.end()
  }
}

/**
 * Makes `database` afresh (dropped first), empty or as a file copy of `template` (no session may be open on it).
 *
 * @category constructors
 * @since 0.3.0
 */
export const create = async (url: string, database: string, template?: string): Promise<void> => {
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    // FILE_COPY copies the template's files (seconds for gigabytes) instead of writing them all to the WAL.
    await client.query(
      template === undefined
        ? `CREATE DATABASE "${database}"`
        : `CREATE DATABASE "${database}" TEMPLATE "${template}" STRATEGY FILE_COPY`
    )
  } finally {
    await client.end()
  }
}
