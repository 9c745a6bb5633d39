/**
 * A private PostgreSQL cluster for the benchmark, durable: the test cluster of `@orga/test-support` runs with
 * `fsync=off` on its command line (which no `ALTER SYSTEM` can override), fine for tests, wrong for timing
 * commits. Same steps (initdb, pg_ctl on a free loopback port, as `postgres` when root), fsync left on.
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { findPostgresBin, type PostgresCluster } from "@orga/test-support/postgres-cluster"

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0

const runAsPostgres = (command: ReadonlyArray<string>): void => {
  if (isRoot()) {
    const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ")
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { stdio: "pipe" })
  } else {
    const [bin, ...args] = command
    execFileSync(bin ?? "", args, { stdio: "pipe" })
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** Starts a durable cluster (fsync on, synchronous_commit on: the defaults); `stop` removes it. */
export const startDurableCluster = async (): Promise<PostgresCluster> => {
  const bin = findPostgresBin()
  const root = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-bench-pg-"))
  Fs.chmodSync(root, 0o755)
  if (isRoot()) execFileSync("chown", ["postgres:postgres", root])
  const data = Path.join(root, "data")
  runAsPostgres([
    Path.join(bin, "initdb"),
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8"
  ])
  const port = await freePort()
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=256MB`
  runAsPostgres([
    Path.join(bin, "pg_ctl"),
    "-D",
    data,
    "-l",
    Path.join(root, "server.log"),
    "-w",
    "-o",
    options,
    "start"
  ])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      const pgCtl = Path.join(bin, "pg_ctl")
      if (isRoot()) {
        spawnSync("su", ["postgres", "-s", "/bin/sh", "-c", `'${pgCtl}' -D '${data}' -m immediate stop`], {
          stdio: "ignore"
        })
      } else {
        spawnSync(pgCtl, ["-D", data, "-m", "immediate", "stop"], { stdio: "ignore" })
      }
      Fs.rmSync(root, { recursive: true, force: true })
    }
  }
}
