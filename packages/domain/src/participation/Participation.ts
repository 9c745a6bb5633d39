/**
 * The participation decider: joining a campaign with Pix's ordered checks (§5.2), the assessment outcome,
 * sharing results or a profile, and deletion.
 *
 * One stream per participant and campaign holds all his participations (retakes included), so "one live
 * participation per learner per campaign" is an invariant of a single stream, kept by optimistic
 * concurrency. Facts from other streams (the campaign, the learner, the target profile) arrive inside the
 * commands.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as Campaign from "../campaign/Campaign.ts"
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import * as Competences from "../referential/Competences.ts"
import * as TargetProfile from "../referential/TargetProfile.ts"
import type * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"
import type * as Event from "./ParticipationEvent.ts"

/**
 * What joining needs to know of the campaign.
 *
 * @since 0.1.0
 */
export interface CampaignToJoin {
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly type: CampaignEvent.CampaignType
  readonly isArchived: boolean
  readonly isDeleted: boolean
  /** The organization manages its students (or imports learners): only its learners may join (§5.3). */
  readonly isRestricted: boolean
  readonly multipleSendings: boolean
  readonly externalIdLabel: string | null
  /** How many skills the target profile has (0 for a profiles collection). */
  readonly targetSkillsCount: number
  /** The target profile lets a participant reset his knowledge to retake. */
  readonly targetProfileResettable: boolean
}

/**
 * Join a campaign (start a participation).
 *
 * @since 0.1.0
 */
export interface JoinCampaign {
  readonly _tag: "JoinCampaign"
  readonly participationId: Ids.ParticipationId
  readonly userId: Ids.UserId
  readonly campaign: CampaignToJoin
  /** The user's learner in the campaign's organization, if any. */
  readonly learner: { readonly learnerId: Ids.LearnerId; readonly isDisabled: boolean } | null
  readonly participantExternalId?: string | null | undefined
  readonly isReset?: boolean | undefined
  /** The organization has places management and no place is left. */
  readonly placesLimitReached?: boolean | undefined
  /** Days to wait after sharing before a reset (a setting, 4 by default). */
  readonly daysBeforeRetrying?: number | undefined
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Record the outcome of the assessment of the current participation (DECISIONS 8).
 *
 * @since 0.1.0
 */
export interface RecordAssessmentOutcome {
  readonly _tag: "RecordAssessmentOutcome"
  readonly participationId: Ids.ParticipationId
  readonly targetProfile: TargetProfile.TargetProfile
  readonly validatedSkillIds: ReadonlyArray<string>
  readonly testedSkillIds: ReadonlyArray<string>
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Share the results of an ASSESSMENT participation.
 *
 * @since 0.1.0
 */
export interface ShareParticipation {
  readonly _tag: "ShareParticipation"
  readonly participationId: Ids.ParticipationId
  readonly userId: Ids.UserId
  readonly campaign: { readonly isArchived: boolean; readonly isDeleted: boolean }
  readonly targetProfile: TargetProfile.TargetProfile
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Share the Pix profile of a PROFILES_COLLECTION participation: the pix of each competence at share time
 * (missing competences count 0 pix).
 *
 * @since 0.1.0
 */
export interface ShareProfile {
  readonly _tag: "ShareProfile"
  readonly participationId: Ids.ParticipationId
  readonly userId: Ids.UserId
  readonly campaign: { readonly isArchived: boolean; readonly isDeleted: boolean }
  readonly profile: ReadonlyArray<{ readonly competenceId: string; readonly pixScore: number }>
  readonly levelSettings?: Competences.LevelSettings | undefined
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Delete every live participation of the stream: by the campaign's owner or an admin
 * (`PARTICIPATION_DELETED`), or because the campaign was deleted (`CAMPAIGN_DELETED`).
 *
 * @since 0.1.0
 */
export interface DeleteParticipations {
  readonly _tag: "DeleteParticipations"
  readonly actor: Campaign.Actor
  readonly campaignOwnerId: Ids.UserId
  readonly reason: Event.DeletionReason
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Link a participation started without a learner (an open campaign) to the learner the participant got
 * since (e.g. after reconciliation).
 *
 * @since 0.1.0
 */
export interface LinkParticipation {
  readonly _tag: "LinkParticipation"
  readonly participationId: Ids.ParticipationId
  readonly learnerId: Ids.LearnerId
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Every command of the participation decider.
 *
 * @since 0.1.0
 */
export type ParticipationCommand =
  | JoinCampaign
  | LinkParticipation
  | RecordAssessmentOutcome
  | ShareParticipation
  | ShareProfile
  | DeleteParticipations

/**
 * One participation as its stream tells it.
 *
 * @since 0.1.0
 */
export interface Participation {
  readonly participationId: Ids.ParticipationId
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly campaignType: CampaignEvent.CampaignType
  readonly userId: Ids.UserId
  readonly learnerId: Ids.LearnerId | null
  readonly participantExternalId: string | null
  readonly status: Event.ParticipationStatus
  readonly isImproved: boolean
  readonly createdAt: Timestamp.Timestamp
  readonly sharedAt: Timestamp.Timestamp | null
  readonly deletedAt: Timestamp.Timestamp | null
  readonly validatedSkillsCount: number
  readonly masteryRate: number | null
  readonly pixScore: number | null
  readonly isCertifiable: boolean | null
}

/**
 * The state of a participation stream: its participations, oldest first.
 *
 * @since 0.1.0
 */
export interface ParticipationState {
  readonly participations: ReadonlyArray<Participation>
}

/**
 * The default number of days between sharing and a reset (Pix's `dayBeforeRetrying`).
 *
 * @since 0.1.0
 */
export const defaultDaysBeforeRetrying = 4

const cannotJoin = "Vous n'êtes pas autorisé à rejoindre la campagne"
const cannotRetake = "Vous ne pouvez pas repasser la campagne"

/**
 * The participation errors, with Pix's wording.
 *
 * @since 0.1.0
 */
export const errors = {
  maximumPlacesReached: (organizationId: string) =>
    DomainError.make(
      "Forbidden",
      "MAXIMUM_PLACES_REACHED",
      "Vous ne pouvez pas rejoindre la campagne : l'organisation a atteint son nombre maximum de places.",
      { organizationId }
    ),
  learnerDisabled: (learnerId: string) =>
    DomainError.make("Forbidden", "ORGANIZATION_LEARNER_DISABLED", cannotJoin, { learnerId }),
  campaignNotAccessible: (campaignId: string, archived: boolean) =>
    DomainError.make("Forbidden", archived ? "CAMPAIGN_ARCHIVED" : "CAMPAIGN_DELETED", cannotJoin, { campaignId }),
  restricted: (campaignId: string, userId: string) =>
    DomainError.make("Forbidden", "CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS", cannotJoin, { campaignId, userId }),
  alreadyExisting: (campaignId: string, userId: string) =>
    DomainError.make(
      "Conflict",
      "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION",
      "Une participation à cette campagne existe déjà.",
      {
        campaignId,
        userId
      }
    ),
  cannotRetake: (
    reason: "PREVIOUS_PARTICIPATION_DELETED" | "PREVIOUS_PARTICIPATION_NOT_SHARED" | "NOTHING_TO_IMPROVE"
  ) => DomainError.make("Forbidden", "CANNOT_RETAKE_CAMPAIGN", cannotRetake, { reason }),
  notEnoughDaysBeforeReset: (daysBeforeRetrying: number) =>
    DomainError.make(
      "Conflict",
      "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET",
      "Il n'est pas possible de remettre à zéro votre parcours pour le moment.",
      { daysBeforeRetrying }
    ),
  externalIdRequired: () =>
    DomainError.make(
      "InvalidInput",
      "PARTICIPANT_EXTERNAL_ID_REQUIRED",
      "Un identifiant externe est requis pour accèder à la campagne.",
      { attribute: "participantExternalId" }
    ),
  externalIdTooLong: () =>
    DomainError.make(
      "InvalidInput",
      "PARTICIPANT_EXTERNAL_ID_TOO_LONG",
      "L'identifiant externe ne doit pas dépasser 255 caractères.",
      { attribute: "participantExternalId", maxLength: 255 }
    ),
  learnerAlreadyParticipated: (learnerId: string) =>
    DomainError.make(
      "Conflict",
      "ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED",
      "Cet élève a déjà participé à la campagne avec un autre compte.",
      { learnerId }
    ),
  duplicateParticipationId: (participationId: string) =>
    DomainError.make("Conflict", "PARTICIPATION_ALREADY_EXISTS", "Cette participation existe déjà.", {
      participationId
    }),
  notFound: (participationId: string) =>
    DomainError.make("NotFound", "CAMPAIGN_PARTICIPATION_NOT_FOUND", "La participation demandée n'existe pas.", {
      participationId
    }),
  notOwnParticipation: (participationId: string, userId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_SHARE_PARTICIPATION",
      "Vous ne pouvez partager que vos propres résultats.",
      { participationId, userId }
    ),
  wrongCampaignType: (participationId: string, expected: CampaignEvent.CampaignType) =>
    DomainError.make(
      "InvalidInput",
      "WRONG_CAMPAIGN_TYPE",
      expected === "ASSESSMENT"
        ? "Cette action ne concerne que les campagnes d'évaluation."
        : "Cette action ne concerne que les campagnes de collecte de profils.",
      { participationId, expected }
    ),
  assessmentAlreadyCompleted: (participationId: string) =>
    DomainError.make("Conflict", "ASSESSMENT_ALREADY_COMPLETED", "Ce parcours est déjà terminé.", { participationId }),
  alreadyShared: (participationId: string) =>
    DomainError.make(
      "Conflict",
      "ALREADY_SHARED_CAMPAIGN_PARTICIPATION",
      "Ces résultats de campagne ont déjà été partagés.",
      { participationId }
    ),
  archivedCampaign: (participationId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_ARCHIVED", "Cette campagne est déjà archivée.", { participationId }),
  deletedCampaign: (participationId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_DELETED", "Cette campagne est déjà supprimée.", { participationId }),
  participationDeleted: (participationId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_PARTICIPATION_DELETED", "Cette participation a été supprimée.", {
      participationId
    }),
  assessmentNotCompleted: (participationId: string) =>
    DomainError.make(
      "Conflict",
      "ASSESSMENT_NOT_COMPLETED",
      "Le parcours n'est pas terminé : les résultats ne peuvent pas encore être envoyés.",
      { participationId }
    ),
  invalidProfile: (competenceId: string) =>
    DomainError.make(
      "InvalidInput",
      "INVALID_PROFILE",
      `La compétence ${competenceId} n'existe pas dans le référentiel Pix.`,
      {
        competenceId
      }
    ),
  notAllowedToDelete: (userId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_DELETE_PARTICIPATION",
      "Seul le propriétaire de la campagne ou un administrateur de l'organisation peut supprimer une participation.",
      { userId }
    ),
  alreadyLinked: (participationId: string, learnerId: string) =>
    DomainError.make(
      "Conflict",
      "PARTICIPATION_ALREADY_LINKED",
      "Cette participation est déjà rattachée à un autre élève.",
      { participationId, learnerId }
    ),
  nothingToDelete: () =>
    DomainError.make("NotFound", "CAMPAIGN_PARTICIPATION_NOT_FOUND", "La participation demandée n'existe pas.", {})
}

type Decision = Result.Result<ReadonlyArray<Event.ParticipationEvent>, DomainError.DomainError>

const latestFor = (state: ParticipationState, userId: string): Participation | undefined =>
  state.participations.findLast((participation) => participation.userId === userId)

/**
 * Whether a shared participation may be reset (§5.2 step 8): the target profile allows it, the campaign has
 * multiple sendings, the learner is active and enough days have passed since sharing.
 *
 * @since 0.1.0
 */
export const canReset = (
  previous: Participation,
  command: Pick<JoinCampaign, "campaign" | "learner" | "daysBeforeRetrying" | "occurredAt">
): boolean =>
  command.campaign.targetProfileResettable &&
  command.campaign.multipleSendings &&
  command.learner?.isDisabled !== true &&
  previous.sharedAt !== null &&
  Timestamp.daysBetween(previous.sharedAt, command.occurredAt) >=
    (command.daysBeforeRetrying ?? defaultDaysBeforeRetrying)

const join = (command: JoinCampaign, state: ParticipationState): Decision => {
  const { campaign, learner, userId } = command
  if (state.participations.some((participation) => participation.participationId === command.participationId))
    return Result.fail(errors.duplicateParticipationId(command.participationId))
  if (command.placesLimitReached === true) return Result.fail(errors.maximumPlacesReached(campaign.organizationId))
  // §5.2, in Pix's order.
  if (learner?.isDisabled === true) return Result.fail(errors.learnerDisabled(learner.learnerId))
  if (campaign.isArchived || campaign.isDeleted)
    return Result.fail(errors.campaignNotAccessible(campaign.campaignId, campaign.isArchived))
  if (campaign.isRestricted && learner === null) return Result.fail(errors.restricted(campaign.campaignId, userId))
  const previous = latestFor(state, userId)
  if (previous !== undefined && !campaign.multipleSendings)
    return Result.fail(errors.alreadyExisting(campaign.campaignId, userId))
  if (previous !== undefined && previous.deletedAt !== null)
    return Result.fail(errors.cannotRetake("PREVIOUS_PARTICIPATION_DELETED"))
  if (previous !== undefined && previous.status !== "SHARED")
    return Result.fail(errors.cannotRetake("PREVIOUS_PARTICIPATION_NOT_SHARED"))
  const isReset = command.isReset === true
  if (
    !isReset &&
    previous !== undefined &&
    campaign.type === "ASSESSMENT" &&
    previous.validatedSkillsCount >= campaign.targetSkillsCount
  )
    return Result.fail(errors.cannotRetake("NOTHING_TO_IMPROVE"))
  const daysBeforeRetrying = command.daysBeforeRetrying ?? defaultDaysBeforeRetrying
  if (isReset && previous !== undefined && !canReset(previous, command))
    return Result.fail(errors.notEnoughDaysBeforeReset(daysBeforeRetrying))
  const typedExternalId = command.participantExternalId?.trim() ? command.participantExternalId.trim() : null
  if (campaign.externalIdLabel !== null && typedExternalId === null && previous === undefined)
    return Result.fail(errors.externalIdRequired())
  if (typedExternalId !== null && typedExternalId.length > 255) return Result.fail(errors.externalIdTooLong())
  if (
    learner !== null &&
    state.participations.some((participation) => participation.userId !== userId && participation.deletedAt === null)
  )
    return Result.fail(errors.learnerAlreadyParticipated(learner.learnerId))
  const events: Array<Event.ParticipationEvent> = []
  if (previous !== undefined)
    events.push({
      _tag: "ParticipationImproved",
      participationId: previous.participationId,
      campaignId: campaign.campaignId,
      improvedBy: command.participationId,
      occurredAt: command.occurredAt
    })
  events.push({
    _tag: "ParticipationStarted",
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
    occurredAt: command.occurredAt
  })
  if (learner !== null)
    events.push({
      _tag: "ParticipationLinked",
      participationId: command.participationId,
      campaignId: campaign.campaignId,
      learnerId: learner.learnerId,
      userId,
      occurredAt: command.occurredAt
    })
  return Result.succeed(events)
}

const find = (
  state: ParticipationState,
  participationId: string
): Result.Result<Participation, DomainError.DomainError> => {
  const participation = state.participations.find((candidate) => candidate.participationId === participationId)
  return participation === undefined ? Result.fail(errors.notFound(participationId)) : Result.succeed(participation)
}

const link = (command: LinkParticipation, state: ParticipationState): Decision => {
  const found = find(state, command.participationId)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const participation = found.success
  if (participation.deletedAt !== null) return Result.fail(errors.participationDeleted(participation.participationId))
  // Linking again to the same learner is a retried command: nothing new to record.
  if (participation.learnerId === command.learnerId) return Result.succeed([])
  if (participation.learnerId !== null)
    return Result.fail(errors.alreadyLinked(participation.participationId, participation.learnerId))
  return Result.succeed([
    {
      _tag: "ParticipationLinked",
      participationId: participation.participationId,
      campaignId: participation.campaignId,
      learnerId: command.learnerId,
      userId: participation.userId,
      occurredAt: command.occurredAt
    }
  ])
}

const recordOutcome = (command: RecordAssessmentOutcome, state: ParticipationState): Decision => {
  const found = find(state, command.participationId)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const participation = found.success
  if (participation.campaignType !== "ASSESSMENT")
    return Result.fail(errors.wrongCampaignType(participation.participationId, "ASSESSMENT"))
  if (participation.deletedAt !== null) return Result.fail(errors.participationDeleted(participation.participationId))
  if (participation.status !== "STARTED")
    return Result.fail(errors.assessmentAlreadyCompleted(participation.participationId))
  // Only the target profile's skills say something about this campaign.
  const targetSkillIds = new Set(command.targetProfile.skills.map((skill) => skill.id))
  const inProfile = (ids: ReadonlyArray<string>) => [...new Set(ids)].filter((id) => targetSkillIds.has(id))
  const validatedSkillIds = inProfile(command.validatedSkillIds)
  return Result.succeed([
    {
      _tag: "AssessmentCompleted",
      participationId: participation.participationId,
      campaignId: participation.campaignId,
      validatedSkillIds,
      // A validated skill was tested.
      testedSkillIds: inProfile([...command.testedSkillIds, ...validatedSkillIds]),
      occurredAt: command.occurredAt
    }
  ])
}

const shareable = (
  command: ShareParticipation | ShareProfile,
  state: ParticipationState,
  type: CampaignEvent.CampaignType
): Result.Result<Participation, DomainError.DomainError> => {
  const found = find(state, command.participationId)
  if (Result.isFailure(found)) return found
  const participation = found.success
  if (participation.userId !== command.userId)
    return Result.fail(errors.notOwnParticipation(participation.participationId, command.userId))
  if (participation.campaignType !== type)
    return Result.fail(errors.wrongCampaignType(participation.participationId, type))
  // Pix's order: already shared, archived campaign, deleted participation, assessment not completed.
  if (participation.status === "SHARED") return Result.fail(errors.alreadyShared(participation.participationId))
  if (command.campaign.isArchived) return Result.fail(errors.archivedCampaign(participation.participationId))
  if (command.campaign.isDeleted) return Result.fail(errors.deletedCampaign(participation.participationId))
  if (participation.deletedAt !== null) return Result.fail(errors.participationDeleted(participation.participationId))
  if (participation.status === "STARTED")
    return Result.fail(errors.assessmentNotCompleted(participation.participationId))
  return Result.succeed(participation)
}

const share = (command: ShareParticipation, state: ParticipationState, outcome: ReadonlyArray<string>): Decision => {
  const checked = shareable(command, state, "ASSESSMENT")
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  const mastery = TargetProfile.mastery(command.targetProfile, outcome)
  return Result.succeed([
    {
      _tag: "ParticipationShared",
      participationId: checked.success.participationId,
      campaignId: checked.success.campaignId,
      validatedSkillsCount: mastery.validatedSkillsCount,
      targetSkillsCount: mastery.targetSkillsCount,
      masteryRate: mastery.masteryRate,
      competences: mastery.competences,
      areas: mastery.areas,
      occurredAt: command.occurredAt
    }
  ])
}

/**
 * Builds the shared profile from the pix of each competence: capped pix and levels of the 16 competences in
 * the referential's order, the total, certifiability and the count of certifiable competences.
 *
 * @since 0.1.0
 */
export const profileOf = (
  profile: ReadonlyArray<{ readonly competenceId: string; readonly pixScore: number }>,
  settings: Competences.LevelSettings = Competences.defaultLevelSettings
): Result.Result<
  Omit<Event.ProfileShared, "_tag" | "participationId" | "campaignId" | "occurredAt">,
  DomainError.DomainError
> => {
  const pixById = new Map<string, number>()
  for (const entry of profile) {
    if (Competences.findCompetence(entry.competenceId) === undefined)
      return Result.fail(errors.invalidProfile(entry.competenceId))
    pixById.set(entry.competenceId, entry.pixScore)
  }
  const competences = Competences.competences.map((competence) => {
    const pixScore = Competences.capPix(pixById.get(competence.id) ?? 0, settings)
    return { competenceId: competence.id, pixScore, level: Competences.levelFromPix(pixScore, settings) }
  })
  const pixScore = competences.reduce((total, competence) => total + competence.pixScore, 0)
  const levels = competences.map((competence) => competence.level)
  return Result.succeed({
    competences,
    pixScore,
    masteryRate: TargetProfile.rate(pixScore, Competences.maxPixTotal(settings)),
    isCertifiable: Competences.isCertifiable(levels),
    certifiableCompetencesCount: Competences.certifiableCompetencesCount(levels)
  })
}

const shareProfile = (command: ShareProfile, state: ParticipationState): Decision => {
  const checked = shareable(command, state, "PROFILES_COLLECTION")
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  const profile = profileOf(command.profile, command.levelSettings)
  if (Result.isFailure(profile)) return Result.fail(profile.failure)
  return Result.succeed([
    {
      _tag: "ProfileShared",
      participationId: checked.success.participationId,
      campaignId: checked.success.campaignId,
      ...profile.success,
      occurredAt: command.occurredAt
    }
  ])
}

const remove = (command: DeleteParticipations, state: ParticipationState): Decision => {
  if (command.actor.userId !== command.campaignOwnerId && command.actor.role !== "ADMIN")
    return Result.fail(errors.notAllowedToDelete(command.actor.userId))
  const live = state.participations.filter((participation) => participation.deletedAt === null)
  if (live.length === 0) return Result.fail(errors.nothingToDelete())
  return Result.succeed(
    live.map((participation) => ({
      _tag: "ParticipationDeleted" as const,
      participationId: participation.participationId,
      campaignId: participation.campaignId,
      deletedBy: command.actor.userId,
      reason: command.reason,
      occurredAt: command.occurredAt
    }))
  )
}

/**
 * The empty stream.
 *
 * @since 0.1.0
 */
export const initialState: FullState = { participations: [], outcomes: {} }

/**
 * The validated skills recorded by the last `AssessmentCompleted` of each participation, kept beside the
 * state so that sharing computes mastery from them.
 *
 * @since 0.1.0
 */
export interface FullState extends ParticipationState {
  readonly outcomes: Readonly<Record<string, ReadonlyArray<string>>>
}

/**
 * The participation a `ParticipationStarted` begins: the one definition of a new participation, shared by
 * `evolve` and by the read models' in-place fold.
 *
 * @since 0.1.0
 */
export const started = (event: Event.ParticipationStarted): Participation => ({
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
})

/**
 * A participation being changed by one event: the fields a step writes.
 *
 * @since 0.1.0
 */
export type Draft = { -readonly [K in keyof Participation]: Participation[K] }

/**
 * What any later event changes in its participation, written into `draft`: the one definition of each
 * event's effect. `evolve` runs it on a copy, the read models' rebuild on the participation itself (a rebuild
 * folds hundreds of thousands of these events and would otherwise copy the stream's state at each one).
 *
 * @since 0.1.0
 */
export const change = (draft: Draft, event: Exclude<Event.ParticipationEvent, Event.ParticipationStarted>): void => {
  switch (event._tag) {
    case "ParticipationLinked":
      draft.learnerId = event.learnerId
      return
    case "ParticipationImproved":
      draft.isImproved = true
      return
    case "AssessmentCompleted":
      if (draft.status === "STARTED") draft.status = "TO_SHARE"
      draft.validatedSkillsCount = event.validatedSkillIds.length
      return
    case "ParticipationShared":
      draft.status = "SHARED"
      draft.sharedAt = event.occurredAt
      draft.validatedSkillsCount = event.validatedSkillsCount
      draft.masteryRate = event.masteryRate
      return
    case "ProfileShared":
      draft.status = "SHARED"
      draft.sharedAt = event.occurredAt
      draft.masteryRate = event.masteryRate
      draft.pixScore = event.pixScore
      draft.isCertifiable = event.isCertifiable
      return
    case "ParticipationDeleted":
      draft.deletedAt = event.occurredAt
      return
  }
}

/**
 * The outcomes after an event: an `AssessmentCompleted` records its validated skills, any other event leaves
 * them as they were.
 *
 * @since 0.1.0
 */
export const outcomesAfter = (
  outcomes: FullState["outcomes"],
  event: Event.ParticipationEvent
): FullState["outcomes"] =>
  event._tag === "AssessmentCompleted" ? { ...outcomes, [event.participationId]: event.validatedSkillIds } : outcomes

/**
 * Folds one event; total: events about unknown participations change nothing.
 *
 * @since 0.1.0
 */
export const evolve = (state: FullState, event: Event.ParticipationEvent): FullState => {
  const index = state.participations.findIndex(
    (participation) => participation.participationId === event.participationId
  )
  if (event._tag === "ParticipationStarted")
    return index >= 0 ? state : { ...state, participations: [...state.participations, started(event)] }
  if (index < 0) return state
  const participations = [...state.participations]
  const participation: Draft = { ...participations[index]! }
  change(participation, event)
  participations[index] = participation
  return { participations, outcomes: outcomesAfter(state.outcomes, event) }
}

/**
 * Decides a participation command; never throws.
 *
 * @since 0.1.0
 */
export const decide = (command: ParticipationCommand, state: FullState): Decision => {
  switch (command._tag) {
    case "JoinCampaign":
      return join(command, state)
    case "LinkParticipation":
      return link(command, state)
    case "RecordAssessmentOutcome":
      return recordOutcome(command, state)
    case "ShareParticipation":
      return share(command, state, state.outcomes[command.participationId] ?? [])
    case "ShareProfile":
      return shareProfile(command, state)
    case "DeleteParticipations":
      return remove(command, state)
  }
}

/**
 * The participation decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<ParticipationCommand, FullState, Event.ParticipationEvent, DomainError.DomainError> = {
  initialState,
  evolve,
  decide
}

/**
 * The stream of a learner's participations in a campaign: `participation-<campaignId>-<learnerId>`.
 *
 * @since 0.1.0
 */
export const streamName = (campaignId: Ids.CampaignId, learnerId: Ids.LearnerId): string =>
  `participation-${campaignId}-${learnerId}`

/**
 * The stream of a user's participations in a campaign where he has no learner:
 * `participation-<campaignId>-user-<userId>`.
 *
 * @since 0.1.0
 */
export const userStreamName = (campaignId: Ids.CampaignId, userId: Ids.UserId): string =>
  `participation-${campaignId}-user-${userId}`

/**
 * The stream a join goes to: the learner's when there is one, the user's otherwise.
 *
 * @since 0.1.0
 */
export const streamNameFor = (command: Pick<JoinCampaign, "campaign" | "learner" | "userId">): string =>
  command.learner === null
    ? userStreamName(command.campaign.campaignId, command.userId)
    : streamName(command.campaign.campaignId, command.learner.learnerId)
