/**
 * A participation stream's state as the decider sees it (one stream per participant and campaign holds all his
 * participations, retakes included), and the rules read from it: resets, the shared profile, stream names.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type * as DomainError from "../DomainError.ts"
import * as Competences from "../referential/Competences.ts"
import * as TargetProfile from "../referential/TargetProfile.ts"
import type * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"
import type * as Command from "./ParticipationCommand.ts"
import * as ParticipationError from "./ParticipationError.ts"
import type * as Event from "./ParticipationEvent.ts"

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
 * The validated skills recorded by the last `AssessmentCompleted` of each participation, kept beside the
 * state so that sharing computes mastery from them.
 *
 * @since 0.1.0
 */
export interface FullState extends ParticipationState {
  readonly outcomes: Readonly<Record<string, ReadonlyArray<string>>>
}

/**
 * The empty stream.
 *
 * @since 0.1.0
 */
export const initial: FullState = { participations: [], outcomes: {} }

/**
 * The default number of days between sharing and a reset (Pix's `dayBeforeRetrying`).
 *
 * @since 0.1.0
 */
export const defaultDaysBeforeRetrying = 4

/**
 * Whether a shared participation may be reset (§5.2 step 8): the target profile allows it, the campaign has
 * multiple sendings, the learner is active and enough days have passed since sharing.
 *
 * @since 0.1.0
 */
export const canReset = (
  previous: Participation,
  command: Pick<Command.JoinCampaign, "campaign" | "learner" | "daysBeforeRetrying" | "now">
): boolean =>
  command.campaign.targetProfileResettable &&
  command.campaign.multipleSendings &&
  command.learner?.isDisabled !== true &&
  previous.sharedAt !== null &&
  Timestamp.daysBetween(previous.sharedAt, command.now) >= (command.daysBeforeRetrying ?? defaultDaysBeforeRetrying)

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
      return Result.fail(ParticipationError.invalidProfile(entry.competenceId))
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
export const streamNameFor = (command: Pick<Command.JoinCampaign, "campaign" | "learner" | "userId">): string =>
  command.learner === null
    ? userStreamName(command.campaign.campaignId, command.userId)
    : streamName(command.campaign.campaignId, command.learner.learnerId)
