/**
 * The app as a process: `pnpm start` on a free port answers /health, /openapi.json and the reference page, and
 * restarts on its data (the bundle's replay workers); a bad setting stops it with a French message; SIGTERM lets a
 * request in flight finish, then the process exits.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Path from "node:path"
import { afterEach, describe, expect, inject, it } from "vitest"
import { drainingServer } from "../src/server/Server.ts"
import { tempDir } from "./support.ts"

const root = Path.resolve(import.meta.dirname, "../../..")
const children: Array<ChildProcess> = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.pid) killGroup(child, "SIGKILL")
})

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-(child.pid ?? 0), signal)
  } catch {
    // already gone
  }
}

/** Spawns a command in its own process group; resolves with the URL it announces. */
const launch = (command: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  })
  children.push(child)
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
  })
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const url = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Orga écoute sur (http:\/\/\S+)/.exec(output)
      if (match?.[1]) {
        clearInterval(timer)
        resolve(match[1])
      }
    }, 50)
    void exited.then(() => {
      clearInterval(timer)
      reject(new Error(`exited before listening:\n${output}`))
    })
  })
  // A test that expects the process to fail never awaits the URL.
  url.catch(() => undefined)
  return { child, url, exited, output: () => output }
}

/** The demo school's learners, as its administrator signed in with a token reads them. */
const demoLearners = async (url: string) => {
  const signIn = await fetch(`${url}/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: "ce.0331234x@ac-bordeaux.example", password: "Demo-Orga-2026", kind: "token" })
  })
  expect(signIn.status).toBe(200)
  const { token } = (await signIn.json()) as { token: string }
  const learners = await fetch(`${url}/organizations/college-demo-0331234X/learners`, {
    headers: { authorization: `Bearer ${token}` }
  })
  expect(learners.status).toBe(200)
  return (await learners.json()) as Array<{ readonly lastName: string }>
}

describe("pnpm start", () => {
  it("runs the app on a free port, prints its URL and the API reference in French, answers over HTTP", async () => {
    const dataDir = tempDir()
    const app = launch("pnpm", ["start"], { PORT: "0", DATA_DIR: dataDir })
    const url = await app.url
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(app.output()).toContain(`Référence de l'API : ${url}/docs`)
    expect(app.output()).toContain(`Document OpenAPI : ${url}/openapi.json`)
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" })
    expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: "ready" })
    const spec = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/health", "/ready"]))
    const docs = await (await fetch(`${url}/docs`)).text()
    expect(docs).toContain("Référence de l'API Orga")
    // Logs are JSON lines with request ids.
    const requestLines = app
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === "request")
    expect(requestLines.map((line) => line.path)).toEqual(["/health", "/ready", "/openapi.json", "/docs"])
    // First start: the demo school is seeded and its logins printed after the URL; one of them signs in.
    for (let wait = 0; wait < 100 && !app.output().includes("Comptes de démonstration"); wait++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(app.output()).toContain("Comptes de démonstration (mot de passe : Demo-Orga-2026)")
    expect(app.output().indexOf("Comptes de démonstration")).toBeGreaterThan(app.output().indexOf("Orga écoute sur"))
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/auth/sign-in", "/organizations/{organizationId}/imports"])
    )
    expect((await demoLearners(url)).length).toBeGreaterThan(200)
    killGroup(app.child, "SIGTERM")
    await app.exited
  }, 60_000)

  it("starts again on the log it wrote: the bundle's worker threads replay it, the school is served as before", async () => {
    const dataDir = tempDir()
    const first = launch("pnpm", ["start"], { PORT: "0", DATA_DIR: dataDir })
    const url = await first.url
    for (let wait = 0; wait < 100 && !first.output().includes("Comptes de démonstration"); wait++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    const before = await demoLearners(url)
    killGroup(first.child, "SIGTERM")
    await first.exited
    // No snapshot: the whole log is read again, by the replay's worker thread (its module is a file of the bundle),
    // and its sealed names opened there (`replay-open.mjs`). A worker module the bundle names wrongly stops the start.
    const again = launch("pnpm", ["start"], { PORT: "0", DATA_DIR: dataDir, ORGA_SNAPSHOTS: "off" })
    const urlAgain = await again.url
    expect(again.output()).not.toContain("établissement de démonstration")
    expect(await (await fetch(`${urlAgain}/ready`)).json()).toEqual({ status: "ready" })
    const after = await demoLearners(urlAgain)
    expect(after.length).toBeGreaterThan(200)
    expect(after.map((learner) => learner.lastName)).toEqual(before.map((learner) => learner.lastName))
    killGroup(again.child, "SIGTERM")
    await again.exited
  }, 90_000)

  it("runs on PostgreSQL when DATABASE_URL is set: ready once the database answers", async () => {
    const databaseUrl = inject("databaseUrl") ?? process.env.DATABASE_URL
    if (!databaseUrl) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
    const app = launch(process.execPath, ["apps/http/src/main.ts"], {
      PORT: "0",
      DATA_DIR: tempDir(),
      DATABASE_URL: databaseUrl
    })
    const url = await app.url
    expect(app.output()).toContain("Données : PostgreSQL (DATABASE_URL)")
    expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: "ready" })
    killGroup(app.child, "SIGTERM")
    await app.exited
  }, 30_000)

  it("refuses to start on a bad setting, saying which in French", async () => {
    const app = launch(process.execPath, ["apps/http/src/main.ts"], { PORT: "quatre-vingts", DATA_DIR: tempDir() })
    const code = await app.exited
    expect(code).toBe(1)
    expect(app.output()).toContain("Configuration invalide : PORT doit être un entier entre 0 et 65535")
  }, 30_000)
})

describe("graceful shutdown", () => {
  it("on SIGTERM, stops accepting, lets the request in flight finish, then exits", async () => {
    const app = launch(process.execPath, ["apps/http/test/fixtures/probe-main.ts"], {
      PORT: "0",
      DATA_DIR: tempDir(),
      SHUTDOWN_GRACE_MS: "10000"
    })
    const url = await app.url
    const slow = fetch(`${url}/probe/slow?ms=1500`)
    // Let the request reach the handler before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300))
    app.child.kill("SIGTERM")
    await new Promise((resolve) => setTimeout(resolve, 200))
    // New connections are refused while the slow request finishes.
    await expect(fetch(`${url}/health`, { headers: { connection: "close" } })).rejects.toThrow()
    const response = await slow
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ waited: 1500 })
    await app.exited
    expect(app.child.exitCode !== null || app.child.signalCode !== null).toBe(true)
  }, 30_000)
})

describe("draining server", () => {
  it("closes a keep-alive connection once its in-flight response is sent, so close completes", async () => {
    const server = drainingServer()
    // A keep-alive far longer than the test's timeout: without draining, close would wait for it.
    server.keepAliveTimeout = 120_000
    let release = () => {}
    server.on("request", (_request, response) => {
      release = () => response.end("fini")
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    const answer = fetch(`http://127.0.0.1:${port}/`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    release()
    expect(await (await answer).text()).toBe("fini")
    await closed
  })
})
