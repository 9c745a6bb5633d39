/**
 * A snapshot taken anywhere in a log, loaded and followed by the rest of the log, gives the read models a full fold
 * gives, read model by read model, and the same participation views (random logs of the domain's events, cut at a random point); the bytes carry
 * the roster's persistent maps; damaged bytes or another shape are refused with nothing changed.
 */
import * as V8 from "node:v8"
import * as Zlib from "node:zlib"
import { PersistentMap } from "@orga/domain"
import { Arbitraries, CampaignArbitraries, ParticipationArbitraries } from "@orga/domain/testing"
import type { EventStore } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as SnapshotCodec from "../src/internal/SnapshotCodec.ts"

const streamId = fc.constantFrom("s-1", "s-2", "s-3", "participation-p1", "roster-org1")

// Events on small pools of ids (so that they meet the same organizations, learners and participations), and any
// event of the domain for breadth.
const anyEvent = fc.oneof(
  Arbitraries.organizationEventInPools,
  Arbitraries.rosterEventInPools,
  CampaignArbitraries.event,
  ParticipationArbitraries.event,
  Arbitraries.event
)

const log = fc.array(fc.record({ streamId, data: anyEvent }), { maxLength: 40 }).map((items) =>
  items.map(
    (item, index): EventStore.RecordedEvent =>
      ({
        id: `e${index}`,
        type: (item.data as { _tag: string })._tag,
        streamId: item.streamId,
        streamVersion: BigInt(index + 1),
        globalPosition: BigInt(index + 1),
        data: item.data,
        metadata: {},
        recordedAt: new Date(0)
      }) as unknown as EventStore.RecordedEvent
  )
)

/** Folds events one by one, as far as the folds accept them (a random log may hold events no decider made). */
const foldable = (events: ReadonlyArray<EventStore.RecordedEvent>) => {
  const accepted: Array<EventStore.RecordedEvent> = []
  const probe = ReadModels.make()
  for (const event of events) {
    try {
      probe.apply([event])
      accepted.push(event)
    } catch {
      // A fold refused it: the property holds on the logs the folds accept.
      return accepted
    }
  }
  return accepted
}

const expectSameModels = (actual: ReadModels.ReadModels, expected: ReadModels.ReadModels) => {
  const left = SnapshotCodec.plain(actual)
  const right = SnapshotCodec.plain(expected)
  for (const name of Object.keys(right)) expect(left[name], name).toEqual(right[name])
}

describe("read-model snapshots", () => {
  it("loaded at any point of a log and followed by the rest, equal a full fold (every read model)", () => {
    fc.assert(
      fc.property(log, fc.nat(), (raw, at) => {
        const events = foldable(raw)
        const cut = events.length === 0 ? 0 : at % (events.length + 1)
        const before = ReadModels.make()
        before.apply(events.slice(0, cut))
        // Queries fill the participations' views cache: it is left out of the snapshot, made again when read.
        for (const ids of before.participationsByCampaign.values()) for (const id of ids) before.participation(id)
        const loaded = ReadModels.make()
        SnapshotCodec.restore(loaded, SnapshotCodec.decode(loaded, SnapshotCodec.capture(before)))
        expectSameModels(loaded, before)
        loaded.apply(events.slice(cut))
        const full = ReadModels.make()
        full.apply(events)
        expectSameModels(loaded, full)
        for (const ids of full.participationsByCampaign.values())
          for (const id of ids) expect(loaded.participation(id)).toEqual(full.participation(id))
      }),
      { numRuns: 200 }
    )
  })

  it("carries persistent maps and shared references through the bytes", () => {
    const models = ReadModels.make()
    const shared = { learnerId: "l1" }
    const persistent = PersistentMap.PersistentMap.fromEntries([["a", shared]])
    ;(models.roots.features as Map<string, unknown>).set("org1", { persistent, again: shared })
    const loaded = ReadModels.make()
    SnapshotCodec.restore(loaded, SnapshotCodec.decode(loaded, SnapshotCodec.capture(models)))
    const value = (loaded.roots.features as Map<string, { persistent: unknown; again: unknown }>).get("org1")!
    expect(value.persistent).toBeInstanceOf(PersistentMap.PersistentMap)
    expect((value.persistent as PersistentMap.PersistentMap<string, unknown>).get("a")).toBe(value.again)
  })

  it("refuses to capture a value it could not load back the same", () => {
    const models = ReadModels.make()
    class Opaque {
      readonly #hidden = 1
      get hidden() {
        return this.#hidden
      }
    }
    ;(models.roots.features as Map<string, unknown>).set("org1", new Opaque())
    expect(() => SnapshotCodec.capture(models)).toThrow(/Opaque/)
  })

  it("refuses damaged bytes and bytes of another shape, leaving the read models as they were", () => {
    const models = ReadModels.make()
    models.apply(
      foldable([
        {
          id: "e1",
          type: "OrganizationRegistered",
          streamId: "organization-org1",
          streamVersion: 1n,
          globalPosition: 1n,
          data: {
            _tag: "OrganizationRegistered",
            organizationId: "org1",
            name: "Collège",
            type: "SCO",
            uai: null,
            isManagingStudents: true,
            identityProviderForCampaigns: null,
            contactEmail: null,
            actorId: null,
            occurredAt: "2026-10-01T08:00:00.000Z"
          },
          metadata: {},
          recordedAt: new Date(0)
        } as unknown as EventStore.RecordedEvent
      ])
    )
    const bytes = SnapshotCodec.capture(models)
    const target = ReadModels.make()
    expect(() => SnapshotCodec.decode(target, bytes.subarray(0, bytes.length - 7))).toThrow()
    expect(() => SnapshotCodec.decode(target, SnapshotCodec.capture(ReadModels.make()).subarray(0, 3))).toThrow()
    const other = { tagged: false, roots: { ...SnapshotCodec.plain(models), organizations: [] } }
    expect(() => SnapshotCodec.decode(target, Zlib.zstdCompressSync(V8.serialize(other)))).toThrow(/organizations/)
    expect(() => SnapshotCodec.decode(target, Zlib.zstdCompressSync(V8.serialize({ something: "else" })))).toThrow(
      /snapshot/
    )
    expect(SnapshotCodec.plain(target)).toEqual(SnapshotCodec.plain(ReadModels.make()))
  })

  it("saves every state the read models expose (a read model added without its root would load empty)", () => {
    const models = ReadModels.make()
    const saved = new Set<unknown>()
    for (const root of Object.values(models.roots)) {
      saved.add(root)
      if (!(root instanceof Map) && !(root instanceof Set)) for (const field of Object.values(root)) saved.add(field)
    }
    const missing = Object.entries(models)
      .filter(([name, value]) => name !== "roots" && name !== "readModels" && typeof value === "object")
      .filter(([, value]) => !saved.has(value))
      .map(([name]) => name)
    expect(missing).toEqual([])
  })

  it("fingerprints the read models: the same code, the same fingerprint", () => {
    expect(SnapshotCodec.fingerprint(ReadModels.make())).toBe(SnapshotCodec.fingerprint(ReadModels.make()))
    expect(SnapshotCodec.fingerprint(ReadModels.make())).toMatch(/^[0-9a-f]{32}$/)
  })
})
