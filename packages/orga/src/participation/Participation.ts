/**
 * Campaign participations (`participation-<campaignId>-<learnerId>` streams): starting (a learner linked to
 * a campaign), the outcome of an assessment, sharing results, sharing a profile (§5.1, §5.2, §7).
 *
 * Local adapter: the domain package had no participation model when the library was wired; this pure
 * decider keeps the brief's fixed tags (`ParticipationLinked`, `ProfileShared`) and Pix's rules and codes.
 * Facts from other streams (the campaign, the learner) arrive inside the commands.
 *
 * @since 0.1.0
 */
import { DomainError } from "@orga/domain"
import * as Result from "effect/Result"

/**
 * A learner started a participation in a campaign (the participation is linked to the learner and his
 * account). ASSESSMENT starts `STARTED`, PROFILES_COLLECTION `TO_SHARE` (DECISIONS 5).
 *
 * @since 0.1.0
 */
export interface ParticipationLinked {
  readonly _tag: "ParticipationLinked"
  readonly participationId: string
  readonly campaignId: string
  readonly organizationId: string
  readonly learnerId: string
  readonly userId: string
  readonly campaignType: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly participantExternalId: string | null
  readonly occurredAt: string
}

/**
 * The outcome of the assessment taken in Pix App (DECISIONS 8): target skills validated and tested.
 *
 * @since 0.1.0
 */
export interface AssessmentOutcomeRecorded {
  readonly _tag: "AssessmentOutcomeRecorded"
  readonly participationId: string
  readonly campaignId: string
  readonly validatedSkillIds: ReadonlyArray<string>
  readonly testedSkillIds: ReadonlyArray<string>
  /** Whether the assessment is completed (the participation moves to `TO_SHARE`). */
  readonly completed: boolean
  readonly occurredAt: string
}

/**
 * An assessment participant shared his results.
 *
 * @since 0.1.0
 */
export interface ParticipationShared {
  readonly _tag: "ParticipationShared"
  readonly participationId: string
  readonly campaignId: string
  readonly validatedSkillsCount: number
  readonly masteryRate: number
  readonly occurredAt: string
}

/**
 * A profiles collection participant shared his profile: pix per competence at share time (capped).
 *
 * @since 0.1.0
 */
export interface ProfileShared {
  readonly _tag: "ProfileShared"
  readonly participationId: string
  readonly campaignId: string
  readonly pixByCompetence: Readonly<Record<string, number>>
  readonly pixScore: number
  readonly certifiableCompetencesCount: number
  readonly isCertifiable: boolean
  readonly occurredAt: string
}

/**
 * Any participation event.
 *
 * @since 0.1.0
 */
export type ParticipationEvent = ParticipationLinked | AssessmentOutcomeRecorded | ParticipationShared | ProfileShared

/**
 * Pix's participation statuses.
 *
 * @since 0.1.0
 */
export type Status = "STARTED" | "TO_SHARE" | "SHARED"

/**
 * A participation's state.
 *
 * @since 0.1.0
 */
export interface Participation {
  readonly participationId: string
  readonly campaignId: string
  readonly organizationId: string
  readonly learnerId: string
  readonly userId: string
  readonly campaignType: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly participantExternalId: string | null
  readonly status: Status
  readonly createdAt: string
  readonly validatedSkillIds: ReadonlyArray<string>
  readonly testedSkillIds: ReadonlyArray<string>
  readonly sharedAt: string | null
  readonly masteryRate: number | null
  readonly pixByCompetence: Readonly<Record<string, number>> | null
  readonly pixScore: number | null
  readonly isCertifiable: boolean | null
}

/** The stream of a learner's participation in a campaign. @since 0.1.0 */
export const streamName = (campaignId: string, learnerId: string): string => `participation-${campaignId}-${learnerId}`

/** The id of a learner's participation in a campaign (one live participation per learner per campaign). @since 0.1.0 */
export const participationIdOf = (campaignId: string, learnerId: string): string => `${campaignId}-${learnerId}`

/**
 * Folds a participation event.
 *
 * @since 0.1.0
 */
export const evolve = (state: Participation | null, event: ParticipationEvent): Participation | null => {
  switch (event._tag) {
    case "ParticipationLinked":
      return {
        participationId: event.participationId,
        campaignId: event.campaignId,
        organizationId: event.organizationId,
        learnerId: event.learnerId,
        userId: event.userId,
        campaignType: event.campaignType,
        participantExternalId: event.participantExternalId,
        status: event.campaignType === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
        createdAt: event.occurredAt,
        validatedSkillIds: [],
        testedSkillIds: [],
        sharedAt: null,
        masteryRate: null,
        pixByCompetence: null,
        pixScore: null,
        isCertifiable: null
      }
    case "AssessmentOutcomeRecorded":
      return state === null
        ? null
        : {
            ...state,
            validatedSkillIds: event.validatedSkillIds,
            testedSkillIds: event.testedSkillIds,
            status: state.status === "STARTED" && event.completed ? "TO_SHARE" : state.status
          }
    case "ParticipationShared":
      return state === null
        ? null
        : { ...state, status: "SHARED", sharedAt: event.occurredAt, masteryRate: event.masteryRate }
    case "ProfileShared":
      return state === null
        ? null
        : {
            ...state,
            status: "SHARED",
            sharedAt: event.occurredAt,
            pixByCompetence: event.pixByCompetence,
            pixScore: event.pixScore,
            isCertifiable: event.isCertifiable
          }
  }
}

/** The participation fold. @since 0.1.0 */
export const fold = { initialState: null as Participation | null, evolve }

const notAllowedToJoin = (meta: Record<string, unknown> = {}) =>
  DomainError.make("Forbidden", "CAMPAIGN_ACCESS_FORBIDDEN", "Vous n'êtes pas autorisé à rejoindre la campagne", meta)

/**
 * Starts a participation (§5.2, in Pix's order for what applies to one participation per learner).
 *
 * @since 0.1.0
 */
export const start = (
  state: Participation | null,
  command: {
    readonly participationId: string
    readonly campaign: {
      readonly campaignId: string
      readonly organizationId: string
      readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
      readonly archivedAt: string | null
      readonly deletedAt: string | null
      readonly externalIdLabel: string | null
    }
    readonly learner: { readonly learnerId: string; readonly isDisabled: boolean }
    readonly userId: string
    readonly participantExternalId: string | null
    readonly occurredAt: string
  }
): Result.Result<ReadonlyArray<ParticipationLinked>, DomainError.DomainError> => {
  const { campaign, learner } = command
  if (learner.isDisabled) return Result.fail(notAllowedToJoin({ reason: "LEARNER_DISABLED" }))
  if (campaign.archivedAt !== null || campaign.deletedAt !== null)
    return Result.fail(notAllowedToJoin({ reason: "CAMPAIGN_ARCHIVED" }))
  if (state !== null) {
    if (state.userId !== command.userId)
      return Result.fail(
        DomainError.make(
          "Conflict",
          "ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED",
          "L'élève a déjà participé à la campagne avec un autre compte.",
          { learnerId: learner.learnerId }
        )
      )
    return Result.fail(
      DomainError.make(
        "Conflict",
        "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION",
        "Vous avez déjà participé à cette campagne.",
        { participationId: state.participationId }
      )
    )
  }
  const externalId = command.participantExternalId?.trim() ?? ""
  if (campaign.externalIdLabel !== null && externalId === "")
    return Result.fail(
      DomainError.make(
        "InvalidInput",
        "PARTICIPANT_EXTERNAL_ID_REQUIRED",
        "Un identifiant externe est requis pour accèder à la campagne.",
        { attribute: "participantExternalId" }
      )
    )
  if (externalId.length > 255)
    return Result.fail(
      DomainError.make("InvalidInput", "PARTICIPANT_EXTERNAL_ID_TOO_LONG", "L'identifiant externe est trop long.", {
        attribute: "participantExternalId"
      })
    )
  return Result.succeed([
    {
      _tag: "ParticipationLinked",
      participationId: command.participationId,
      campaignId: campaign.campaignId,
      organizationId: campaign.organizationId,
      learnerId: learner.learnerId,
      userId: command.userId,
      campaignType: campaign.type,
      participantExternalId: externalId === "" ? null : externalId,
      occurredAt: command.occurredAt
    }
  ])
}

const notFound = (participationId: string) =>
  DomainError.make("NotFound", "CAMPAIGN_PARTICIPATION_NOT_FOUND", "Participation introuvable.", { participationId })

const notYours = (participationId: string) =>
  DomainError.make(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_ACCESS_PARTICIPATION",
    "Vous n'êtes pas autorisé à accéder à cette participation.",
    { participationId }
  )

const alreadyShared = (participationId: string) =>
  DomainError.make(
    "Conflict",
    "ALREADY_SHARED_CAMPAIGN_PARTICIPATION",
    "Les résultats de cette participation ont déjà été partagés.",
    { participationId }
  )

const archived = (campaignId: string) =>
  DomainError.make("Conflict", "ARCHIVED_CAMPAIGN", "La campagne est archivée.", { campaignId })

/**
 * Records the outcome of an assessment (only for a participant's own, unshared, assessment participation).
 *
 * @since 0.1.0
 */
export const recordOutcome = (
  state: Participation | null,
  command: {
    readonly participationId: string
    readonly userId: string | null
    readonly targetSkillIds: ReadonlySet<string>
    readonly validatedSkillIds: ReadonlyArray<string>
    readonly testedSkillIds: ReadonlyArray<string>
    readonly completed: boolean
    readonly occurredAt: string
  }
): Result.Result<ReadonlyArray<AssessmentOutcomeRecorded>, DomainError.DomainError> => {
  if (state === null) return Result.fail(notFound(command.participationId))
  if (command.userId !== state.userId) return Result.fail(notYours(command.participationId))
  if (state.campaignType !== "ASSESSMENT")
    return Result.fail(
      DomainError.make("InvalidInput", "NOT_AN_ASSESSMENT", "Cette participation n'est pas une évaluation.", {
        participationId: state.participationId
      })
    )
  if (state.status === "SHARED") return Result.fail(alreadyShared(state.participationId))
  const inTarget = (ids: ReadonlyArray<string>) => [...new Set(ids)].filter((id) => command.targetSkillIds.has(id))
  const tested = inTarget([...command.testedSkillIds, ...command.validatedSkillIds])
  return Result.succeed([
    {
      _tag: "AssessmentOutcomeRecorded",
      participationId: state.participationId,
      campaignId: state.campaignId,
      validatedSkillIds: inTarget(command.validatedSkillIds),
      testedSkillIds: tested,
      completed: command.completed,
      occurredAt: command.occurredAt
    }
  ])
}

/**
 * Shares the results of an assessment participation (§5.1): completed, not shared yet, campaign accessible.
 *
 * @since 0.1.0
 */
export const shareResults = (
  state: Participation | null,
  command: {
    readonly participationId: string
    readonly userId: string | null
    readonly campaign: { readonly archivedAt: string | null; readonly deletedAt: string | null }
    readonly targetSkillsCount: number
    readonly occurredAt: string
  }
): Result.Result<ReadonlyArray<ParticipationShared>, DomainError.DomainError> => {
  if (state === null) return Result.fail(notFound(command.participationId))
  if (command.userId !== state.userId) return Result.fail(notYours(command.participationId))
  if (state.status === "SHARED") return Result.fail(alreadyShared(state.participationId))
  if (command.campaign.archivedAt !== null || command.campaign.deletedAt !== null)
    return Result.fail(archived(state.campaignId))
  if (state.campaignType !== "ASSESSMENT")
    return Result.fail(
      DomainError.make("InvalidInput", "NOT_AN_ASSESSMENT", "Cette participation n'est pas une évaluation.", {
        participationId: state.participationId
      })
    )
  if (state.status !== "TO_SHARE")
    return Result.fail(
      DomainError.make("Conflict", "ASSESSMENT_NOT_COMPLETED", "L'évaluation n'est pas terminée.", {
        participationId: state.participationId
      })
    )
  const validated = state.validatedSkillIds.length
  return Result.succeed([
    {
      _tag: "ParticipationShared",
      participationId: state.participationId,
      campaignId: state.campaignId,
      validatedSkillsCount: validated,
      masteryRate: command.targetSkillsCount === 0 ? 0 : validated / command.targetSkillsCount,
      occurredAt: command.occurredAt
    }
  ])
}

/**
 * Shares a profile in a profiles collection (§7): pix capped per competence, certifiable when level ≥ 1 in at
 * least 5 competences.
 *
 * @since 0.1.0
 */
export const shareProfile = (
  state: Participation | null,
  command: {
    readonly participationId: string
    readonly userId: string | null
    readonly campaign: { readonly archivedAt: string | null; readonly deletedAt: string | null }
    readonly pixByCompetence: Readonly<Record<string, number>>
    readonly competenceIds: ReadonlyArray<string>
    readonly capPix: (pix: number) => number
    readonly levelFromPix: (pix: number) => number
    readonly occurredAt: string
  }
): Result.Result<ReadonlyArray<ProfileShared>, DomainError.DomainError> => {
  if (state === null) return Result.fail(notFound(command.participationId))
  if (command.userId !== state.userId) return Result.fail(notYours(command.participationId))
  if (state.status === "SHARED") return Result.fail(alreadyShared(state.participationId))
  if (command.campaign.archivedAt !== null || command.campaign.deletedAt !== null)
    return Result.fail(archived(state.campaignId))
  if (state.campaignType !== "PROFILES_COLLECTION")
    return Result.fail(
      DomainError.make(
        "InvalidInput",
        "NOT_A_PROFILES_COLLECTION",
        "Cette participation n'est pas une collecte de profils.",
        {
          participationId: state.participationId
        }
      )
    )
  const unknown = Object.keys(command.pixByCompetence).filter((id) => !command.competenceIds.includes(id))
  if (unknown.length > 0)
    return Result.fail(
      DomainError.make("InvalidInput", "UNKNOWN_COMPETENCE", "Compétence inconnue.", { competenceIds: unknown })
    )
  const pixByCompetence: Record<string, number> = {}
  let pixScore = 0
  let certifiable = 0
  for (const id of command.competenceIds) {
    const pix = command.capPix(command.pixByCompetence[id] ?? 0)
    pixByCompetence[id] = pix
    pixScore += pix
    if (command.levelFromPix(pix) >= 1) certifiable++
  }
  return Result.succeed([
    {
      _tag: "ProfileShared",
      participationId: state.participationId,
      campaignId: state.campaignId,
      pixByCompetence,
      pixScore,
      certifiableCompetencesCount: certifiable,
      isCertifiable: certifiable >= 5,
      occurredAt: command.occurredAt
    }
  ])
}
