/**
 * Typed inputs at the door: every use case decodes its input once; a bad input (too long, control or bidi
 * characters, an invalid e-mail or date, an oversized list or id, a wrong type) fails with `InvalidInput` and a
 * French message, and the log is unchanged. And no `as never` reaches the domain.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { EventStore, MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import { config, pixAdmin } from "./support/harness.ts"

const store = MemoryEventStore.makeUnsafe()
const managed = ManagedRuntime.make(
  Orga.layer(config).pipe(
    Layer.provide(
      Layer.merge(
        Layer.succeed(EventStore.EventStore, store),
        Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z", idPrefix: "id" }).layer
      )
    )
  )
)
const run = <A, E>(f: (orga: Orga.OrgaShape) => Effect.Effect<A, E>) =>
  managed.runPromise(
    Effect.gen(function* () {
      return yield* f(yield* Orga.all)
    })
  )
const runExit = <A, E>(f: (orga: Orga.OrgaShape) => Effect.Effect<A, E>) =>
  managed.runPromiseExit(
    Effect.gen(function* () {
      return yield* f(yield* Orga.all)
    })
  )

const admin = Orga.user("admin")
const student = Orga.user("student")
const long = "x".repeat(100_000)
const nul = "Léa\u0000"
const terminalEscape = "Léa\u001b[31m"
const bidi = "Léa\u202egnp.exe"
const hugeId = "a".repeat(3000)
// Calling with a wrong-typed input, as an untyped caller (an HTTP body) would.
const untyped = <A>(value: unknown): A => value as A

let participationId = ""

const cases: ReadonlyArray<readonly [string, (orga: Orga.OrgaShape) => Effect.Effect<unknown, unknown>]> = [
  [
    "registerUser: a 100,000-character name",
    (o) => o.registerUser({ firstName: long, lastName: "M", email: "l@x.fr" })
  ],
  ["registerUser: NUL in a name", (o) => o.registerUser({ firstName: nul, lastName: "M", email: "l@x.fr" })],
  [
    "registerUser: a terminal escape",
    (o) => o.registerUser({ firstName: terminalEscape, lastName: "M", email: "l@x.fr" })
  ],
  [
    "registerUser: a right-to-left override",
    (o) => o.registerUser({ firstName: bidi, lastName: "M", email: "l@x.fr" })
  ],
  ["registerUser: not an e-mail", (o) => o.registerUser({ firstName: "L", lastName: "M", email: "not-an-email" })],
  ["registerUser: an empty username", (o) => o.registerUser({ firstName: "L", lastName: "M", username: "" })],
  [
    "registerUser: a 3,000-character id",
    (o) => o.registerUser({ userId: hugeId, firstName: "L", lastName: "M", email: "l@x.fr" })
  ],
  ["registerUser: a number as name", (o) => o.registerUser(untyped({ firstName: 12, lastName: "M", email: "l@x.fr" }))],
  ["registerUser: no input at all", (o) => o.registerUser(untyped(null))],
  [
    "registerOrganization: a 100,000-character name",
    (o) =>
      o.registerOrganization(Orga.user(pixAdmin), { name: long, type: "SCO", uai: null, isManagingStudents: false })
  ],
  [
    "registerOrganization: an unknown type",
    (o) =>
      o.registerOrganization(
        Orga.user(pixAdmin),
        untyped({ name: "L", type: "XYZ", uai: null, isManagingStudents: false })
      )
  ],
  [
    "inviteFirstAdmin: not an e-mail",
    (o) => o.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "nope" })
  ],
  [
    "inviteMembers: 5,000 addresses",
    (o) =>
      o.inviteMembers(admin, {
        organizationId: "org",
        emails: Array.from({ length: 5000 }, (_, i) => `m${i}@x.fr`),
        role: "MEMBER"
      })
  ],
  [
    "inviteMembers: an unknown role",
    (o) => o.inviteMembers(admin, untyped({ organizationId: "org", emails: ["a@x.fr"], role: "OWNER" }))
  ],
  [
    "changeMemberRole: a 3,000-character id",
    (o) => o.changeMemberRole(admin, { organizationId: "org", userId: hugeId, role: "ADMIN" })
  ],
  [
    "setCollectionDeadline: 30 February",
    (o) => o.setCollectionDeadline(admin, { organizationId: "org", schoolYear: "2026", deadline: "2027-02-30" })
  ],
  [
    "setCollectionDeadline: a school year in letters",
    (o) => o.setCollectionDeadline(admin, { organizationId: "org", schoolYear: "deux", deadline: "2027-04-07" })
  ],
  [
    "createCampaign: a 100,000-character name",
    (o) => o.createCampaign(admin, { organizationId: "org", name: long, type: "PROFILES_COLLECTION" })
  ],
  [
    "createCampaign: a bidi override in the external id label",
    (o) =>
      o.createCampaign(admin, {
        organizationId: "org",
        name: "C",
        type: "PROFILES_COLLECTION",
        externalIdLabel: bidi
      })
  ],
  ["updateCampaign: NUL in the name", (o) => o.updateCampaign(admin, { campaignId: "c1", name: nul })],
  ["archiveCampaign: a 3,000-character id", (o) => o.archiveCampaign(admin, { campaignId: hugeId })],
  [
    "importSiecleFile: a bidi override in the file name",
    (o) => o.importSiecleFile(admin, { organizationId: "org", fileName: bidi, bytes: new Uint8Array(1) })
  ],
  [
    "importSiecleFile: a 100,000-character file name",
    (o) => o.importSiecleFile(admin, { organizationId: "org", fileName: long, bytes: new Uint8Array(1) })
  ],
  [
    "importSiecleFile: bytes that are a string",
    (o) => o.importSiecleFile(admin, untyped({ organizationId: "org", fileName: "e.xml", bytes: "<xml/>" }))
  ],
  [
    "joinCampaign: a 100,000-character name",
    (o) => o.joinCampaign(student, { code: "ABCDEF234", firstName: long, lastName: "M", birthdate: "2010-01-01" })
  ],
  [
    "joinCampaign: a terminal escape in the external id",
    (o) =>
      o.joinCampaign(student, {
        code: "ABCDEF234",
        firstName: "L",
        lastName: "M",
        birthdate: "2010-01-01",
        participantExternalId: terminalEscape
      })
  ],
  [
    "recordAssessmentOutcome: skills that are not a list",
    (o) =>
      o.recordAssessmentOutcome(student, untyped({ participationId, validatedSkillIds: "rec1", testedSkillIds: [] }))
  ],
  [
    "shareProfile: a negative score",
    (o) => o.shareProfile(student, { participationId, pixByCompetence: { "1.1": -5 } })
  ],
  ["shareResults: a 3,000-character id", (o) => o.shareResults(student, { participationId: hugeId })]
]

describe("bad inputs", () => {
  beforeAll(async () => {
    for (const userId of [pixAdmin, "admin", "student"])
      await run((o) => o.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@x.fr` }))
    await run((o) =>
      o.registerOrganization(Orga.user(pixAdmin), {
        organizationId: "org",
        name: "Lycée",
        type: "SCO",
        uai: null,
        isManagingStudents: false
      })
    )
    const invitation = await run((o) =>
      o.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "admin@x.fr" })
    )
    await run((o) => o.acceptInvitation(admin, { organizationId: "org", ...invitation }))
    const { code } = await run((o) =>
      o.createCampaign(admin, { organizationId: "org", campaignId: "c1", name: "C", type: "PROFILES_COLLECTION" })
    )
    participationId = (
      await run((o) => o.joinCampaign(student, { code, firstName: "A", lastName: "student", birthdate: "2010-01-01" }))
    ).participationId
  })
  afterAll(() => managed.dispose())

  it.each(cases)("%s: InvalidInput in French, nothing appended", async (_name, call) => {
    const head = await Effect.runPromise(store.head)
    const exit = await runExit(call)
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isSuccess(exit)) return
    const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail")
    const error = (failure as { readonly error?: { readonly _tag: string; readonly message: string } } | undefined)
      ?.error
    expect(error?._tag).toBe("InvalidInput")
    expect(error?.message).toMatch(/[éèàçû]|invalide|incorrect/)
    expect(await Effect.runPromise(store.head)).toBe(head)
  })
})

describe("no casts to the domain", () => {
  const files = (dir: string): Array<string> =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : []
    })

  it("has no `as never` in packages/orga/src", () => {
    const offenders = files(join(import.meta.dirname, "..", "src")).filter((file) =>
      readFileSync(file, "utf8").includes("as never")
    )
    expect(offenders).toEqual([])
  })
})
