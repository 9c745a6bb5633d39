/**
 * The audit trail's view of a deleted participation (§4.4): once every participation of a stream is deleted, its
 * events lose their actor (the deletion keeps who deleted) and a participant's own stream loses his user id; a
 * stream with a live participation is shown as it is.
 */
import { describe, expect, it } from "vitest"
import * as Anonymised from "../src/internal/Anonymised.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"

const at = "2026-09-01T08:00:00.000Z"
const started = (participationId: string, userId: string) => ({
  _tag: "ParticipationStarted",
  participationId,
  campaignId: "c1",
  organizationId: "org-1",
  campaignType: "PROFILES_COLLECTION",
  userId,
  participantExternalId: "EXT-1",
  status: "TO_SHARE",
  isRetry: false,
  isReset: false,
  occurredAt: at
})
const deleted = (participationId: string) => ({
  _tag: "ParticipationDeleted",
  participationId,
  campaignId: "c1",
  deletedBy: "admin",
  reason: "CAMPAIGN_DELETED",
  occurredAt: at
})

const modelsWith = (history: ReadonlyArray<readonly [string, { readonly _tag: string }]>) => {
  const models = ReadModels.make()
  models.apply(
    history.map(([streamId, data], index) => ({
      id: `e${index}`,
      streamId,
      type: data._tag,
      data,
      metadata: {},
      streamVersion: BigInt(index + 1),
      globalPosition: BigInt(index + 1),
      recordedAt: new Date(at),
      commandId: null
    }))
  )
  return models
}

describe("Anonymised", () => {
  const gone = "participation-c1-user-u1"
  const kept = "participation-c1-user-u2"
  const models = modelsWith([
    [gone, started("p1", "u1")],
    [kept, started("p2", "u2")],
    [gone, deleted("p1")]
  ])

  it("shows a deleted participation's events with no actor and no user id; its deletion names who deleted", () => {
    expect(Anonymised.isDeletedParticipationStream(models, gone)).toBe(true)
    expect(Anonymised.auditEntry(models, { streamId: gone, actorId: "u1", event: "ParticipationStarted" })).toEqual({
      streamId: "participation-c1-user-anonyme",
      actorId: null
    })
    expect(Anonymised.auditEntry(models, { streamId: gone, actorId: "admin", event: "ParticipationDeleted" })).toEqual({
      streamId: "participation-c1-user-anonyme",
      actorId: "admin"
    })
    expect(models.participation("p1")).toMatchObject({ userId: null, participantExternalId: null })
  })

  it("shows a live participation and any other stream as they are", () => {
    expect(Anonymised.auditEntry(models, { streamId: kept, actorId: "u2", event: "ParticipationStarted" })).toEqual({
      streamId: kept,
      actorId: "u2"
    })
    expect(
      Anonymised.auditEntry(models, { streamId: "roster-org-1", actorId: "u1", event: "StudentAccountLinked" })
    ).toEqual({ streamId: "roster-org-1", actorId: "u1" })
    expect(models.participation("p2")).toMatchObject({ userId: "u2", participantExternalId: "EXT-1" })
  })
})
