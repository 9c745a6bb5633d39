/**
 * The one write path: a use case called again with the same command id appends nothing and answers as the
 * first time (also after a restart), every event is stored with its schema version, and a stored shape that
 * changed is read through its upcaster when the read models are rebuilt from the old log.
 */
import { EventCodec, EventStore, ExpectedVersion, MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import { config, harness, pixAdmin, sqliteStore, tempSqlite } from "./support/harness.ts"

const store = MemoryEventStore.makeUnsafe()

/** An Orga over the shared store (each call: a new instance, its read models rebuilt from the log). */
const start = (extra: Partial<Orga.Config> = {}, idPrefix = "id") => {
  const runtime = Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z", idPrefix })
  const managed = ManagedRuntime.make(
    Orga.layer({ ...config, ...extra }).pipe(
      Layer.provide(Layer.merge(Layer.succeed(EventStore.EventStore, store), runtime.layer))
    )
  )
  const run = <A, E>(f: (orga: Orga.OrgaShape) => Effect.Effect<A, E>) =>
    managed.runPromise(
      Effect.gen(function* () {
        return yield* f(yield* Orga.all)
      })
    )
  return { run, dispose: () => managed.dispose() }
}

const head = () => Effect.runPromise(store.head)
const admin = Orga.user("admin")

describe("command ids", () => {
  let instance: ReturnType<typeof start>
  let code = ""

  beforeAll(async () => {
    instance = start()
    for (const userId of [pixAdmin, "admin", "student"])
      await instance.run((orga) =>
        orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@x.fr` })
      )
    await instance.run((orga) =>
      orga.registerOrganization(Orga.user(pixAdmin), {
        organizationId: "org",
        name: "Lycée",
        type: "SCO",
        uai: null,
        isManagingStudents: false
      })
    )
    const invitation = await instance.run((orga) =>
      orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "admin@x.fr" })
    )
    await instance.run((orga) => orga.acceptInvitation(admin, { organizationId: "org", ...invitation }))
  })
  afterAll(() => instance.dispose())

  it("registers a user once: the second call answers the same id and appends nothing", async () => {
    const register = (orga: Orga.OrgaShape) =>
      orga.registerUser({ firstName: "Léa", lastName: "Martin", email: "lea@x.fr" }, { commandId: "register-lea" })
    const first = await instance.run(register)
    const after = await head()
    const second = await instance.run(register)
    expect(second).toEqual(first)
    expect(await head()).toBe(after)
  })

  it("creates a campaign once, with the same id and code", async () => {
    const create = (orga: Orga.OrgaShape) =>
      orga.createCampaign(
        admin,
        { organizationId: "org", name: "Rentrée", type: "PROFILES_COLLECTION" },
        { commandId: "create-rentree" }
      )
    const first = await instance.run(create)
    const after = await head()
    expect(await instance.run(create)).toEqual(first)
    expect(await head()).toBe(after)
    expect((await instance.run((orga) => orga.campaigns(admin, "org"))).map((c) => c.name)).toEqual(["Rentrée"])
    code = first.code
  })

  it("joins once, and shares once", async () => {
    const student = Orga.user("student")
    const join = (orga: Orga.OrgaShape) =>
      orga.joinCampaign(
        student,
        { code, firstName: "A", lastName: "student", birthdate: "2010-01-01" },
        { commandId: "join-1" }
      )
    const first = await instance.run(join)
    expect(await instance.run(join)).toEqual(first)
    const share = (orga: Orga.OrgaShape) =>
      orga.shareProfile(
        student,
        { participationId: first.participationId, pixByCompetence: { "1.1": 8 } },
        { commandId: "share-1" }
      )
    await instance.run(share)
    const after = await head()
    await instance.run(share)
    expect(await head()).toBe(after)
  })

  it("answers a command of the log after a restart, even where deciding again would refuse it", async () => {
    const restarted = start({}, "restart")
    try {
      const after = await head()
      // The account exists: deciding again would answer USER_ALREADY_EXISTS.
      const again = await restarted.run((orga) =>
        orga.registerUser({ firstName: "Léa", lastName: "Martin", email: "lea@x.fr" }, { commandId: "register-lea" })
      )
      expect(again.userId).toMatch(/^id-/)
      expect(await head()).toBe(after)
    } finally {
      await restarted.dispose()
    }
  })

  it("stores every event with its schema version and the use case's metadata", async () => {
    const events = await Effect.runPromise(store.readAll({ after: 0n, maxCount: 1000 }))
    expect(events.length).toBeGreaterThan(5)
    for (const event of events) expect(event.metadata.schemaVersion).toBe(1)
    const created = events.find((event) => event.type === "CampaignCreated")
    expect(created).toMatchObject({
      commandId: "create-rentree",
      metadata: { useCase: "createCampaign", actorId: "admin", organizationId: "org", commandId: "create-rentree" }
    })
    expect(created?.data).toMatchObject({ _tag: "CampaignCreated", name: "Rentrée" })
  })
})

describe("a stored shape that changed (v1 → v2, with an upcaster)", () => {
  // Version 1 of CollectionDeadlineSet held the date as Pix's screens show it (`day`, DD/MM/YYYY); version 2,
  // today's shape, holds `deadline` as YYYY-MM-DD.
  interface DeadlineV1 {
    readonly _tag: "CollectionDeadlineSet"
    readonly organizationId: string
    readonly schoolYear: string
    readonly day: string
    readonly actorId: string
    readonly occurredAt: string
  }
  const toV2 = EventCodec.upcaster<DeadlineV1, unknown>("CollectionDeadlineSet", 1, ({ day, ...rest }) => {
    const [dd, mm, yyyy] = day.split("/")
    return { ...rest, deadline: `${yyyy}-${mm}-${dd}` }
  })
  const storedShapes = { versions: { CollectionDeadlineSet: 2 }, upcasters: [toV2] }

  it("rebuilds the read models from the old log through the upcaster, and writes version 2", async () => {
    await Effect.runPromise(
      store.append([
        {
          streamId: "organization-settings-org",
          expectedVersion: ExpectedVersion.any,
          events: [
            {
              id: "old-deadline",
              type: "CollectionDeadlineSet",
              data: {
                _tag: "CollectionDeadlineSet",
                organizationId: "org",
                schoolYear: "2026",
                day: "07/05/2027",
                actorId: "admin",
                occurredAt: "2026-09-01T08:00:00.000Z"
              },
              metadata: { schemaVersion: 1 }
            }
          ]
        }
      ])
    )
    const upgraded = start({ storedShapes }, "v2")
    try {
      expect((await upgraded.run((orga) => orga.certificability(admin, "org"))).deadline).toBe("2027-05-07")
      await upgraded.run((orga) =>
        orga.setCollectionDeadline(admin, { organizationId: "org", schoolYear: "2026", deadline: "2027-05-14" })
      )
      expect((await upgraded.run((orga) => orga.certificability(admin, "org"))).deadline).toBe("2027-05-14")
      const stream = await Effect.runPromise(store.readStream("organization-settings-org"))
      expect(stream.map((event) => event.metadata.schemaVersion)).toEqual([1, 2])
    } finally {
      await upgraded.dispose()
    }
    // A release that knows only version 1 refuses to guess: the old log still decodes with the upcaster only.
  })
})

describe("command ids after a restart on replay pages (SQLite)", () => {
  const file = tempSqlite()
  afterAll(() => file.cleanup())

  it("answers a command of the log's last events, even where deciding again would refuse it", async () => {
    const register = (orga: Orga.OrgaShape) =>
      orga.registerUser({ firstName: "Léa", lastName: "Martin", email: "lea@x.fr" }, { commandId: "register-lea" })
    const first = harness(sqliteStore(file.filename), { idPrefix: "first" })
    const answer = await first.run(Effect.flatMap(Orga.all, register))
    await first.dispose()
    // The restarted instance rebuilds from the store's replay pages, which carry no command ids.
    const restarted = harness(sqliteStore(file.filename), { idPrefix: "second" })
    try {
      const events = await restarted.run(Effect.map(Orga.all, (orga) => orga.rebuild.events))
      expect(events).toBeGreaterThan(0)
      expect(await restarted.run(Effect.flatMap(Orga.all, register))).toEqual(answer)
      const other = await restarted.fail(
        Effect.flatMap(Orga.all, (orga) =>
          orga.registerUser({ firstName: "Léa", lastName: "Martin", email: "lea@x.fr" }, { commandId: "another" })
        )
      )
      expect(other).toMatchObject({ _tag: "Conflict", code: "LOGIN_ALREADY_USED" })
    } finally {
      await restarted.dispose()
    }
  })
})
