/**
 * The states of participation streams as the read models keep them: the domain's `ParticipationDecider.evolve`,
 * mirrored on mutable objects. A rebuild folds hundreds of thousands of participation events; the domain's
 * fold copies the stream's state, its list and the participation at each one, and the read models would then
 * write the copy back into their map. A test checks both folds agree on any history.
 *
 * The states are handed to the domain's deciders as they are (`Participation.FullState`): deciders read them
 * synchronously and keep nothing.
 *
 * @since 0.1.0
 */
import type { Participation, ParticipationEvent } from "./Domain.ts"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * A participation, updated in place.
 *
 * @since 0.1.0
 */
export type MutableParticipation = Mutable<Participation.Participation>

/**
 * A participation stream's state, updated in place.
 *
 * @since 0.1.0
 */
export interface StreamState extends Participation.FullState {
  readonly participations: Array<MutableParticipation>
  /** Shared and frozen while empty (most streams never record an outcome); replaced at the first one. */
  outcomes: Readonly<Record<string, ReadonlyArray<string>>>
}

const noOutcomes: Readonly<Record<string, ReadonlyArray<string>>> = Object.freeze({})

/**
 * The state of a stream without events.
 *
 * @since 0.1.0
 */
export const empty = (): StreamState => ({ participations: [], outcomes: noOutcomes })

const find = (state: StreamState, participationId: string): MutableParticipation | undefined => {
  for (const participation of state.participations)
    if (participation.participationId === participationId) return participation
  return undefined
}

/**
 * Folds one event into `state`, in place, as `ParticipationDecider.evolve` folds it. Answers the participation the
 * event is about (undefined when the stream does not hold it, and the event changed nothing).
 *
 * @since 0.1.0
 */
export const evolve = (
  state: StreamState,
  event: ParticipationEvent.ParticipationEvent
): MutableParticipation | undefined => {
  const participation = find(state, event.participationId)
  if (event._tag === "ParticipationStarted") {
    if (participation !== undefined) return participation
    const started: MutableParticipation = {
      participationId: event.participationId,
      campaignId: event.campaignId,
      organizationId: event.organizationId,
      campaignType: event.campaignType,
      userId: event.userId,
      learnerId: null,
      participantExternalId: event.participantExternalId,
      status: event.status,
      isImproved: false,
      createdAt: event.occurredAt,
      sharedAt: null,
      deletedAt: null,
      validatedSkillsCount: 0,
      masteryRate: null,
      pixScore: null,
      isCertifiable: null
    }
    state.participations.push(started)
    return started
  }
  if (participation === undefined) return undefined
  switch (event._tag) {
    case "ParticipationLinked":
      participation.learnerId = event.learnerId
      break
    case "ParticipationImproved":
      participation.isImproved = true
      break
    case "AssessmentCompleted": {
      if (participation.status === "STARTED") participation.status = "TO_SHARE"
      participation.validatedSkillsCount = event.validatedSkillIds.length
      const outcomes: Record<string, ReadonlyArray<string>> = state.outcomes === noOutcomes ? {} : { ...state.outcomes }
      outcomes[event.participationId] = event.validatedSkillIds
      state.outcomes = outcomes
      break
    }
    case "ParticipationShared":
      participation.status = "SHARED"
      participation.sharedAt = event.occurredAt
      participation.validatedSkillsCount = event.validatedSkillsCount
      participation.masteryRate = event.masteryRate
      break
    case "ProfileShared":
      participation.status = "SHARED"
      participation.sharedAt = event.occurredAt
      participation.masteryRate = event.masteryRate
      participation.pixScore = event.pixScore
      participation.isCertifiable = event.isCertifiable
      break
    case "ParticipationDeleted":
      participation.deletedAt = event.occurredAt
      break
  }
  return participation
}
