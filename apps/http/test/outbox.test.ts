/**
 * The invitation outbox end to end in one process: the library writes invitation events to a SQLite store, the
 * sender delivers each through a real SMTP server on loopback, in French with its accept link, and records the
 * outcome in the ledger (sent, Pix's sending error, skipped); the link's code accepts the invitation.
 */
import * as Path from "node:path"
import { Accounts, BackOffice, Orga, Runtime, TargetProfiles, Team } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { afterEach, describe, expect, it } from "vitest"
import * as Config from "../src/Config.ts"
import * as Mail from "../src/mail/Mail.ts"
import { Ledger } from "../src/outbox/Ledger.ts"
import * as Outbox from "../src/outbox/Outbox.ts"
import * as SmtpSink from "./fixtures/SmtpSink.ts"
import { tempDir } from "./support.ts"

const publicUrl = "https://orga.example.fr"
const pix = Orga.user("pix")
const claire = Orga.user("claire")

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

type Services = Accounts.Accounts | BackOffice.BackOffice | Team.Team | Ledger

/** The library on a SQLite file, the mailer on the sink, and the outbox; `stop` ends them (the file stays). */
const boot = async (sink: SmtpSink.Sink, dataDir = tempDir("orga-outbox-")) => {
  const config = Config.fromEnv({ DATA_DIR: dataDir, SMTP_URL: sink.url, PUBLIC_URL: publicUrl })
  const store = Sqlite.layer(Path.join(dataDir, "orga.db"))
  const mail = Mail.layer({
    smtpUrl: sink.url,
    outboxDir: Path.join(dataDir, "outbox"),
    from: config.mailFrom,
    log: () => {}
  })
  const layer = Layer.mergeAll(
    Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(Layer.provide(Runtime.live)),
    Outbox.layer(config, { pollMillis: 20, baseDelayMillis: 50, leaseMillis: 5_000, log: () => {} }).pipe(
      Layer.provide(mail)
    )
  ).pipe(Layer.provideMerge(store))
  const scope = Effect.runSync(Scope.make())
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  let open = true
  const stop = async () => {
    if (open) await Effect.runPromise(Scope.close(scope, Exit.void))
    open = false
  }
  closers.push(stop)
  const run = <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.runPromise(Effect.provide(effect, context))
  const deliveries = () => run(Effect.flatMap(Ledger, (ledger) => ledger.list))
  return { run, deliveries, stop, dataDir }
}

/** Registers the people and the school and invites its first administrator; answers the ids. */
const school = Effect.gen(function* () {
  const accounts = yield* Accounts.Accounts
  const backOffice = yield* BackOffice.BackOffice
  yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
  yield* accounts.registerUser({
    userId: "claire",
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@college.fr"
  })
  const { organizationId } = yield* backOffice.registerOrganization(pix, {
    name: "Collège Évariste-Galois",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
  const first = yield* backOffice.inviteFirstAdmin(pix, { organizationId, email: "claire@college.fr" })
  return { organizationId, first }
})

const waitUntil = async (check: () => Promise<boolean>, timeoutMillis = 20_000) => {
  const deadline = Date.now() + timeoutMillis
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time")
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const linkOf = (text: string) => new URL(/suivez ce lien : (\S+)/.exec(text)?.[1] ?? "about:blank")

describe("invitation outbox", () => {
  it("sends each invitation once, in French with its link, and the link's code accepts it", async () => {
    const sink = await SmtpSink.start()
    closers.push(sink.close)
    const { run, deliveries } = await boot(sink)
    const { organizationId, first } = await run(school)
    await sink.waitFor(1)

    const [mail] = sink.received
    expect(mail?.to).toEqual(["claire@college.fr"])
    expect(mail?.subject).toBe("Invitation à rejoindre Collège Évariste-Galois sur Pix Orga")
    expect(mail?.text).toContain(
      "Vous êtes invité(e) à rejoindre l'organisation « Collège Évariste-Galois » sur Pix Orga."
    )
    const link = linkOf(mail?.text ?? "")
    expect(link.origin).toBe(publicUrl)
    expect(link.pathname).toBe(`/invitations/${first.invitationId}`)
    const code = link.searchParams.get("code") ?? ""
    expect(code).toMatch(/^[A-Z0-9]{10}$/)
    // Only what the recipient must read: no address, no inviter.
    expect(mail?.text).not.toMatch(/@/)
    expect(mail?.messageId).toBe(`<${mail?.deliveryId}@orga.localhost>`)

    // Following the link: its id and code accept the invitation (the endpoint drives this same call).
    await run(
      Effect.flatMap(Team.Team, (team) =>
        team.acceptInvitation(claire, { organizationId, invitationId: link.pathname.split("/")[2] ?? "", code })
      )
    )

    // A member invited, then the invitation resent: two more mails, the same code in both.
    const [bob] = await run(
      Effect.flatMap(Team.Team, (team) =>
        team.inviteMembers(claire, { organizationId, emails: ["bob@college.fr"], role: null })
      )
    )
    await run(
      Effect.flatMap(Team.Team, (team) =>
        team.resendInvitation(claire, { organizationId, invitationId: bob?.invitationId ?? "" })
      )
    )
    await sink.waitFor(3)
    await waitUntil(async () => {
      const ledger = await deliveries()
      return ledger.length === 3 && ledger.every((delivery) => delivery.status === "sent")
    })
    const toBob = sink.received.slice(1)
    expect(toBob.map((m) => m.to)).toEqual([["bob@college.fr"], ["bob@college.fr"]])
    expect(linkOf(toBob[0]?.text ?? "").href).toBe(linkOf(toBob[1]?.text ?? "").href)
    const ledger = await deliveries()
    expect(ledger.map((d) => [d.status, d.attempts])).toEqual([
      ["sent", 1],
      ["sent", 1],
      ["sent", 1]
    ])
    expect(new Set(sink.received.map((m) => m.deliveryId))).toEqual(new Set(ledger.map((d) => d.deliveryId)))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sink.received).toHaveLength(3)
  }, 30_000)

  it("records Pix's sending error of a refused address, and retries a transient refusal with back-off", async () => {
    let refusedOnce = false
    const sink = await SmtpSink.start((message) => {
      if (message.to.includes("inconnu@college.fr"))
        return { code: 550, message: "5.1.1 <inconnu@college.fr>: Recipient address rejected" }
      if (message.to.includes("lent@college.fr") && !refusedOnce) {
        refusedOnce = true
        return { code: 451, message: "4.3.0 Try again later" }
      }
      return "accept"
    })
    closers.push(sink.close)
    const { run, deliveries } = await boot(sink)
    const { organizationId, first } = await run(school)
    await sink.waitFor(1)
    await run(
      Effect.flatMap(Team.Team, (team) =>
        team.acceptInvitation(claire, { organizationId, invitationId: first.invitationId, code: first.code })
      )
    )
    await run(
      Effect.flatMap(Team.Team, (team) =>
        team.inviteMembers(claire, { organizationId, emails: ["inconnu@college.fr", "lent@college.fr"], role: null })
      )
    )
    await waitUntil(async () => {
      const ledger = await deliveries()
      return ledger.length === 3 && ledger.every((d) => d.status === "sent" || d.status === "failed")
    })
    const ledger = await deliveries()
    expect(ledger.map((d) => [d.status, d.attempts, d.errorCode])).toEqual([
      ["sent", 1, null],
      ["failed", 1, "SENDING_EMAIL_TO_INVALID_EMAIL_ADDRESS"],
      ["sent", 2, null]
    ])
    // The server's answer is kept without the address.
    expect(ledger[1]?.error).toContain("Recipient address rejected")
    expect(ledger[1]?.error).not.toContain("inconnu@")
    expect(sink.received.map((m) => m.to[0])).toEqual(["claire@college.fr", "lent@college.fr"])
  }, 30_000)

  it("resumes from its checkpoint after a restart: nothing sent again, what came meanwhile sent once", async () => {
    const sink = await SmtpSink.start()
    closers.push(sink.close)
    const first = await boot(sink)
    const { organizationId, first: invitation } = await first.run(school)
    await sink.waitFor(1)
    await waitUntil(async () => (await first.deliveries()).every((d) => d.status === "sent"))
    await first.stop()

    // A second sender on the same file takes Bob's mail and dies while the SMTP server holds it unanswered.
    const hold = await SmtpSink.start(() => "hold")
    closers.push(() => {
      void hold.close()
      return Promise.resolve()
    })
    const dying = await boot(hold, first.dataDir)
    await dying.run(
      Effect.gen(function* () {
        const team = yield* Team.Team
        yield* team.acceptInvitation(claire, {
          organizationId,
          invitationId: invitation.invitationId,
          code: invitation.code
        })
        yield* team.inviteMembers(claire, {
          organizationId,
          emails: ["bob@college.fr", "alice@college.fr"],
          role: null
        })
      })
    )
    await waitUntil(async () => (await dying.deliveries()).some((d) => d.status === "sending"))
    await dying.stop()

    // Restarted: Alice's mail at once, Bob's once the dead claim's lease expired; Claire's never again.
    const again = await boot(sink, first.dataDir)
    await sink.waitFor(3)
    await waitUntil(async () => {
      const ledger = await again.deliveries()
      return ledger.length === 3 && ledger.every((d) => d.status === "sent")
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual([
      "alice@college.fr",
      "bob@college.fr",
      "claire@college.fr"
    ])
    expect(hold.received).toHaveLength(0)
  }, 30_000)
})

describe("the SCO self-service invitation's mail", () => {
  it("goes to the school's contact mailbox, never to who asked, with the invitation's link", async () => {
    const sink = await SmtpSink.start()
    closers.push(sink.close)
    const { run } = await boot(sink)
    const sent = await run(
      Effect.gen(function* () {
        yield* (yield* Accounts.Accounts).registerUser({
          userId: "pix",
          firstName: "Pix",
          lastName: "Admin",
          email: "admin@pix.fr"
        })
        yield* (yield* BackOffice.BackOffice).registerOrganization(pix, {
          organizationId: "lycee-montaigne",
          name: "Lycée Montaigne",
          type: "SCO",
          uai: "0330021U",
          isManagingStudents: true,
          contactEmail: "ce.0330021u@ac-bordeaux.fr"
        })
        return yield* (yield* Team.Team).sendScoInvitation(Orga.anonymous, {
          uai: "0330021U",
          firstName: "Paul",
          lastName: "Durand"
        })
      })
    )
    await sink.waitFor(1)
    const [mail] = sink.received
    expect(mail?.to).toEqual(["ce.0330021u@ac-bordeaux.fr"])
    expect(mail?.subject).toBe("Invitation à rejoindre Lycée Montaigne sur Pix Orga")
    expect(linkOf(mail?.text ?? "").pathname).toBe(`/invitations/${sent.invitationId}`)
  })
})
