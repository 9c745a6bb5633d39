/**
 * The campaign analysis read model: for each campaign, what Pix Orga's "Activité" and "Analyse" tabs show — the
 * participations by status, the participations started and shared each day, and the sums per competence of the
 * shared results (validated target skills of an assessment, pix and levels of a profile) — kept up to date event
 * by event, so the analysis of a 3,000-participant campaign reads a few sums instead of 3,000 participations.
 *
 * As Pix counts them, only the live participations count: not deleted, and not improved since (a retake leaves
 * the latest one). Each event's effect on one participation is a pure step (`entryAfter`); the campaign's sums
 * are updated in place by taking the participation's old contribution out and putting its new one in, so the
 * figures always equal the aggregate of the live participations computed from scratch (`sumsOf`), which the
 * property tests check. `analysisOf` turns sums into mastery by competence and by area, the same way for the
 * whole campaign and for one class.
 *
 * @since 0.2.0
 */
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"
import * as Competences from "../referential/Competences.ts"
import type * as TargetProfile from "../referential/TargetProfile.ts"
import type { ProfileSharedDigest } from "./Participations.ts"

/**
 * What the read model folds: the participation events, a `ProfileShared` possibly digested by a replay.
 *
 * @category models
 * @since 0.2.0
 */
export type Event = ParticipationEvent.ParticipationEvent | ProfileSharedDigest

/**
 * A share's figure per competence: validated target skills (assessment) or pix (profiles collection), the
 * competence ids and the figures in the same order.
 *
 * @category models
 * @since 0.2.0
 */
export interface Figures {
  readonly ids: ReadonlyArray<string>
  readonly values: ReadonlyArray<number>
}

/**
 * One participation as the analysis counts it.
 *
 * @category models
 * @since 0.2.0
 */
export interface Entry {
  readonly status: ParticipationEvent.ParticipationStatus
  /** The Paris day it started, `YYYY-MM-DD`. */
  readonly startedDay: string
  /** The Paris day it was shared, or null. */
  readonly sharedDay: string | null
  /** Not deleted and not improved since: the participations Pix counts. */
  readonly live: boolean
  /** The shared figures, or null before sharing. */
  readonly figures: Figures | null
}

/**
 * The sums over shared participations: how many, and per competence the sum of their figures (and, for
 * profiles, of their levels).
 *
 * @category models
 * @since 0.2.0
 */
export interface Sums {
  readonly shared: number
  readonly figures: ReadonlyMap<string, number>
  readonly levels: ReadonlyMap<string, number>
}

/**
 * One campaign's figures, updated in place.
 *
 * @category models
 * @since 0.2.0
 */
export interface CampaignFigures {
  type: CampaignEvent.CampaignType
  /** Events folded for this campaign: a query's cache of the campaign's rows is valid while it is unchanged. */
  revision: number
  readonly entries: Map<string, Entry>
  /** Live participations by status. */
  readonly byStatus: { STARTED: number; TO_SHARE: number; SHARED: number }
  readonly startedByDay: Map<string, number>
  readonly sharedByDay: Map<string, number>
  shared: number
  readonly figures: Map<string, number>
  readonly levels: Map<string, number>
}

/**
 * The read model: each campaign's figures.
 *
 * @category models
 * @since 0.2.0
 */
export interface State {
  readonly campaigns: Map<string, CampaignFigures>
}

/**
 * An empty read model.
 *
 * @category constructors
 * @since 0.2.0
 */
export const make = (): State => ({ campaigns: new Map() })

const lastSundayAtOneUtc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1)
}

/**
 * The day of an instant in Paris, `YYYY-MM-DD` (summer time from the last Sunday of March to the last Sunday of
 * October, at 01:00 UTC, as the EU rule says): the day a French teacher sees on his screen. Computed, not
 * formatted with `Intl`: a rebuild folds hundreds of thousands of participations.
 *
 * @category getters
 * @since 0.2.0
 */
export const parisDay = (iso: string): string => {
  const millis = Date.parse(iso)
  if (Number.isNaN(millis)) return iso.slice(0, 10)
  const year = new Date(millis).getUTCFullYear()
  const summer = millis >= lastSundayAtOneUtc(year, 2) && millis < lastSundayAtOneUtc(year, 9)
  return new Date(millis + (summer ? 2 : 1) * 3_600_000).toISOString().slice(0, 10)
}

const figuresOf = (event: Event): Figures | null => {
  switch (event._tag) {
    case "ParticipationShared":
      return {
        ids: event.competences.map((competence) => competence.id),
        values: event.competences.map((competence) => competence.validatedSkillsCount)
      }
    case "ProfileShared":
      return "pixScores" in event
        ? { ids: event.competenceIds, values: event.pixScores }
        : {
            ids: event.competences.map((competence) => competence.competenceId),
            values: event.competences.map((competence) => competence.pixScore)
          }
    default:
      return null
  }
}

/**
 * One event's effect on one participation: the entry after it (`undefined` while the participation has not
 * started; an event for a participation not started changes nothing).
 *
 * @category combinators
 * @since 0.2.0
 */
export const entryAfter = (entry: Entry | undefined, event: Event): Entry | undefined => {
  if (event._tag === "ParticipationStarted")
    return (
      entry ?? {
        status: event.status,
        startedDay: parisDay(event.occurredAt),
        sharedDay: null,
        live: true,
        figures: null
      }
    )
  if (entry === undefined) return undefined
  switch (event._tag) {
    case "ParticipationImproved":
    case "ParticipationDeleted":
      return entry.live ? { ...entry, live: false } : entry
    case "AssessmentCompleted":
      return entry.status === "STARTED" ? { ...entry, status: "TO_SHARE" } : entry
    case "ParticipationShared":
    case "ProfileShared":
      return { ...entry, status: "SHARED", sharedDay: parisDay(event.occurredAt), figures: figuresOf(event) }
    default:
      return entry
  }
}

const bump = (map: Map<string, number>, key: string, by: number) => {
  const next = (map.get(key) ?? 0) + by
  if (next === 0) map.delete(key)
  else map.set(key, next)
}

// Puts a live participation's contribution in (sign 1) or takes it out (sign -1).
const contribute = (campaign: CampaignFigures, entry: Entry | undefined, sign: 1 | -1) => {
  if (entry === undefined || !entry.live) return
  campaign.byStatus[entry.status] += sign
  bump(campaign.startedByDay, entry.startedDay, sign)
  if (entry.sharedDay !== null) bump(campaign.sharedByDay, entry.sharedDay, sign)
  if (entry.status !== "SHARED" || entry.figures === null) return
  campaign.shared += sign
  const { ids, values } = entry.figures
  const profiles = campaign.type === "PROFILES_COLLECTION"
  for (let index = 0; index < ids.length; index++) {
    bump(campaign.figures, ids[index]!, sign * values[index]!)
    if (profiles) bump(campaign.levels, ids[index]!, sign * Competences.levelFromPix(values[index]!))
  }
}

const emptyCampaign = (type: CampaignEvent.CampaignType): CampaignFigures => ({
  type,
  revision: 0,
  entries: new Map(),
  byStatus: { STARTED: 0, TO_SHARE: 0, SHARED: 0 },
  startedByDay: new Map(),
  sharedByDay: new Map(),
  shared: 0,
  figures: new Map(),
  levels: new Map()
})

/**
 * Folds one participation event into the read model, in place.
 *
 * @category combinators
 * @since 0.2.0
 */
export const apply = (state: State, event: Event): void => {
  let campaign = state.campaigns.get(event.campaignId)
  if (campaign === undefined) {
    if (event._tag !== "ParticipationStarted") return
    campaign = emptyCampaign(event.campaignType)
    state.campaigns.set(event.campaignId, campaign)
  }
  campaign.revision++
  const before = campaign.entries.get(event.participationId)
  const after = entryAfter(before, event)
  if (after === before || after === undefined) return
  contribute(campaign, before, -1)
  campaign.entries.set(event.participationId, after)
  contribute(campaign, after, 1)
}

/**
 * The sums over the live shared participations among `entries`, computed from scratch (what the fold keeps up
 * to date; a class's analysis sums its own participations with it).
 *
 * @category getters
 * @since 0.2.0
 */
export const sumsOf = (type: CampaignEvent.CampaignType, entries: Iterable<Entry>): Sums => {
  const campaign = emptyCampaign(type)
  for (const entry of entries) contribute(campaign, entry, 1)
  return campaign
}

/**
 * The sums of shared results given as records (competence id → figure), as the participations read model keeps
 * them.
 *
 * @category getters
 * @since 0.2.0
 */
export const sumsOfRecords = (
  type: CampaignEvent.CampaignType,
  records: Iterable<Readonly<Record<string, number>>>
): Sums => {
  const figures = new Map<string, number>()
  const levels = new Map<string, number>()
  let shared = 0
  for (const record of records) {
    shared++
    for (const id in record) {
      const value = record[id]!
      bump(figures, id, value)
      if (type === "PROFILES_COLLECTION") bump(levels, id, Competences.levelFromPix(value))
    }
  }
  return { shared, figures, levels }
}

/**
 * Mastery of one competence or area over the shared participations: an assessment's average validated target
 * skills against its target skills, or a profile's average pix and level against the most it can be worth.
 * Averages and rate are null when nobody shared.
 *
 * @category models
 * @since 0.2.0
 */
export interface Mastery {
  readonly id: string
  readonly name: string
  /** The area of a competence; an area's own id for an area. */
  readonly areaId: string
  /** Assessment: target skills of the profile in it; null for a profiles collection. */
  readonly targetSkillsCount: number | null
  /** Assessment: average validated target skills. */
  readonly averageValidatedSkills: number | null
  /** Profiles collection: average pix, and the most it can be worth. */
  readonly averagePixScore: number | null
  readonly maxPixScore: number | null
  /** Profiles collection: average level (of a competence, or of an area's competences). */
  readonly averageLevel: number | null
  /** Between 0 and 1: average validated / target skills, or average pix / most pix. */
  readonly masteryRate: number | null
}

/**
 * The analysis of a campaign or of one class: how many shared, the overall rate, mastery by competence (in the
 * referential's order) and by area (each the aggregate of its competences).
 *
 * @category models
 * @since 0.2.0
 */
export interface Analysis {
  readonly sharedCount: number
  readonly masteryRate: number | null
  readonly competences: ReadonlyArray<Mastery>
  readonly areas: ReadonlyArray<Mastery>
}

const ratio = (value: number, total: number): number => (total === 0 ? 0 : value / total)

/**
 * Turns sums into mastery: for an assessment, each competence of the target profile (average validated skills
 * over its target skills, as Pix's `averageValidatedSkills / targetedSkillsCount`) and each area (the sum of its
 * competences' averages over the sum of their targets); for a profiles collection, the 16 competences (average
 * pix over 40, average level) and the 5 areas (their competences' pix summed, levels averaged).
 *
 * @category getters
 * @since 0.2.0
 */
export const analysisOf = (
  type: CampaignEvent.CampaignType,
  sums: Sums,
  profile: Pick<TargetProfile.TargetProfile, "skills"> | undefined
): Analysis => {
  const n = sums.shared
  const average = (sum: number | undefined) => (n === 0 ? null : (sum ?? 0) / n)
  const competences: Array<Mastery> = []
  if (type === "ASSESSMENT") {
    const targets = new Map<string, number>()
    for (const skill of profile?.skills ?? [])
      targets.set(skill.competenceId, (targets.get(skill.competenceId) ?? 0) + 1)
    for (const competence of Competences.competences) {
      const target = targets.get(competence.id)
      if (target === undefined) continue
      const averageValidatedSkills = average(sums.figures.get(competence.id))
      competences.push({
        id: competence.id,
        name: competence.name,
        areaId: competence.areaId,
        targetSkillsCount: target,
        averageValidatedSkills,
        averagePixScore: null,
        maxPixScore: null,
        averageLevel: null,
        masteryRate: averageValidatedSkills === null ? null : ratio(averageValidatedSkills, target)
      })
    }
  } else {
    const most = Competences.maxPixPerCompetence()
    for (const competence of Competences.competences) {
      const averagePixScore = average(sums.figures.get(competence.id))
      competences.push({
        id: competence.id,
        name: competence.name,
        areaId: competence.areaId,
        targetSkillsCount: null,
        averageValidatedSkills: null,
        averagePixScore,
        maxPixScore: most,
        averageLevel: average(sums.levels.get(competence.id)),
        masteryRate: averagePixScore === null ? null : ratio(averagePixScore, most)
      })
    }
  }
  const areas = Competences.areas.flatMap((area): ReadonlyArray<Mastery> => {
    const own = competences.filter((competence) => competence.areaId === area.id)
    return own.length === 0 ? [] : [aggregate(area.id, area.name, own)]
  })
  const overall = aggregate("", "", competences)
  return { sharedCount: n, masteryRate: overall.masteryRate, competences, areas }
}

const sumOf = (masteries: ReadonlyArray<Mastery>, field: (mastery: Mastery) => number | null): number | null => {
  let total: number | null = null
  for (const mastery of masteries) {
    const value = field(mastery)
    if (value !== null) total = (total ?? 0) + value
  }
  return total
}

/**
 * The mastery of a set of competences taken together (an area, or the whole profile): targets, averages and
 * most pix summed, levels averaged, the rate recomputed from the sums.
 *
 * @category combinators
 * @since 0.2.0
 */
export const aggregate = (id: string, name: string, competences: ReadonlyArray<Mastery>): Mastery => {
  const targetSkillsCount = sumOf(competences, (c) => c.targetSkillsCount)
  const averageValidatedSkills = sumOf(competences, (c) => c.averageValidatedSkills)
  const averagePixScore = sumOf(competences, (c) => c.averagePixScore)
  const maxPixScore = sumOf(competences, (c) => c.maxPixScore)
  const levels = sumOf(competences, (c) => c.averageLevel)
  const masteryRate =
    averageValidatedSkills !== null && targetSkillsCount !== null
      ? ratio(averageValidatedSkills, targetSkillsCount)
      : averagePixScore !== null && maxPixScore !== null
        ? ratio(averagePixScore, maxPixScore)
        : null
  return {
    id,
    name,
    areaId: id,
    targetSkillsCount,
    averageValidatedSkills,
    averagePixScore,
    maxPixScore,
    averageLevel: levels === null ? null : levels / competences.length,
    masteryRate
  }
}

/**
 * The participations of one day: started and shared that day, and since the campaign began (Pix's cumulative
 * curves).
 *
 * @category models
 * @since 0.2.0
 */
export interface ActivityDay {
  readonly day: string
  readonly started: number
  readonly shared: number
  readonly startedTotal: number
  readonly sharedTotal: number
}

/**
 * A campaign's activity: live participations by status (Pix's "En cours", "En attente d'envoi", "Reçus") and day
 * by day.
 *
 * @category models
 * @since 0.2.0
 */
export interface Activity {
  readonly started: number
  readonly completed: number
  readonly shared: number
  readonly days: ReadonlyArray<ActivityDay>
}

/**
 * The activity of a campaign's figures (no participation yet: all zero).
 *
 * @category getters
 * @since 0.2.0
 */
export const activityOf = (campaign: CampaignFigures | undefined): Activity => {
  if (campaign === undefined) return { started: 0, completed: 0, shared: 0, days: [] }
  const days = [...new Set([...campaign.startedByDay.keys(), ...campaign.sharedByDay.keys()])].sort()
  let startedTotal = 0
  let sharedTotal = 0
  return {
    started: campaign.byStatus.STARTED,
    completed: campaign.byStatus.TO_SHARE,
    shared: campaign.byStatus.SHARED,
    days: days.map((day) => {
      const started = campaign.startedByDay.get(day) ?? 0
      const shared = campaign.sharedByDay.get(day) ?? 0
      startedTotal += started
      sharedTotal += shared
      return { day, started, shared, startedTotal, sharedTotal }
    })
  }
}
