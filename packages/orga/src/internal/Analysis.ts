/**
 * The analysis queries over the shared plumbing. The whole campaign's analysis and activity read the sums the
 * domain's `CampaignAnalysis` projection keeps (a few dozen numbers, whatever the campaign's size), once the first
 * query of the campaign asked it to keep them (ADR 0043: the start-up rebuild does not pay for them). A class's
 * analysis, the results pages and a participant's detail read the campaign's rows: its live participations with
 * their learners, sorted by class then name as Pix sorts, grouped by class, built once and kept while neither the
 * campaign's participations (the projection's revision) nor the roster (its stream version) changed. A page then
 * slices the sorted rows (filters scan them, 3,000 rows in well under a millisecond), and a class's analysis sums
 * only its own rows.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as AnalysisService from "../Analysis.ts"
import { defaultPageSize } from "../Analysis.ts"
import * as CampaignExport from "../export/CampaignExport.ts"
import type * as Views from "../Views.ts"
import {
  type Actor,
  type Campaign,
  CampaignAnalysis,
  Ids,
  type Organization,
  ParticipationError,
  Policy,
  Roster
} from "./Domain.ts"
import { check, type Plumbing } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Results from "./Results.ts"

type Achievements = Results.CampaignAchievements

/** One live participation of a campaign's results, with what sorting and searching read. */
interface Row {
  readonly result: Views.ParticipantResult
  readonly participation: ReadModels.ParticipationView
  /** Names without case or accents, both orders, for the search: made by the first search that reads it. */
  searchKey: string | undefined
}

const searchKeyOf = (row: Row): string => {
  if (row.searchKey === undefined) {
    const { firstName, lastName } = row.result
    row.searchKey = `${searchable(`${firstName} ${lastName}`)}|${searchable(`${lastName} ${firstName}`)}`
  }
  return row.searchKey
}

interface Rows {
  readonly revision: number
  readonly rosterVersion: bigint
  /** Erased subjects when made: a user's erasure blanks his external ids without an event of the campaign. */
  readonly erased: number
  readonly all: ReadonlyArray<Row>
  readonly byDivision: ReadonlyMap<string, ReadonlyArray<Row>>
  readonly byParticipation: ReadonlyMap<string, Row>
}

/**
 * A name as the search compares it: lower case, without accents, spaces collapsed.
 *
 * @category getters
 * @since 0.2.0
 */
export const searchable = (text: string): string =>
  text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim()

// Only a school managing its students has classes to sort and filter by (as the exports).
const withDivision = (organization: Organization.Organization) =>
  organization.type === "SCO" && organization.isManagingStudents

/**
 * Builds the analysis queries over the shared plumbing.
 *
 * @category constructors
 * @since 0.2.0
 */
export const make = (plumbing: Plumbing): AnalysisService.AnalysisShape => {
  const { models, targetProfiles, query, organizationOf, campaignOf } = plumbing
  // Each campaign's rows, held through its school's organization state (a `WeakMap`): a follower that evicts the
  // school (issue 17) takes that state out of its models, and the rows of its campaigns go with it.
  const cache = new WeakMap<Organization.Organization, Map<string, Rows>>()
  // The lines are the results list's own (status, evolution, stage and badges): one way to make a participant's.
  const lines = Results.makeRows(plumbing)

  const campaignForAnalysis = (actor: Actor.Actor, campaignId: string) =>
    Effect.gen(function* () {
      const campaign = yield* campaignOf(campaignId)
      const organization = yield* organizationOf(campaign.organizationId)
      yield* check(Policy.canSeeResults(actor, organization))
      return { campaign, organization }
    })

  // The campaign's figures: kept by the analysis read model once a query asked for them, from the participations
  // as the participations read model has them now (one pass over the campaign, then event by event).
  const figuresOf = (campaign: Campaign.Campaign): CampaignAnalysis.CampaignFigures => {
    const state = models.campaignAnalysis
    const kept = state.campaigns.get(campaign.campaignId)
    if (kept !== undefined) return kept
    const entries: Array<readonly [string, CampaignAnalysis.Entry]> = []
    for (const participationId of models.participationsByCampaign.get(campaign.campaignId) ?? []) {
      const participation = models.participation(participationId)
      if (participation !== undefined)
        entries.push([participationId, CampaignAnalysis.entryOf(participation, sharedRecord(participation) ?? null)])
    }
    return CampaignAnalysis.track(state, campaign.campaignId, campaign.type, entries)
  }

  const isLive = (
    participation: ReadModels.ParticipationView | undefined
  ): participation is ReadModels.ParticipationView =>
    participation !== undefined && participation.deletedAt === null && !participation.isImproved

  const rowOf = (
    achievements: Achievements,
    participation: ReadModels.ParticipationView,
    roster: ReadModels.RosterView,
    before?: Row
  ): Row => {
    const learner = participation.learnerId === null ? undefined : roster.learners.get(participation.learnerId)
    const result = lines.row(achievements, participation, learner)
    // The names are the learner's: the same learner keeps the search key already made.
    const searchKey =
      before !== undefined && before.participation.learnerId === participation.learnerId ? before.searchKey : undefined
    return { result, participation, searchKey }
  }

  // Where `row` goes in the sorted rows (after its equals).
  const insertionPoint = (sorted: ReadonlyArray<Row>, row: Row, compare: (a: Row, b: Row) => number): number => {
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compare(sorted[middle]!, row) <= 0) low = middle + 1
      else high = middle
    }
    return low
  }

  const rowsOf = (campaign: Campaign.Campaign, organization: Organization.Organization): Rows => {
    const revision = CampaignAnalysis.revisionOf(models.campaignAnalysis, campaign.campaignId)
    const rosterVersion = models.versions.get(Roster.streamName(campaign.organizationId as Ids.OrganizationId)) ?? 0n
    const erased = models.erased.size
    let bySchool = cache.get(organization)
    if (bySchool === undefined) {
      bySchool = new Map()
      cache.set(organization, bySchool)
    }
    const cached = bySchool.get(campaign.campaignId)
    if (
      cached !== undefined &&
      cached.revision === revision &&
      cached.rosterVersion === rosterVersion &&
      cached.erased === erased
    )
      return cached
    const roster = ReadModels.rosterOf(models, campaign.organizationId)
    const achievements = lines.achievementsOf(campaign)
    const compareResults = CampaignExport.compareRows(withDivision(organization))
    const compare = (a: Row, b: Row) => compareResults(a.result, b.result)
    const ids = models.participationsByCampaign.get(campaign.campaignId) ?? []
    let all: Array<Row>
    if (cached === undefined || cached.rosterVersion !== rosterVersion) {
      // Names or classes may have changed: everything is sorted again.
      all = []
      for (const participationId of ids) {
        const participation = models.participation(participationId)
        if (isLive(participation)) all.push(rowOf(achievements, participation, roster))
      }
      all.sort(compare)
    } else {
      // Only participations changed: a row keeps its place unless its learner changed (the sort reads names,
      // class and start date, never the status or the result), new ones are inserted where they sort, and rows
      // no longer live leave. A student sharing costs one row, not a sort of the campaign.
      all = []
      const moved: Array<Row> = []
      for (const row of cached.all) {
        const participation = models.participation(row.result.participationId)
        if (!isLive(participation)) continue
        // With multiple sendings, a line's evolution and count of sendings read the participant's other sendings,
        // which may have changed when this one did not: its line is asked again (the same line when unchanged).
        if (participation === row.participation && !achievements.multipleSendings) all.push(row)
        else if (participation.learnerId === row.participation.learnerId)
          all.push(rowOf(achievements, participation, roster, row))
        else moved.push(rowOf(achievements, participation, roster))
      }
      for (const participationId of ids) {
        if (cached.byParticipation.has(participationId)) continue
        const participation = models.participation(participationId)
        if (isLive(participation)) moved.push(rowOf(achievements, participation, roster))
      }
      for (const row of moved) all.splice(insertionPoint(all, row, compare), 0, row)
    }
    const byDivision = new Map<string, Array<Row>>()
    const byParticipation = new Map<string, Row>()
    for (const row of all) {
      const key = row.result.division ?? ""
      const list = byDivision.get(key)
      if (list === undefined) byDivision.set(key, [row])
      else list.push(row)
      byParticipation.set(row.result.participationId, row)
    }
    const rows: Rows = { revision, rosterVersion, erased, all, byDivision, byParticipation }
    bySchool.set(campaign.campaignId, rows)
    return rows
  }

  const profileOf = (campaign: Campaign.Campaign) =>
    campaign.targetProfileId === null ? undefined : targetProfiles.get(campaign.targetProfileId)

  const sharedRecord = (participation: ReadModels.ParticipationView): Readonly<Record<string, number>> | undefined =>
    participation.sharedAt === null
      ? undefined
      : participation.campaignType === "ASSESSMENT"
        ? participation.validatedByCompetence
        : (participation.pixByCompetence ?? undefined)

  const campaignAnalysis: AnalysisService.AnalysisShape["campaignAnalysis"] = (actor, campaignId, options) =>
    query(
      Effect.gen(function* () {
        const { campaign, organization } = yield* campaignForAnalysis(actor, campaignId)
        const division = options?.division ?? null
        let participantsCount: number
        let sums: CampaignAnalysis.Sums
        if (division === null) {
          const figures = figuresOf(campaign)
          participantsCount = figures.byStatus.STARTED + figures.byStatus.TO_SHARE + figures.byStatus.SHARED
          sums = figures
        } else {
          const rows = rowsOf(campaign, organization).byDivision.get(division) ?? []
          participantsCount = rows.length
          const records: Array<Readonly<Record<string, number>>> = []
          for (const row of rows) {
            const record = sharedRecord(row.participation)
            if (record !== undefined) records.push(record)
          }
          sums = CampaignAnalysis.sumsOfRecords(campaign.type, records)
        }
        const analysis = CampaignAnalysis.analysisOf(campaign.type, sums, profileOf(campaign))
        return {
          campaignId: campaign.campaignId,
          type: campaign.type,
          targetProfileId: campaign.targetProfileId,
          division,
          participantsCount,
          ...analysis
        }
      })
    )

  const toParticipant = (mastery: CampaignAnalysis.Mastery): AnalysisService.ParticipantCompetence => ({
    id: mastery.id,
    name: mastery.name,
    areaId: mastery.areaId,
    targetSkillsCount: mastery.targetSkillsCount,
    validatedSkillsCount: mastery.averageValidatedSkills,
    pixScore: mastery.averagePixScore,
    maxPixScore: mastery.maxPixScore,
    level: mastery.averageLevel,
    masteryRate: mastery.masteryRate
  })

  const participantDetail: AnalysisService.AnalysisShape["participantDetail"] = (actor, campaignId, participationId) =>
    query(
      Effect.gen(function* () {
        const { campaign, organization } = yield* campaignForAnalysis(actor, campaignId)
        const row = rowsOf(campaign, organization).byParticipation.get(participationId)
        if (row === undefined)
          return yield* Effect.fail(ParticipationError.notFound(Ids.ParticipationId.make(participationId)))
        const record = sharedRecord(row.participation)
        if (record === undefined)
          return { campaignId, type: campaign.type, participant: row.result, competences: [], areas: [] }
        // One participant's "averages" over himself are his own figures.
        const analysis = CampaignAnalysis.analysisOf(
          campaign.type,
          CampaignAnalysis.sumsOfRecords(campaign.type, [record]),
          profileOf(campaign)
        )
        return {
          campaignId,
          type: campaign.type,
          participant: row.result,
          competences: analysis.competences.map(toParticipant),
          areas: analysis.areas.map(toParticipant)
        }
      })
    )

  const campaignActivity: AnalysisService.AnalysisShape["campaignActivity"] = (actor, campaignId) =>
    query(
      Effect.gen(function* () {
        const { campaign } = yield* campaignForAnalysis(actor, campaignId)
        return {
          campaignId: campaign.campaignId,
          type: campaign.type,
          ...CampaignAnalysis.activityOf(figuresOf(campaign))
        }
      })
    )

  const resultsPage: AnalysisService.AnalysisShape["resultsPage"] = (actor, campaignId, request) =>
    query(
      Effect.gen(function* () {
        const { campaign, organization } = yield* campaignForAnalysis(actor, campaignId)
        const rows = rowsOf(campaign, organization)
        const page = request?.page ?? 1
        const size = request?.size ?? defaultPageSize
        const divisions = request?.divisions !== undefined && request.divisions.length > 0 ? request.divisions : null
        const statuses =
          request?.statuses !== undefined && request.statuses.length > 0 ? new Set(request.statuses) : null
        const search = request?.search === undefined ? "" : searchable(request.search)
        // The classes' lists in the classes' sorted order (each list is sorted already), where rows sort by class.
        let scope: ReadonlyArray<Row> = rows.all
        if (divisions !== null) {
          const wanted = new Set(divisions)
          scope = withDivision(organization)
            ? [...rows.byDivision.entries()].flatMap(([division, list]) => (wanted.has(division) ? list : []))
            : rows.all.filter((row) => wanted.has(row.result.division ?? ""))
        }
        const matches =
          statuses === null && search === ""
            ? scope
            : scope.filter(
                (row) =>
                  (statuses === null || statuses.has(row.result.status)) &&
                  (search === "" || searchKeyOf(row).includes(search))
              )
        const start = (page - 1) * size
        return {
          campaignId: campaign.campaignId,
          page,
          size,
          total: matches.length,
          pageCount: Math.ceil(matches.length / size),
          participants: matches.slice(start, start + size).map((row) => row.result)
        }
      })
    )

  return { campaignAnalysis, participantDetail, campaignActivity, resultsPage }
}
