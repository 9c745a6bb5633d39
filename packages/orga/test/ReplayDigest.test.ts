/**
 * The replay's digest of a shared profile (sent by the reading thread instead of the event's 16 competence
 * objects) keeps every field but the competences, which become two arrays in the same order; it leaves every
 * other text as it is; and the read models fold a digest exactly as they fold the event.
 */

import { ParticipationsProjection } from "@orga/domain"
import { ParticipationArbitraries } from "@orga/domain/testing"
import type { EventStore } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as ReplayDigest from "../src/internal/ReplayDigest.ts"
import { snapshot } from "./support/replayCheck.ts"

const profileShared = ParticipationArbitraries.event.filter((event) => event._tag === "ProfileShared")
const otherEvent = ParticipationArbitraries.event.filter((event) => event._tag !== "ProfileShared")

const digested = (data: unknown): unknown => JSON.parse(ReplayDigest.digest(JSON.stringify(data)))

const recorded = (history: ReadonlyArray<{ streamId: string; data: unknown }>): Array<EventStore.RecordedEvent> => {
  const versions = new Map<string, bigint>()
  return history.map(({ streamId, data }, index) => {
    const streamVersion = (versions.get(streamId) ?? 0n) + 1n
    versions.set(streamId, streamVersion)
    return {
      id: `e${index}`,
      type: (data as { _tag: string })._tag,
      streamId,
      streamVersion,
      globalPosition: BigInt(index + 1),
      data,
      metadata: {},
      recordedAt: new Date(0)
    } as EventStore.RecordedEvent
  })
}

describe("ReplayDigest", () => {
  it("keeps every field of a shared profile but its competences, which become ids and pix in order", () => {
    fc.assert(
      fc.property(profileShared, (event) => {
        const { competences, ...rest } = event as typeof event & {
          competences: ReadonlyArray<{ competenceId: string; pixScore: number }>
        }
        expect(digested(event)).toEqual({
          ...rest,
          competenceIds: competences.map((competence) => competence.competenceId),
          pixScores: competences.map((competence) => competence.pixScore)
        })
        expect(ParticipationsProjection.isDigest(digested(event) as object)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("leaves any other text as it is", () => {
    const unchanged = fc.oneof(
      otherEvent.map((event) => JSON.stringify(event)),
      fc.json(),
      fc.string().map((text) => JSON.stringify({ _tag: "Other", note: `"ProfileShared"${text}` })),
      fc.constantFrom(
        '{"_tag":"ProfileShared","competences":"not a list"}',
        '{"_tag":"ProfileShared","competences":[{"competenceId":1,"pixScore":2}]}',
        '{"_tag":"ProfileShared"}',
        '["ProfileShared"]',
        '"ProfileShared"'
      )
    )
    fc.assert(
      fc.property(unchanged, (text) => {
        expect(ReplayDigest.digest(text)).toBe(text)
      }),
      { numRuns: 300 }
    )
  })

  it("is folded by the read models as the event itself, on any history", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            streamId: fc.constantFrom("participation-a", "participation-b", "participation-c"),
            data: ParticipationArbitraries.event
          }),
          { maxLength: 40 }
        ),
        (history) => {
          const plain = ReadModels.make()
          const fromDigests = ReadModels.make()
          plain.apply(recorded(history))
          fromDigests.apply(recorded(history.map(({ streamId, data }) => ({ streamId, data: digested(data) }))))
          expect(snapshot(fromDigests)).toEqual(snapshot(plain))
        }
      ),
      { numRuns: 300 }
    )
  })
})
