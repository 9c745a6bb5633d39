/**
 * A private PostgreSQL cluster for the test run.
 *
 * When `DATABASE_URL` is set, tests use that server. Otherwise this module creates a throw-away cluster in a
 * temporary folder (initdb), starts it on a free loopback port and stops it at the end, so `pnpm test` alone
 * exercises the PostgreSQL adapters. As root, PostgreSQL refuses to run, so the cluster is run as `postgres`.
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"

/** A running PostgreSQL server that tests may connect to. */
export interface PostgresCluster {
  readonly url: string
  readonly stop: () => void
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0

const candidateBinDirs = (): ReadonlyArray<string> => {
  const dirs: Array<string> = []
  const fromEnv = process.env.PGBIN
  if (fromEnv) dirs.push(fromEnv)
  const debianRoot = "/usr/lib/postgresql"
  if (Fs.existsSync(debianRoot)) {
    const versions = Fs.readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) dirs.push(Path.join(debianRoot, v, "bin"))
  }
  dirs.push("/usr/local/bin", "/usr/bin")
  return dirs
}

const findInstalledBin = (): string | undefined =>
  candidateBinDirs().find((dir) => Fs.existsSync(Path.join(dir, "initdb")) && Fs.existsSync(Path.join(dir, "pg_ctl")))

/**
 * Finds the folder holding `initdb` and `pg_ctl`. As root on Debian, installs the server package when it is
 * missing, so a fresh machine needs no manual step; otherwise explains how to install it.
 */
export const findPostgresBin = (): string => {
  const installed = findInstalledBin()
  if (installed) return installed
  if (isRoot() && Fs.existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
    execFileSync("apt-get", ["update", "-q"], { stdio: "ignore", env })
    execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "postgresql"], { stdio: "ignore", env })
    const fresh = findInstalledBin()
    if (fresh) return fresh
  }
  throw new Error(
    "PostgreSQL server binaries (initdb, pg_ctl) not found: install them (apt-get install postgresql) or set DATABASE_URL"
  )
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

/** Runs a PostgreSQL tool as the `postgres` user when we are root (PostgreSQL refuses root). */
const runPg = (bin: string, args: ReadonlyArray<string>): void => {
  if (isRoot()) {
    const quoted = [bin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ")
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { stdio: "pipe" })
  } else {
    execFileSync(bin, [...args], { stdio: "pipe" })
  }
}

/**
 * Options of a private cluster.
 *
 * `durable: true` keeps PostgreSQL's durable defaults (fsync on, files synced by initdb) for benchmarks that time
 * commits; the default turns fsync off, which is fine for tests and makes them faster.
 */
export interface ClusterOptions {
  readonly durable?: boolean
  readonly sharedBuffers?: string
}

/** Creates and starts a private cluster on a free loopback port; `stop` shuts it down and removes its folder. */
export const startPostgresCluster = async (clusterOptions: ClusterOptions = {}): Promise<PostgresCluster> => {
  const durable = clusterOptions.durable === true
  const bin = findPostgresBin()
  const root = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-pg-"))
  Fs.chmodSync(root, 0o755)
  if (isRoot()) execFileSync("chown", ["postgres:postgres", root])
  const data = Path.join(root, "data")
  runPg(Path.join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    ...(durable ? [] : ["--no-sync"])
  ])
  const port = await freePort()
  const options = [
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    durable ? "" : "-c fsync=off",
    clusterOptions.sharedBuffers ? `-c shared_buffers=${clusterOptions.sharedBuffers}` : ""
  ]
    .filter((part) => part !== "")
    .join(" ")
  runPg(Path.join(bin, "pg_ctl"), ["-D", data, "-l", Path.join(root, "server.log"), "-w", "-o", options, "start"])
  let stopped = false
  const stop = (): void => {
    if (stopped) return
    stopped = true
    spawnSync(
      isRoot() ? "su" : Path.join(bin, "pg_ctl"),
      isRoot()
        ? ["postgres", "-s", "/bin/sh", "-c", `'${Path.join(bin, "pg_ctl")}' -D '${data}' -m immediate stop`]
        : ["-D", data, "-m", "immediate", "stop"],
      { stdio: "ignore" }
    )
    Fs.rmSync(root, { recursive: true, force: true })
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop }
}
