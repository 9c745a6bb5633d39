/**
 * What the audit trail may say of a deleted participation's events (§4.4): a stream whose every participation is
 * deleted names nobody any more — its events before the deletion lose their actor (the participant), and a
 * participant's own stream (`participation-<campaignId>-user-<userId>`) loses his id. The deletion itself keeps its
 * actor: the member who deleted.
 *
 * @since 0.1.0
 */
import type * as ReadModels from "./ReadModels.ts"

/**
 * Whether the stream is a participation stream whose every participation is deleted.
 *
 * @category guards
 * @since 0.1.0
 */
export const isDeletedParticipationStream = (models: ReadModels.ReadModels, streamId: string): boolean => {
  const stream = models.participationStreams.get(streamId)
  return (
    stream !== undefined &&
    stream.participations.length > 0 &&
    stream.participations.every((participation) => participation.deletedAt !== null)
  )
}

/**
 * An audit entry's actor and stream as they may be shown: anonymised on a deleted participation's stream.
 *
 * @category combinators
 * @since 0.1.0
 */
export const auditEntry = (
  models: ReadModels.ReadModels,
  entry: { readonly streamId: string; readonly actorId: string | null; readonly event: string }
): { readonly streamId: string; readonly actorId: string | null } => {
  if (!isDeletedParticipationStream(models, entry.streamId)) return { streamId: entry.streamId, actorId: entry.actorId }
  const marker = entry.streamId.indexOf("-user-")
  return {
    streamId: marker < 0 ? entry.streamId : `${entry.streamId.slice(0, marker)}-user-anonyme`,
    actorId: entry.event === "ParticipationDeleted" ? entry.actorId : null
  }
}
