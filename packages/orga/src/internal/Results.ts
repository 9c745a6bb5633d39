/**
 * The results of a campaign: its participants (optionally by division), the averages by division, and the CSV
 * export Pix Orga offers (assessment or profiles collection).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as CampaignExport from "../export/CampaignExport.ts"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import {
  type Actor,
  type Badge,
  type Campaign,
  CampaignAnalysis,
  Competences,
  type Organization,
  type ParticipationEvent,
  Policy,
  Roster,
  Stage,
  TargetProfile
} from "./Domain.ts"
import * as Listings from "./Listings.ts"
import { check, type Plumbing } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"

/** The participation status as Pix Orga labels it, in the words of the campaign's type. */
const statusLabel = (
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  status: ParticipationEvent.ParticipationStatus
): string =>
  status === "STARTED"
    ? "En cours"
    : status === "TO_SHARE"
      ? "En attente d'envoi"
      : type === "ASSESSMENT"
        ? "Résultats reçus"
        : "Profil reçu"

// What the results list shows of a participant's stage and badges.
const achievedBy = (
  achieved: TargetProfile.Achievements | undefined
): Pick<Views.ParticipantResult, "reachedStage" | "acquiredBadges"> => ({
  reachedStage:
    achieved?.reachedStage === undefined
      ? null
      : {
          reachedStage: achieved.reachedStage.reachedStage,
          totalStages: achieved.reachedStage.totalStages,
          title: achieved.reachedStage.stage.prescriberTitle ?? achieved.reachedStage.stage.title
        },
  acquiredBadges:
    achieved === undefined
      ? []
      : TargetProfile.acquiredBadges(achieved).map((badge) => ({ key: badge.key, title: badge.title }))
})

const notAchieved = achievedBy(undefined)

// A participant with one participation (most): nothing to compare, shared or not.
const notSent: Pick<Views.ParticipantResult, "evolution" | "sharedParticipationsCount"> = {
  evolution: null,
  sharedParticipationsCount: 0
}
const sentOnce: Pick<Views.ParticipantResult, "evolution" | "sharedParticipationsCount"> = {
  evolution: null,
  sharedParticipationsCount: 1
}

// What the export writes of them: the stars (reached stage minus one) and the acquired badges' ids.
const exported = (achieved: TargetProfile.Achievements | undefined) => ({
  stars: achieved?.reachedStage === undefined ? null : Stage.stars(achieved.reachedStage),
  acquiredBadgeIds: achieved === undefined ? [] : TargetProfile.acquiredBadges(achieved).map((badge) => badge.id)
})

const notExported = exported(undefined)

/**
 * The stages and badges of a campaign's profile, and what a participation achieved of them (evaluated once).
 *
 * @category models
 * @since 0.2.0
 */
export interface CampaignAchievements {
  /** Without multiple sendings a participant has one participation: no evolution to look for. */
  readonly multipleSendings: boolean
  readonly totalStages: number | null
  readonly badges: ReadonlyArray<Badge.Badge>
  readonly of: (participation: ReadModels.ParticipationView) =>
    | {
        readonly shown: Pick<Views.ParticipantResult, "reachedStage" | "acquiredBadges">
        readonly exported: { readonly stars: number | null; readonly acquiredBadgeIds: ReadonlyArray<string> }
      }
    | undefined
}

/**
 * What `makeRows` gives: a participant's line, and a campaign's achievements to make it with.
 *
 * @category models
 * @since 0.2.0
 */
export interface ParticipantRows {
  readonly row: (
    achievements: CampaignAchievements,
    participation: ReadModels.ParticipationView,
    learner: ReadModels.LearnerView | undefined
  ) => Views.ParticipantResult
  readonly achievementsOf: (campaign: Campaign.Campaign) => CampaignAchievements
}

/**
 * How one participant's line of the results is made, shared by the whole list (`campaignResults`) and its pages
 * (`Analysis.resultsPage`), so both show the same status, evolution, stage and badges.
 *
 * @category constructors
 * @since 0.2.0
 */
export const makeRows = (plumbing: Plumbing): ParticipantRows => {
  // One maker per front door: the results list and the analysis pages share its stages-and-badges cache, so a
  // participation's achievements are evaluated once, not once per feature.
  const made = rowsOf.get(plumbing)
  if (made !== undefined) return made
  const { models, targetProfiles } = plumbing
  // Pix's evolution: the figure of this sending against the previous shared one (mastery rate for an
  // assessment, pix score for a profile), and how many sendings the participant shared. One pass over the
  // participant's stream (his sendings in this campaign, oldest first); most streams hold one participation.
  const sendingsOf = (
    participation: ReadModels.ParticipationView
  ): Pick<Views.ParticipantResult, "evolution" | "sharedParticipationsCount"> => {
    const streamId = models.streamOfParticipation(participation.participationId)
    const attempts = (streamId === undefined ? undefined : models.participationStreams.get(streamId))?.participations
    if (attempts === undefined || attempts.length <= 1) return participation.sharedAt === null ? notSent : sentOnce
    const assessment = participation.campaignType === "ASSESSMENT"
    let shared = 0
    let before: number | null = null
    let seen = false
    for (const attempt of attempts) {
      if (attempt.deletedAt !== null || attempt.sharedAt === null) {
        if (attempt.participationId === participation.participationId) seen = true
        continue
      }
      shared++
      if (attempt.participationId === participation.participationId) seen = true
      else if (!seen) before = assessment ? attempt.masteryRate : attempt.pixScore
    }
    const now = assessment ? participation.masteryRate : participation.pixScore
    const evolution: Views.ParticipantResult["evolution"] =
      participation.sharedAt === null || now === null || before === null
        ? null
        : now > before
          ? "increase"
          : now < before
            ? "decrease"
            : "stable"
    return { evolution, sharedParticipationsCount: shared }
  }

  const achieved = new WeakMap<
    ReadModels.ParticipationView,
    {
      readonly profile: TargetProfile.TargetProfile
      readonly shown: ReturnType<typeof achievedBy>
      readonly exported: ReturnType<typeof exported>
    }
  >()

  // The stages and badges of an assessment campaign's profile, evaluated once per campaign.
  const achievementsOf = (campaign: Campaign.Campaign): CampaignAchievements => {
    const profile =
      campaign.type !== "ASSESSMENT" || campaign.targetProfileId === null
        ? undefined
        : targetProfiles.get(campaign.targetProfileId)
    const totalStages = profile?.stages?.length ?? 0
    const badges = profile?.badges ?? []
    // A profile without stages or badges has nothing to evaluate (the sample profile, older campaigns).
    const evaluate =
      profile === undefined || (totalStages === 0 && badges.length === 0) ? undefined : TargetProfile.evaluator(profile)
    return {
      multipleSendings: campaign.multipleSendings,
      totalStages: totalStages === 0 ? null : totalStages,
      badges,
      of: (participation: ReadModels.ParticipationView) => {
        if (evaluate === undefined || participation.sharedAt === null) return undefined
        // A shared participation's skills never change, nor does a profile: its achievements are evaluated once
        // per view (a view is replaced when its participation changes, so the cache never serves a stale one).
        const cached = achieved.get(participation)
        if (cached !== undefined && cached.profile === profile) return cached
        const achievements = evaluate(participation.validatedSkillIds)
        // What the results and the export show of them, made once too.
        const entry = { profile: profile!, shown: achievedBy(achievements), exported: exported(achievements) }
        achieved.set(participation, entry)
        return entry
      }
    }
  }

  // Each view's line, kept while what it was made of stays the same: the view (a snapshot, replaced when its
  // participation changes), the learner (replaced when his record changes), the stage and badges shown (kept per
  // view and profile) and the sendings' figures (read again: an earlier sending's deletion changes them). A results
  // query of a campaign whose participants did not change allocates no line: every line it made before is
  // garbage at the next query otherwise, and a results list of thousands of lines fills the young generation
  // within a few dozen queries (each scavenge then pays for whatever else is young, an import's data for one).
  const lines = new WeakMap<
    ReadModels.ParticipationView,
    {
      readonly learner: ReadModels.LearnerView | undefined
      readonly shown: ReturnType<typeof achievedBy>
      readonly line: Views.ParticipantResult
    }
  >()

  const row = (
    achievements: CampaignAchievements,
    participation: ReadModels.ParticipationView,
    learner: ReadModels.LearnerView | undefined
  ): Views.ParticipantResult => {
    const sendings = achievements.multipleSendings
      ? sendingsOf(participation)
      : participation.sharedAt === null
        ? notSent
        : sentOnce
    const shown = achievements.of(participation)?.shown ?? notAchieved
    const kept = lines.get(participation)
    if (
      kept !== undefined &&
      kept.learner === learner &&
      kept.shown === shown &&
      kept.line.evolution === sendings.evolution &&
      kept.line.sharedParticipationsCount === sendings.sharedParticipationsCount
    )
      return kept.line
    const line = lineOf(participation, learner, sendings, shown)
    lines.set(participation, { learner, shown, line })
    return line
  }

  const lineOf = (
    participation: ReadModels.ParticipationView,
    learner: ReadModels.LearnerView | undefined,
    sendings: Pick<Views.ParticipantResult, "evolution" | "sharedParticipationsCount">,
    shown: ReturnType<typeof achievedBy>
  ): Views.ParticipantResult =>
    // Fields written one by one, not spread: a results query makes thousands of these lines.
    ({
      participationId: participation.participationId,
      learnerId: participation.learnerId ?? "",
      lastName: learner?.record.lastName ?? "",
      firstName: learner?.record.firstName ?? "",
      division: learner?.record.division ?? null,
      participantExternalId: participation.participantExternalId,
      statusLabel: statusLabel(participation.campaignType, participation.status),
      status: participation.status,
      createdAt: participation.createdAt,
      sharedAt: participation.sharedAt,
      masteryRate: participation.campaignType === "ASSESSMENT" ? participation.masteryRate : null,
      pixScore: participation.pixScore,
      isCertifiable: participation.isCertifiable,
      evolution: sendings.evolution,
      sharedParticipationsCount: sendings.sharedParticipationsCount,
      reachedStage: shown.reachedStage,
      acquiredBadges: shown.acquiredBadges
    })

  const rows: ParticipantRows = { row, achievementsOf }
  rowsOf.set(plumbing, rows)
  return rows
}

const rowsOf = new WeakMap<Plumbing, ParticipantRows>()

// A campaign's results list as `campaignResults` answers it, less the campaign's summary (made at each query: its
// owner's name is an account's).
interface CampaignList {
  readonly counts: { readonly participationsCount: number; readonly sharedParticipationsCount: number }
  readonly participants: ReadonlyArray<Views.ParticipantResult>
  readonly sharedParticipationsCount: number
  readonly averageResult: number | null
  readonly totalStages: number | null
  readonly badges: ReadonlyArray<Views.BadgeView>
}

/**
 * Builds the campaign results of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "campaignResults" | "resultsByDivision" | "exportResults" | "exportResultsStream"> => {
  const { clock, models, targetProfiles, query, organizationOf, campaignOf } = plumbing
  const { live: liveParticipation, campaignSummary } = Listings.make(models)
  const notDeleted = (participationId: string): ReadModels.ParticipationView | undefined => {
    const participation = models.participation(participationId)
    return participation === undefined || participation.deletedAt !== null ? undefined : participation
  }

  // Only a school managing its students has divisions to show in an export.
  const withDivision = (organization: Organization.Organization) =>
    organization.type === "SCO" && organization.isManagingStudents

  const campaignForResults = (actor: Actor.Actor, campaignId: string) =>
    Effect.gen(function* () {
      const campaign = yield* campaignOf(campaignId)
      const organization = yield* organizationOf(campaign.organizationId)
      yield* check(Policy.canSeeResults(actor, organization))
      return { campaign, organization }
    })

  // Results count each learner's latest participation; the exports list every one not deleted (§6.2 update).
  const participantsOf = (
    campaign: Campaign.Campaign,
    divisions: ReadonlyArray<string> | undefined,
    attempts: "latest" | "all" = "latest"
  ) => {
    const wanted = divisions !== undefined && divisions.length > 0 ? new Set(divisions) : null
    const roster = ReadModels.rosterOf(models, campaign.organizationId)
    const rows: Array<{ participation: ReadModels.ParticipationView; learner: ReadModels.LearnerView | undefined }> = []
    for (const participationId of models.participationsByCampaign.get(campaign.campaignId) ?? []) {
      const participation = attempts === "latest" ? liveParticipation(participationId) : notDeleted(participationId)
      if (participation === undefined) continue
      const learner = participation.learnerId === null ? undefined : roster.learners.get(participation.learnerId)
      if (wanted !== null && (learner === undefined || !wanted.has(learner.record.division))) continue
      rows.push({ participation, learner })
    }
    return rows
  }

  const resultOf = (participation: ReadModels.ParticipationView): number | null =>
    participation.sharedAt === null
      ? null
      : participation.campaignType === "ASSESSMENT"
        ? participation.masteryRate
        : (participation.pixScore ?? 0) / Competences.maxPixTotal()

  const { row, achievementsOf } = makeRows(plumbing)

  // The lines of a campaign's whole list (no division filter), read in one pass: without a filter the summary's
  // counts are this pass's too.
  const listOf = (campaign: Campaign.Campaign, wanted: ReadonlySet<string> | null): CampaignList => {
    const achievements = achievementsOf(campaign)
    const roster = ReadModels.rosterOf(models, campaign.organizationId)
    const participants: Array<Views.ParticipantResult> = []
    let shared = 0
    let total = 0
    let live = 0
    let sharedLive = 0
    for (const participationId of models.participationsByCampaign.get(campaign.campaignId) ?? []) {
      const participation = liveParticipation(participationId)
      if (participation === undefined) continue
      live++
      if (participation.sharedAt !== null) sharedLive++
      const learner = participation.learnerId === null ? undefined : roster.learners.get(participation.learnerId)
      if (wanted !== null && (learner === undefined || !wanted.has(learner.record.division))) continue
      const result = resultOf(participation)
      if (result !== null) {
        shared++
        total += result
      }
      participants.push(row(achievements, participation, learner))
    }
    return {
      counts: { participationsCount: live, sharedParticipationsCount: sharedLive },
      participants,
      sharedParticipationsCount: shared,
      averageResult: shared === 0 ? null : total / shared,
      totalStages: achievements.totalStages,
      badges: achievements.badges.map((badge) => ({ key: badge.key, title: badge.title }))
    }
  }

  // Each campaign's whole list, kept while nothing it shows can have changed: the same campaign state and target
  // profile, no participation event of the campaign since (the analysis read model's revision counts them), the
  // same roster version (learners' names and classes), and no erasure since (a user's erasure blanks his external
  // ids without an event of the campaign; each subject is erased once, so the count of erased subjects moves). The same keys as the analysis pages' rows (ADR 0043,
  // ADR 0055): a teacher's results page read again, or by several teachers, costs no pass over the campaign. Held
  // through the campaign's state (a `WeakMap`): a follower that evicts the school (issue 17) takes the state out
  // of its models, and the list goes with it; a new state (a campaign event) makes the list again anyway.
  const kept = new WeakMap<
    Campaign.Campaign,
    {
      readonly campaign: Campaign.Campaign
      readonly profile: TargetProfile.TargetProfile | undefined
      readonly revision: number
      readonly rosterVersion: bigint
      readonly erased: number
      readonly list: CampaignList
    }
  >()

  const wholeListOf = (campaign: Campaign.Campaign): CampaignList => {
    const profile = campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)
    const revision = CampaignAnalysis.revisionOf(models.campaignAnalysis, campaign.campaignId)
    const rosterVersion = models.versions.get(Roster.streamName(campaign.organizationId)) ?? 0n
    const erased = models.erased.size
    const before = kept.get(campaign)
    if (
      before !== undefined &&
      before.campaign === campaign &&
      before.profile === profile &&
      before.revision === revision &&
      before.rosterVersion === rosterVersion &&
      before.erased === erased
    )
      return before.list
    const list = listOf(campaign, null)
    kept.set(campaign, { campaign, profile, revision, rosterVersion, erased, list })
    return list
  }

  const campaignResults: OrgaShape["campaignResults"] = (actor, campaignId, filter) =>
    query(
      Effect.gen(function* () {
        const { campaign } = yield* campaignForResults(actor, campaignId)
        const divisions = filter?.divisions
        const list =
          divisions !== undefined && divisions.length > 0 ? listOf(campaign, new Set(divisions)) : wholeListOf(campaign)
        return {
          campaign: campaignSummary(campaign, list.counts),
          participationsCount: list.participants.length,
          sharedParticipationsCount: list.sharedParticipationsCount,
          averageResult: list.averageResult,
          participants: list.participants,
          totalStages: list.totalStages,
          badges: list.badges
        }
      })
    )

  const resultsByDivision: OrgaShape["resultsByDivision"] = (actor, campaignId) =>
    query(
      Effect.gen(function* () {
        const { campaign } = yield* campaignForResults(actor, campaignId)
        const byDivision = new Map<string, { learners: number; participants: number; shared: number; total: number }>()
        for (const learner of ReadModels.rosterOf(models, campaign.organizationId).learners.values()) {
          if (learner.isDisabled) continue
          const entry = byDivision.get(learner.record.division) ?? {
            learners: 0,
            participants: 0,
            shared: 0,
            total: 0
          }
          entry.learners++
          byDivision.set(learner.record.division, entry)
        }
        for (const { participation, learner } of participantsOf(campaign, undefined)) {
          const division = learner?.record.division ?? ""
          const entry = byDivision.get(division) ?? { learners: 0, participants: 0, shared: 0, total: 0 }
          entry.participants++
          const result = resultOf(participation)
          if (result !== null) {
            entry.shared++
            entry.total += result
          }
          byDivision.set(division, entry)
        }
        return [...byDivision.entries()]
          .sort(([a], [b]) => a.localeCompare(b, "fr"))
          .map(([division, entry]) => ({
            division,
            learners: entry.learners,
            participants: entry.participants,
            shared: entry.shared,
            averageResult: entry.shared === 0 ? null : entry.total / entry.shared
          }))
      })
    )

  const exportFor = (actor: Actor.Actor, campaignId: string, divisions: ReadonlyArray<string> | undefined) =>
    Effect.gen(function* () {
      const { campaign, organization } = yield* campaignForResults(actor, campaignId)
      const now = yield* clock.now
      const header: CampaignExport.CampaignHeader = {
        organizationName: organization.registration?.name ?? "",
        campaignId: campaign.campaignId,
        code: campaign.code,
        name: campaign.name,
        externalIdLabel: campaign.externalIdLabel,
        withDivision: withDivision(organization)
      }
      // One object per participation, read once: the sort's key, then the export's row.
      const keyed = participantsOf(campaign, divisions, "all").map(({ participation, learner }) => ({
        lastName: learner?.record.lastName ?? "",
        firstName: learner?.record.firstName ?? "",
        division: learner?.record.division ?? null,
        externalId: participation.participantExternalId,
        createdAt: participation.createdAt,
        sharedAt: participation.sharedAt,
        participation
      }))
      // Sorted by class (where the organization has classes), then as Pix sorts (§6.2 update).
      const rows = CampaignExport.sortRows(header.withDivision, keyed, (row) => row)
      let lines: Iterable<string>
      if (campaign.type === "ASSESSMENT") {
        const profile = campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)
        const skills = profile?.skills ?? []
        const target = TargetProfile.mastery(
          { id: "", name: "", skills, areKnowledgeElementsResettable: false },
          []
        ).competences.map((c) => ({ competenceId: c.id, targetSkillsCount: c.targetSkillsCount }))
        const competenceOfSkill = new Map(skills.map((skill) => [skill.id, skill.competenceId]))
        const total = skills.length
        const achievements = achievementsOf(campaign)
        lines = CampaignExport.assessmentLines(
          {
            ...header,
            achievements: {
              totalStages: achievements.totalStages,
              badges: achievements.badges.map((badge) => ({ id: badge.id, title: badge.title }))
            }
          },
          profile?.name ?? "",
          target,
          (function* () {
            for (const row of rows) {
              const { participation } = row
              const validatedByCompetence: Record<string, number> = {}
              for (const skillId of participation.validatedSkillIds) {
                const competenceId = competenceOfSkill.get(skillId)
                if (competenceId !== undefined)
                  validatedByCompetence[competenceId] = (validatedByCompetence[competenceId] ?? 0) + 1
              }
              const shown = achievements.of(participation)?.exported ?? notExported
              yield {
                lastName: row.lastName,
                firstName: row.firstName,
                division: row.division,
                externalId: row.externalId,
                createdAt: row.createdAt,
                sharedAt: row.sharedAt,
                progress:
                  participation.status !== "STARTED"
                    ? 1
                    : total === 0
                      ? 0
                      : participation.testedSkillIds.length / total,
                validatedByCompetence,
                stars: shown.stars,
                acquiredBadgeIds: shown.acquiredBadgeIds
              }
            }
          })()
        )
      } else {
        lines = CampaignExport.profilesLines(
          header,
          (function* () {
            for (const row of rows)
              yield {
                lastName: row.lastName,
                firstName: row.firstName,
                division: row.division,
                externalId: row.externalId,
                createdAt: row.createdAt,
                sharedAt: row.sharedAt,
                pixByCompetence: row.participation.pixByCompetence ?? {}
              }
          })()
        )
      }
      return { fileName: CampaignExport.fileName({ name: campaign.name, campaignId }, now), lines }
    })

  const exportResults: OrgaShape["exportResults"] = (actor, campaignId, options) =>
    query(exportFor(actor, campaignId, options?.divisions))

  const exportResultsStream: OrgaShape["exportResultsStream"] = (actor, campaignId, options) =>
    Stream.unwrap(Effect.map(exportResults(actor, campaignId, options), (csv) => Stream.fromIterable(csv.lines)))

  return { campaignResults, resultsByDivision, exportResults, exportResultsStream }
}
