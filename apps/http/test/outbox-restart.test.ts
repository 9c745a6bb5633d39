/**
 * The sender killed mid-way: the app (a child process on the SQLite files) is SIGKILLed while the SMTP server
 * holds one of its messages unanswered, then started again: every invitation arrives once.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Net from "node:net"
import * as Path from "node:path"
import { Accounts, BackOffice, Orga, Runtime, TargetProfiles, Team } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, describe, expect, it } from "vitest"
import * as SmtpSink from "./fixtures/SmtpSink.ts"
import { tempDir } from "./support.ts"

const root = Path.resolve(import.meta.dirname, "../../..")
const node = Path.join(root, "node_modules/.bin/node")
const fixture = Path.join(import.meta.dirname, "fixtures/ops-main.ts")
const children: Array<ChildProcess> = []
const closers: Array<() => Promise<void>> = []

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL")
  for (const close of closers.reverse()) await close()
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = Net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

const startApp = async (env: Record<string, string>) => {
  const child = spawn(node, [fixture], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(await freePort()) },
    stdio: ["ignore", "pipe", "pipe"]
  })
  children.push(child)
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  return { child, exited }
}

const invitees = Array.from({ length: 8 }, (_, i) => `prof${i}@college.fr`)

describe("invitation outbox across a crash", () => {
  it("sends every invitation once when the sender is killed while a message is in flight", async () => {
    const dataDir = tempDir("orga-restart-")
    await Effect.runPromise(
      Effect.gen(function* () {
        const accounts = yield* Accounts.Accounts
        const backOffice = yield* BackOffice.BackOffice
        yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
        yield* accounts.registerUser({
          userId: "claire",
          firstName: "Claire",
          lastName: "M",
          email: "claire@college.fr"
        })
        const { organizationId } = yield* backOffice.registerOrganization(Orga.user("pix"), {
          name: "Collège Jean Moulin",
          type: "SCO",
          uai: "0331234X",
          isManagingStudents: true
        })
        const first = yield* backOffice.inviteFirstAdmin(Orga.user("pix"), {
          organizationId,
          email: "claire@college.fr"
        })
        yield* (yield* Team.Team).acceptInvitation(Orga.user("claire"), { organizationId, ...first })
        yield* (yield* Team.Team).inviteMembers(Orga.user("claire"), { organizationId, emails: invitees, role: null })
      }).pipe(
        Effect.provide(
          Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
            Layer.provide(Layer.merge(Sqlite.layer(Path.join(dataDir, "orga.db")), Runtime.live))
          )
        )
      )
    )

    // The fourth message is held unanswered; the sender is killed while it waits for the answer.
    let seen = 0
    let killed: (() => void) | undefined
    const sink = await SmtpSink.start(() => {
      seen++
      if (seen === 4) {
        killed?.()
        return "hold"
      }
      return "accept"
    })
    closers.push(() => {
      void sink.close()
      return Promise.resolve()
    })
    // DATABASE_URL empty: the test run exports one, and this app must run on the data dir's SQLite files.
    const env = { DATABASE_URL: "", DATA_DIR: dataDir, SMTP_URL: sink.url, OUTBOX_LEASE_MS: "1000" }
    const first = await startApp(env)
    killed = () => first.child.kill("SIGKILL")
    await first.exited
    expect(sink.received).toHaveLength(3)

    await startApp(env)
    await sink.waitFor(8, 30_000)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual([...invitees].sort())
    expect(new Set(sink.received.map((m) => m.deliveryId)).size).toBe(8)
  }, 90_000)
})
