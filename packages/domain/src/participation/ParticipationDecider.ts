/**
 * The participation decider: joining a campaign with Pix's ordered checks (§5.2), the assessment outcome,
 * sharing results or a profile, linking and deletion. "One live participation per learner per campaign" is an
 * invariant of a single stream, kept by optimistic concurrency. `decide` returns events or one domain error
 * and never throws; `evolve` is total.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as CampaignError from "../campaign/CampaignError.ts"
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import * as TargetProfile from "../referential/TargetProfile.ts"
import * as Participation from "./Participation.ts"
import * as Command from "./ParticipationCommand.ts"
import * as ParticipationError from "./ParticipationError.ts"
import * as Event from "./ParticipationEvent.ts"

type Decision = Result.Result<ReadonlyArray<Event.ParticipationEvent>, DomainError.DomainError>

const latestFor = (state: Participation.ParticipationState, userId: string) =>
  state.participations.findLast((participation) => participation.userId === userId)

const fail = <E extends DomainError.DomainError>(error: E) => Result.fail(error)

// §5.2, in Pix's order; each step refuses or lets the next one judge.
const join = (command: Command.JoinCampaign, state: Participation.FullState): Decision =>
  Result.gen(function* () {
    const { campaign, learner, userId } = command
    if (state.participations.some((participation) => participation.participationId === command.participationId))
      return yield* fail(ParticipationError.duplicateParticipationId(command.participationId))
    if (command.placesLimitReached === true)
      return yield* fail(ParticipationError.maximumPlacesReached(campaign.organizationId))
    if (learner?.isDisabled === true) return yield* fail(ParticipationError.learnerDisabled(learner.learnerId))
    if (campaign.isArchived) return yield* fail(ParticipationError.campaignArchived(campaign.campaignId))
    if (campaign.isDeleted) return yield* fail(ParticipationError.campaignDeleted(campaign.campaignId))
    if (campaign.isRestricted && learner === null)
      return yield* fail(ParticipationError.restricted(campaign.campaignId, userId))
    const previous = latestFor(state, userId)
    if (previous !== undefined && !campaign.multipleSendings)
      return yield* fail(ParticipationError.alreadyExisting(campaign.campaignId, userId))
    if (previous !== undefined && previous.deletedAt !== null)
      return yield* fail(ParticipationError.cannotRetake("PREVIOUS_PARTICIPATION_DELETED"))
    if (previous !== undefined && previous.status !== "SHARED")
      return yield* fail(ParticipationError.cannotRetake("PREVIOUS_PARTICIPATION_NOT_SHARED"))
    const isReset = command.isReset === true
    if (
      !isReset &&
      previous !== undefined &&
      campaign.type === "ASSESSMENT" &&
      previous.validatedSkillsCount >= campaign.targetSkillsCount
    )
      return yield* fail(ParticipationError.cannotRetake("NOTHING_TO_IMPROVE"))
    if (isReset && previous !== undefined && !Participation.canReset(previous, command))
      return yield* fail(
        ParticipationError.notEnoughDaysBeforeReset(
          command.daysBeforeRetrying ?? Participation.defaultDaysBeforeRetrying
        )
      )
    const typedExternalId = command.participantExternalId?.trim() ? command.participantExternalId.trim() : null
    if (campaign.externalIdLabel !== null && typedExternalId === null && previous === undefined)
      return yield* fail(ParticipationError.externalIdRequired())
    if (typedExternalId !== null && typedExternalId.length > 255)
      return yield* fail(ParticipationError.externalIdTooLong())
    if (
      learner !== null &&
      state.participations.some((participation) => participation.userId !== userId && participation.deletedAt === null)
    )
      return yield* fail(ParticipationError.learnerAlreadyParticipated(learner.learnerId))
    const events: Array<Event.ParticipationEvent> = []
    if (previous !== undefined)
      events.push(
        Event.ParticipationImproved.make({
          participationId: previous.participationId,
          campaignId: campaign.campaignId,
          improvedBy: command.participationId,
          occurredAt: command.now
        })
      )
    events.push(
      Event.ParticipationStarted.make({
        participationId: command.participationId,
        campaignId: campaign.campaignId,
        organizationId: campaign.organizationId,
        campaignType: campaign.type,
        userId,
        // A retake keeps the external id of the previous participation.
        participantExternalId:
          previous?.participantExternalId ?? (campaign.externalIdLabel === null ? null : typedExternalId),
        status: campaign.type === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
        isRetry: previous !== undefined,
        isReset: isReset && previous !== undefined,
        occurredAt: command.now
      })
    )
    if (learner !== null)
      events.push(
        Event.ParticipationLinked.make({
          participationId: command.participationId,
          campaignId: campaign.campaignId,
          learnerId: learner.learnerId,
          userId,
          occurredAt: command.now
        })
      )
    return events
  })

const find = (state: Participation.ParticipationState, participationId: string) => {
  const participation = state.participations.find((candidate) => candidate.participationId === participationId)
  return participation === undefined
    ? fail(ParticipationError.notFound(participationId))
    : Result.succeed(participation)
}

const link = (command: Command.LinkParticipation, state: Participation.FullState): Decision =>
  Result.gen(function* () {
    const participation = yield* find(state, command.participationId)
    if (participation.deletedAt !== null)
      return yield* fail(ParticipationError.participationDeleted(participation.participationId))
    // Linking again to the same learner is a retried command: nothing new to record.
    if (participation.learnerId === command.learnerId) return []
    if (participation.learnerId !== null)
      return yield* fail(ParticipationError.alreadyLinked(participation.participationId, participation.learnerId))
    return [
      Event.ParticipationLinked.make({
        participationId: participation.participationId,
        campaignId: participation.campaignId,
        learnerId: command.learnerId,
        userId: participation.userId,
        occurredAt: command.now
      })
    ]
  })

const recordOutcome = (command: Command.RecordAssessmentOutcome, state: Participation.FullState): Decision =>
  Result.gen(function* () {
    const participation = yield* find(state, command.participationId)
    if (participation.campaignType !== "ASSESSMENT")
      return yield* fail(ParticipationError.wrongCampaignType(participation.participationId, "ASSESSMENT"))
    if (participation.deletedAt !== null)
      return yield* fail(ParticipationError.participationDeleted(participation.participationId))
    if (participation.status !== "STARTED")
      return yield* fail(ParticipationError.assessmentAlreadyCompleted(participation.participationId))
    // Only the target profile's skills say something about this campaign.
    const targetSkillIds = new Set(command.targetProfile.skills.map((skill) => skill.id))
    const inProfile = (ids: ReadonlyArray<string>) => [...new Set(ids)].filter((id) => targetSkillIds.has(id))
    const validatedSkillIds = inProfile(command.validatedSkillIds)
    return [
      Event.AssessmentCompleted.make({
        participationId: participation.participationId,
        campaignId: participation.campaignId,
        validatedSkillIds,
        // A validated skill was tested.
        testedSkillIds: inProfile([...command.testedSkillIds, ...validatedSkillIds]),
        occurredAt: command.now
      })
    ]
  })

// Pix's order: already shared, archived campaign, deleted campaign, deleted participation, assessment running.
const shareable = (
  command: Command.ShareParticipation | Command.ShareProfile,
  state: Participation.FullState,
  type: CampaignEvent.CampaignType
) =>
  Result.gen(function* () {
    const participation = yield* find(state, command.participationId)
    const { participationId, campaignId } = participation
    if (participation.userId !== command.userId)
      return yield* fail(ParticipationError.notOwnParticipation(participationId, command.userId))
    if (participation.campaignType !== type)
      return yield* fail(ParticipationError.wrongCampaignType(participationId, type))
    if (participation.status === "SHARED") return yield* fail(ParticipationError.alreadyShared(participationId))
    if (command.campaign.isArchived) return yield* fail(CampaignError.alreadyArchived(campaignId))
    if (command.campaign.isDeleted) return yield* fail(CampaignError.alreadyDeleted(campaignId))
    if (participation.deletedAt !== null) return yield* fail(ParticipationError.participationDeleted(participationId))
    if (participation.status === "STARTED")
      return yield* fail(ParticipationError.assessmentNotCompleted(participationId))
    return participation
  })

const share = (command: Command.ShareParticipation, state: Participation.FullState): Decision =>
  Result.gen(function* () {
    const participation = yield* shareable(command, state, "ASSESSMENT")
    // Mastery is computed from the last recorded outcome, as it is at share time.
    const validated = state.outcomes[participation.participationId] ?? []
    const mastery = TargetProfile.mastery(command.targetProfile, validated)
    return [
      Event.ParticipationShared.make({
        participationId: participation.participationId,
        campaignId: participation.campaignId,
        validatedSkillsCount: mastery.validatedSkillsCount,
        targetSkillsCount: mastery.targetSkillsCount,
        masteryRate: mastery.masteryRate,
        competences: mastery.competences,
        areas: mastery.areas,
        occurredAt: command.now
      })
    ]
  })

const shareProfile = (command: Command.ShareProfile, state: Participation.FullState): Decision =>
  Result.gen(function* () {
    const participation = yield* shareable(command, state, "PROFILES_COLLECTION")
    const profile = yield* Participation.profileOf(command.profile, command.levelSettings)
    return [
      Event.ProfileShared.make({
        participationId: participation.participationId,
        campaignId: participation.campaignId,
        ...profile,
        occurredAt: command.now
      })
    ]
  })

const remove = (command: Command.DeleteParticipations, state: Participation.FullState): Decision =>
  Result.gen(function* () {
    if (command.actor.userId !== command.campaignOwnerId && command.actor.role !== "ADMIN")
      return yield* fail(ParticipationError.notAllowedToDelete(command.actor.userId))
    const live = state.participations.filter((participation) => participation.deletedAt === null)
    if (live.length === 0) return yield* fail(ParticipationError.notFound())
    return live.map((participation) =>
      Event.ParticipationDeleted.make({
        participationId: participation.participationId,
        campaignId: participation.campaignId,
        deletedBy: command.actor.userId,
        reason: command.reason,
        occurredAt: command.now
      })
    )
  })

const isCommand = Schema.is(Command.ParticipationCommand)

/**
 * Decides a participation command against the stream's state; never throws.
 *
 * @since 0.1.0
 */
export const decide = (command: Command.ParticipationCommand, state: Participation.FullState): Decision => {
  // A command that bypassed its schema (a cast, unchecked input) is refused, never thrown on.
  if (!isCommand(command)) return Result.fail(DomainError.invalidCommand(command))
  switch (command._tag) {
    case "JoinCampaign":
      return join(command, state)
    case "LinkParticipation":
      return link(command, state)
    case "RecordAssessmentOutcome":
      return recordOutcome(command, state)
    case "ShareParticipation":
      return share(command, state)
    case "ShareProfile":
      return shareProfile(command, state)
    case "DeleteParticipations":
      return remove(command, state)
  }
}

/**
 * Folds one event; total: events about unknown participations change nothing.
 *
 * @since 0.1.0
 */
export const evolve = (state: Participation.FullState, event: Event.ParticipationEvent): Participation.FullState => {
  const index = state.participations.findIndex(
    (participation) => participation.participationId === event.participationId
  )
  if (event._tag === "ParticipationStarted")
    return index >= 0 ? state : { ...state, participations: [...state.participations, Participation.started(event)] }
  if (index < 0) return state
  // The one definition of each event's effect (`Participation.change`), run here on a copy; the read models run
  // it in place (`ParticipationsProjection`).
  const participations = [...state.participations]
  const participation: Participation.Draft = { ...participations[index]! }
  Participation.change(participation, event)
  participations[index] = participation
  return { participations, outcomes: Participation.outcomesAfter(state.outcomes, event) }
}

/**
 * The participation decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<
  Command.ParticipationCommand,
  Participation.FullState,
  Event.ParticipationEvent,
  DomainError.DomainError
> = {
  initialState: Participation.initial,
  evolve,
  decide
}
