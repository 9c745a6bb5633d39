/**
 * Read-model snapshots in the SQLite file (ADR 0056): a start writes one, the next start loads it and replays only
 * the events after it, and answers as a full rebuild does; the loaded read models equal a full fold, read model by
 * read model; a snapshot of other read models (another fingerprint), damaged bytes or a destroyed key mean a full
 * replay, never a wrong state; with shredding the snapshot is sealed (no name in clear) and its key is in the key
 * table; `ORGA_SNAPSHOTS=off` turns them off.
 */
import { DatabaseSync } from "node:sqlite"
import { EventStore } from "@orga/event-store"
import { SqliteEventStore } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as SnapshotCodec from "../src/internal/SnapshotCodec.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import type * as Snapshots from "../src/Snapshots.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { config, tempSqlite } from "./support/harness.ts"
import { answersOver, storeOnly } from "./support/replayCheck.ts"

const admin = Orga.user("claire")

/** Starts an Orga over the file, runs `body`, waits for `until` (polled), and stops. */
const startOver = <A>(
  layer: Layer.Layer<EventStore.EventStore, unknown>,
  body: (orga: Orga.OrgaShape) => Effect.Effect<A, unknown, Orga.Services>,
  until: () => boolean = () => true
) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const orga = yield* Orga.all
        const answer = yield* body(orga)
        for (let waited = 0; !until() && waited < 10_000; waited += 20) yield* Effect.sleep(20)
        return { answer, rebuild: orga.rebuild }
      }).pipe(
        Effect.provide(
          Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(Layer.provide(Layer.merge(layer, Runtime.live)))
        )
      )
    ) as Effect.Effect<{ answer: A; rebuild: Orga.OrgaShape["rebuild"] }, never>
  )

const rows = (filename: string) => {
  const connection = new DatabaseSync(filename)
  try {
    connection.exec(
      "CREATE TABLE IF NOT EXISTS read_model_snapshots (id TEXT PRIMARY KEY, position INTEGER NOT NULL, format INTEGER NOT NULL, fingerprint TEXT NOT NULL, key_subject TEXT, size INTEGER NOT NULL, created_at TEXT NOT NULL, bytes BLOB)"
    )
    return connection
      .prepare(
        "SELECT id, position, key_subject, bytes FROM read_model_snapshots WHERE id <> '~floor' ORDER BY position"
      )
      .all() as Array<{ id: string; position: number; key_subject: string | null; bytes: Uint8Array }>
  } finally {
    connection.close()
  }
}

const exec = (filename: string, sql: string) => {
  const connection = new DatabaseSync(filename)
  try {
    connection.exec(sql)
  } finally {
    connection.close()
  }
}

const readAll = (filename: string) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        return yield* store.readAll({ after: 0n, maxCount: 1_000_000 })
      }).pipe(Effect.provide(SqliteEventStore.layer({ filename })))
    )
  )

const often: Snapshots.Options = { everyEvents: 1, everySeconds: 0.05 }

describe("read-model snapshots on SQLite, personal data in clear", () => {
  const file = tempSqlite()
  const layer = (snapshots: Snapshots.Options | false = often) =>
    Sqlite.layer(file.filename, { durability: "normal", personalData: false, snapshots })
  let organizationId = ""
  let campaignId = ""

  beforeAll(async () => {
    await Effect.runPromise(
      program.pipe(
        Effect.provide(
          Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
            Layer.provide(Layer.merge(layer(false), Runtime.deterministic().layer))
          )
        )
      )
    )
    const events = await readAll(file.filename)
    organizationId = (
      events.find((event) => event.type === "OrganizationRegistered")!.data as { organizationId: string }
    ).organizationId
    campaignId = (events.find((event) => event.type === "CampaignCreated")!.data as { campaignId: string }).campaignId
  })
  afterAll(() => file.cleanup())

  it("a start replays the whole log and writes a snapshot at its end; the next start replays nothing", async () => {
    const events = await readAll(file.filename)
    const head = Number(events.at(-1)!.globalPosition)
    expect(rows(file.filename)).toEqual([])
    const first = await startOver(
      layer(),
      () => Effect.void,
      () => rows(file.filename).length > 0
    )
    expect(first.rebuild.snapshotPosition).toBeNull()
    expect(first.rebuild.events).toBe(events.length)
    expect(rows(file.filename).map((row) => [Number(row.position), row.key_subject])).toEqual([[head, null]])
    const second = await startOver(layer(), () => Effect.void)
    expect(second.rebuild.snapshotPosition).toBe(BigInt(head))
    expect(second.rebuild.events).toBe(0)
  })

  it("replays only the events after the snapshot, and answers as a full rebuild", async () => {
    const before = rows(file.filename).at(-1)!
    await startOver(layer(false), () =>
      Effect.asVoid(
        Effect.flatMap(Orga.all, (orga) =>
          orga.createCampaign(admin, { organizationId, name: "Deuxième collecte", type: "PROFILES_COLLECTION" })
        )
      )
    )
    const events = await readAll(file.filename)
    const after = events.filter((event) => event.globalPosition > BigInt(before.position)).length
    expect(after).toBeGreaterThan(0)
    const restarted = await startOver(layer({ everyEvents: 1_000_000, everySeconds: 3_600 }), () => Effect.void)
    expect(restarted.rebuild.snapshotPosition).toBe(BigInt(before.position))
    expect(restarted.rebuild.events).toBe(after)
    const fromSnapshot = await answersOver(
      layer({ everyEvents: 1_000_000, everySeconds: 3_600 }),
      organizationId,
      campaignId
    )
    const full = await answersOver(storeOnly(layer(false)), organizationId, campaignId)
    expect(fromSnapshot.rebuilt).toBe(after)
    expect({ ...fromSnapshot, rebuilt: 0 }).toEqual({ ...full, rebuilt: 0 })
  })

  it("loads into the read models a full fold builds, read model by read model", async () => {
    const events = await readAll(file.filename)
    for (const row of rows(file.filename)) {
      const loaded = ReadModels.make()
      SnapshotCodec.restore(loaded, SnapshotCodec.decode(loaded, row.bytes))
      loaded.apply(events.filter((event) => event.globalPosition > BigInt(row.position)))
      const full = ReadModels.make()
      full.apply(events)
      const [left, right] = [SnapshotCodec.plain(loaded), SnapshotCodec.plain(full)]
      for (const name of Object.keys(right)) expect(left[name], name).toEqual(right[name])
    }
  })

  it("keeps the last two", async () => {
    for (let round = 0; round < 3; round++)
      await startOver(layer(false), () =>
        Effect.asVoid(
          Effect.flatMap(Orga.all, (orga) =>
            orga.createCampaign(admin, { organizationId, name: `Collecte ${round}`, type: "PROFILES_COLLECTION" })
          )
        )
      ).then(() => {
        const head = rows(file.filename).at(-1)!.position
        return startOver(
          layer(),
          () => Effect.void,
          () => rows(file.filename).at(-1)!.position > head
        )
      })
    expect(rows(file.filename)).toHaveLength(2)
  })

  it("ignores a snapshot of other read models or damaged bytes: a full replay, the same answers", async () => {
    const events = await readAll(file.filename)
    const full = await answersOver(storeOnly(layer(false)), organizationId, campaignId)
    exec(file.filename, "UPDATE read_model_snapshots SET fingerprint = 'other' WHERE id <> '~floor'")
    const other = await startOver(layer({ everyEvents: 1_000_000, everySeconds: 3_600, keep: 2 }), () => Effect.void)
    expect(other.rebuild.snapshotPosition).toBeNull()
    expect(other.rebuild.events).toBe(events.length)
    exec(file.filename, "DELETE FROM read_model_snapshots")
    await startOver(
      layer(),
      () => Effect.void,
      () => rows(file.filename).length > 0
    )
    exec(file.filename, "UPDATE read_model_snapshots SET bytes = substr(bytes, 1, length(bytes) - 9)")
    const damaged = await answersOver(
      layer({ everyEvents: 1_000_000, everySeconds: 3_600 }),
      organizationId,
      campaignId
    )
    expect(damaged.rebuilt).toBe(events.length)
    expect(damaged).toEqual(full)
  })

  it("is off with ORGA_SNAPSHOTS=off", async () => {
    exec(file.filename, "DELETE FROM read_model_snapshots")
    process.env.ORGA_SNAPSHOTS = "off"
    try {
      const events = await readAll(file.filename)
      const started = await startOver(layer(), () => Effect.sleep(200))
      expect(started.rebuild.events).toBe(events.length)
      expect(rows(file.filename)).toEqual([])
    } finally {
      delete process.env.ORGA_SNAPSHOTS
    }
  })

  it("is off when the layer is given no snapshots option, unless ORGA_SNAPSHOTS=on", async () => {
    exec(file.filename, "DELETE FROM read_model_snapshots")
    const events = await readAll(file.filename)
    const plain = Sqlite.layer(file.filename, { durability: "normal", personalData: false })
    const off = await startOver(plain, () => Effect.sleep(200))
    expect(off.rebuild.events).toBe(events.length)
    expect(rows(file.filename)).toEqual([])
    process.env.ORGA_SNAPSHOTS = "on"
    try {
      const on = await startOver(
        plain,
        () => Effect.void,
        () => rows(file.filename).length > 0
      )
      expect(on.rebuild.snapshotPosition).toBeNull()
      expect(rows(file.filename).map((row) => Number(row.position))).toEqual([Number(events.at(-1)!.globalPosition)])
    } finally {
      delete process.env.ORGA_SNAPSHOTS
    }
  })
})

describe("read-model snapshots on SQLite, personal data shredded", () => {
  const file = tempSqlite()
  const layer = (snapshots: Snapshots.Options | false = often) =>
    Sqlite.layer(file.filename, { durability: "normal", snapshots })

  beforeAll(async () => {
    await Effect.runPromise(
      program.pipe(
        Effect.provide(
          Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
            Layer.provide(Layer.merge(layer(false), Runtime.deterministic().layer))
          )
        )
      )
    )
  })
  afterAll(() => file.cleanup())

  it("seals the snapshot under a key of its own in the key table, and loads it back", async () => {
    const learners = (orga: Orga.OrgaShape) =>
      Effect.flatMap(
        Effect.map(orga.organizationsForAdmin(Orga.user("pix")), (page) => page),
        () => Effect.succeed(orga.rebuild)
      )
    await startOver(layer(), learners, () => rows(file.filename).length > 0)
    const [row] = rows(file.filename)
    expect(row!.key_subject).toMatch(/^~snapshot:/)
    const connection = new DatabaseSync(file.filename)
    try {
      const key = connection.prepare("SELECT wrapped FROM personal_data_keys WHERE subject = ?").get(row!.key_subject)
      expect(key?.wrapped).toBeInstanceOf(Uint8Array)
    } finally {
      connection.close()
    }
    // Sealed: the v8 bytes of the read models do not decode, and no learner's name is in them.
    expect(() => SnapshotCodec.decode(ReadModels.make(), row!.bytes)).toThrow()
    const again = await startOver(layer({ everyEvents: 1_000_000, everySeconds: 3_600 }), () => Effect.void)
    expect(again.rebuild.snapshotPosition).toBe(BigInt(row!.position))
    expect(again.rebuild.events).toBe(0)
  })

  it("without its key (destroyed), the snapshot is not read: a full replay", async () => {
    const [row] = rows(file.filename)
    exec(file.filename, `UPDATE personal_data_keys SET wrapped = NULL WHERE subject = '${row!.key_subject}'`)
    const events = await readAll(file.filename)
    const started = await startOver(layer({ everyEvents: 1_000_000, everySeconds: 3_600 }), () => Effect.void)
    expect(started.rebuild.snapshotPosition).toBeNull()
    expect(started.rebuild.events).toBe(events.length)
  })

  it("an instance that does not keep snapshots still drops the stored ones, with their keys, when it erases", async () => {
    exec(file.filename, "DELETE FROM read_model_snapshots")
    await startOver(
      layer(),
      () => Effect.void,
      () => rows(file.filename).length > 0
    )
    const stored = rows(file.filename)
    expect(stored.length).toBeGreaterThan(0)
    const learner = (await readAll(file.filename)).find((event) => event.type === "StudentImported")!.data as {
      readonly organizationId: string
      readonly learnerId: string
    }
    await startOver(layer(false), (orga) =>
      orga.eraseLearner(Orga.user("pix"), { organizationId: learner.organizationId, learnerId: learner.learnerId })
    )
    expect(rows(file.filename)).toEqual([])
    const connection = new DatabaseSync(file.filename)
    try {
      for (const row of stored)
        expect(
          connection.prepare("SELECT wrapped FROM personal_data_keys WHERE subject = ?").get(row.key_subject)?.wrapped
        ).toBeNull()
    } finally {
      connection.close()
    }
  })
})
