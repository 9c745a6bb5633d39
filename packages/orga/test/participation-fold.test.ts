/**
 * The participation read model keeps each stream's state as `ParticipationDecider.evolve` leaves it, whatever the
 * batches cut; the views queries read show the figures of the last share (kept compactly, turned into records
 * when first read) and a view already handed out never changes (the stream's state, which only deciders read, is
 * updated in place).
 */
import type { EventStore } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Participation, ParticipationDecider, type ParticipationEvent } from "../src/internal/Domain.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"

const campaignId = "campaign-1"
const participationId = fc.constantFrom("p1", "p2", "p3")
const streamId = fc.constantFrom("participation-a", "participation-b")
const occurredAt = fc.constantFrom("2026-09-01T08:00:00.000Z", "2026-09-02T08:00:00.000Z")
const skills = fc.uniqueArray(fc.constantFrom("s1", "s2", "s3", "s4"), { maxLength: 4 })
const competences = fc.uniqueArray(fc.constantFrom("1.1", "1.2", "2.1", "3.4"), { minLength: 1, maxLength: 4 })

const event: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .record({
      participationId,
      occurredAt,
      campaignType: fc.constantFrom("ASSESSMENT", "PROFILES_COLLECTION"),
      status: fc.constantFrom("STARTED", "TO_SHARE"),
      participantExternalId: fc.constantFrom(null, "ext-1"),
      userId: fc.constantFrom("u1", "u2")
    })
    .map((fields) => ({
      _tag: "ParticipationStarted",
      campaignId,
      organizationId: "org-1",
      isRetry: false,
      isReset: false,
      ...fields
    })),
  fc
    .record({ participationId, occurredAt, learnerId: fc.constantFrom("l1", "l2") })
    .map((fields) => ({ _tag: "ParticipationLinked", campaignId, userId: "u1", ...fields })),
  fc
    .record({ participationId, occurredAt })
    .map((fields) => ({ _tag: "ParticipationImproved", campaignId, improvedBy: "p9", ...fields })),
  fc
    .record({ participationId, occurredAt, validatedSkillIds: skills, testedSkillIds: skills })
    .map((fields) => ({ _tag: "AssessmentCompleted", campaignId, ...fields })),
  fc
    .record({
      participationId,
      occurredAt,
      validatedSkillsCount: fc.nat({ max: 4 }),
      masteryRate: fc.constantFrom(0, 0.25, 1),
      competences
    })
    .map(({ competences, ...fields }) => ({
      _tag: "ParticipationShared",
      campaignId,
      targetSkillsCount: 4,
      competences: competences.map((id, index) => ({ id, validatedSkillsCount: index, targetSkillsCount: 4 })),
      areas: [],
      ...fields
    })),
  fc
    .record({
      participationId,
      occurredAt,
      pixScore: fc.nat({ max: 640 }),
      isCertifiable: fc.boolean(),
      competences
    })
    .map(({ competences, ...fields }) => ({
      _tag: "ProfileShared",
      campaignId,
      masteryRate: fields.pixScore / 640,
      certifiableCompetencesCount: 0,
      competences: competences.map((competenceId, index) => ({ competenceId, pixScore: index * 8, level: index })),
      ...fields
    })),
  fc.record({ participationId, occurredAt }).map((fields) => ({
    _tag: "ParticipationDeleted",
    campaignId,
    deletedBy: "u1",
    reason: "CAMPAIGN_DELETED",
    ...fields
  }))
)

const recorded = (history: ReadonlyArray<{ streamId: string; data: Record<string, unknown> }>) =>
  history.map(
    ({ streamId, data }, index): EventStore.RecordedEvent => ({
      id: `e${index}`,
      streamId,
      type: data._tag as string,
      data,
      metadata: {},
      streamVersion: BigInt(history.slice(0, index + 1).filter((other) => other.streamId === streamId).length),
      globalPosition: BigInt(index + 1),
      recordedAt: new Date(0),
      commandId: null
    })
  )

describe("participation read model", () => {
  it("agrees with ParticipationDecider.evolve on any history, whatever the batches", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ streamId, data: event }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (history, batch) => {
          const models = ReadModels.make()
          const events = recorded(history)
          for (let start = 0; start < events.length; start += batch) models.apply(events.slice(start, start + batch))
          const expected = new Map<string, Participation.FullState>()
          for (const { streamId, data } of history)
            expected.set(
              streamId,
              ParticipationDecider.evolve(
                expected.get(streamId) ?? Participation.initial,
                data as unknown as ParticipationEvent.ParticipationEvent
              )
            )
          expect(new Map(models.participationStreams)).toEqual(expected)
        }
      ),
      { numRuns: 200 }
    )
  })

  it("shows the last share in a fresh view and leaves views already handed out as they were", () => {
    const models = ReadModels.make()
    const started = {
      _tag: "ParticipationStarted",
      participationId: "p1",
      campaignId,
      organizationId: "org-1",
      campaignType: "PROFILES_COLLECTION",
      userId: "u1",
      participantExternalId: null,
      status: "TO_SHARE",
      isRetry: false,
      isReset: false,
      occurredAt: "2026-09-01T08:00:00.000Z"
    }
    models.apply(recorded([{ streamId: "participation-a", data: started }]))
    const viewBefore = models.participation("p1")!
    models.apply(
      recorded([
        { streamId: "participation-a", data: started },
        {
          streamId: "participation-a",
          data: {
            _tag: "ProfileShared",
            participationId: "p1",
            campaignId,
            competences: [
              { competenceId: "1.1", pixScore: 16, level: 2 },
              { competenceId: "1.2", pixScore: 8, level: 1 }
            ],
            pixScore: 24,
            masteryRate: 24 / 640,
            isCertifiable: false,
            certifiableCompetencesCount: 0,
            occurredAt: "2026-09-02T08:00:00.000Z"
          }
        }
      ]).slice(1)
    )
    // The stream's state is updated in place (deciders read it at once); a view handed out is a copy.
    expect(models.participationStreams.get("participation-a")!.participations[0]!.status).toBe("SHARED")
    expect(viewBefore.status).toBe("TO_SHARE")
    expect(viewBefore.sharedAt).toBeNull()
    expect(viewBefore.pixByCompetence).toBeNull()
    const after = models.participation("p1")!
    expect(after.status).toBe("SHARED")
    expect(after.pixByCompetence).toEqual({ "1.1": 16, "1.2": 8 })
    expect(after.validatedByCompetence).toEqual({})
  })
})
