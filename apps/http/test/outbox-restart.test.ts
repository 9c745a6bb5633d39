/**
 * The sender killed mid-way: the app (a child process on the SQLite files) is SIGKILLed while the SMTP server
 * holds one of its messages unanswered, then started again: every invitation arrives once.
 */
import * as Path from "node:path"
import { Accounts, BackOffice, Orga, Runtime, TargetProfiles, Team } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import * as OpsProcess from "./fixtures/OpsProcess.ts"
import * as SmtpSink from "./fixtures/SmtpSink.ts"
import { tempDir } from "./support.ts"

const { start: startApp, closers } = OpsProcess.tracked()

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
    // DATABASE_URL and ORGA_MASTER_KEY empty: the test run exports them, and this app must run on the data dir's
    // SQLite files and master key file, as the test wrote them.
    const env = {
      DATABASE_URL: "",
      ORGA_MASTER_KEY: "",
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      OUTBOX_LEASE_MS: "1000"
    }
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
