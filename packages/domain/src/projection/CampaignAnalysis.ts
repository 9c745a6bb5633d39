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
 * competence ids and the figures in the same order. Kept compactly: the ids array is shared by every share that
 * lists the same competences in the same order (all shares of a referential do), the event is not kept.
 *
 * @category models
 * @since 0.2.0
 */
export interface Figures {
  readonly ids: ReadonlyArray<string>
  readonly values: ReadonlyArray<number>
}

// The last list of competence ids seen: the next share most likely lists the same ones (a pure function's memo).
let lastIds: ReadonlyArray<string> = []

const sameIds = (length: number, idAt: (index: number) => string): ReadonlyArray<string> => {
  let same = length === lastIds.length
  for (let index = 0; same && index < length; index++) same = idAt(index) === lastIds[index]
  if (!same) lastIds = Array.from({ length }, (_, index) => idAt(index))
  return lastIds
}

const figuresOf = (
  event: ParticipationEvent.ParticipationShared | ParticipationEvent.ProfileShared | ProfileSharedDigest
): Figures => {
  if (event._tag === "ParticipationShared") {
    const list = event.competences
    return {
      ids: sameIds(list.length, (index) => list[index]!.id),
      values: list.map((competence) => competence.validatedSkillsCount)
    }
  }
  if ("pixScores" in event) {
    const ids = event.competenceIds
    return { ids: sameIds(ids.length, (index) => ids[index]!), values: event.pixScores }
  }
  const list = event.competences
  return {
    ids: sameIds(list.length, (index) => list[index]!.competenceId),
    values: list.map((competence) => competence.pixScore)
  }
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
 * The read model: how many events each campaign has had (a query's cache of a campaign's rows is valid while its
 * count is unchanged), and the figures of the campaigns a query asked for (`track`), folded from then on.
 *
 * The figures are kept only for the campaigns asked for: a start-up rebuild folds every participation event of the
 * log, and most campaigns are never analysed while an app runs. A campaign is tracked from its participations as
 * the participations read model has them (`entryOf`), then follows the log event by event.
 *
 * @category models
 * @since 0.2.0
 */
export interface State {
  readonly revisions: Map<string, number>
  readonly campaigns: Map<string, CampaignFigures>
}

/**
 * An empty read model.
 *
 * @category constructors
 * @since 0.2.0
 */
export const make = (): State => ({ revisions: new Map(), campaigns: new Map() })

/**
 * How many events a campaign's participations have had.
 *
 * @category getters
 * @since 0.2.0
 */
export const revisionOf = (state: State, campaignId: string): number => state.revisions.get(campaignId) ?? 0

const lastSundayAtOneUtc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1)
}

const computeParisDay = (iso: string): string => {
  const millis = Date.parse(iso)
  if (Number.isNaN(millis)) return iso.slice(0, 10)
  const year = new Date(millis).getUTCFullYear()
  const summer = millis >= lastSundayAtOneUtc(year, 2) && millis < lastSundayAtOneUtc(year, 9)
  return new Date(millis + (summer ? 2 : 1) * 3_600_000).toISOString().slice(0, 10)
}

// Paris is a whole number of hours from UTC, so the day of a UTC instant (`…T…Z`) depends on its date and hour
// only: the day of each `YYYY-MM-DDTHH` seen is remembered (a pure function's memo; a rebuild meets a few thousand
// hours).
const dayOfHour = new Map<string, string>()

/**
 * The day of an instant in Paris, `YYYY-MM-DD` (summer time from the last Sunday of March to the last Sunday of
 * October, at 01:00 UTC, as the EU rule says): the day a French teacher sees on his screen. Computed, not
 * formatted with `Intl`, and remembered per UTC hour: a rebuild folds hundreds of thousands of participations.
 *
 * @category getters
 * @since 0.2.0
 */
export const parisDay = (iso: string): string => {
  if (iso.length < 17 || iso.charCodeAt(10) !== 84 || iso.charCodeAt(iso.length - 1) !== 90) return computeParisDay(iso)
  const hour = iso.slice(0, 13)
  const known = dayOfHour.get(hour)
  if (known !== undefined) return known
  const day = computeParisDay(iso)
  if (dayOfHour.size >= 100_000) dayOfHour.clear()
  dayOfHour.set(hour, day)
  return day
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

const counted = (entry: Entry | undefined): entry is Entry & { readonly figures: Figures } =>
  entry?.live === true && entry.status === "SHARED" && entry.figures !== null

const addFigures = (campaign: CampaignFigures, figures: Figures, sign: 1 | -1) => {
  campaign.shared += sign
  const { ids, values } = figures
  const profiles = campaign.type === "PROFILES_COLLECTION"
  for (let index = 0; index < ids.length; index++) {
    bump(campaign.figures, ids[index]!, sign * values[index]!)
    if (profiles) bump(campaign.levels, ids[index]!, sign * Competences.levelFromPix(values[index]!))
  }
}

// Takes a participation's old contribution out and puts its new one in (`before` undefined: a new one). Only
// what changed is touched: a completion moves one status count, not the days or the sums.
const move = (campaign: CampaignFigures, before: Entry | undefined, after: Entry) => {
  const was = before?.live === true ? before : undefined
  const is = after.live ? after : undefined
  if (was !== undefined) campaign.byStatus[was.status]--
  if (is !== undefined) campaign.byStatus[is.status]++
  if (was?.startedDay !== is?.startedDay) {
    if (was !== undefined) bump(campaign.startedByDay, was.startedDay, -1)
    if (is !== undefined) bump(campaign.startedByDay, is.startedDay, 1)
  }
  const sharedBefore = was?.sharedDay ?? null
  const sharedAfter = is?.sharedDay ?? null
  if (sharedBefore !== sharedAfter) {
    if (sharedBefore !== null) bump(campaign.sharedByDay, sharedBefore, -1)
    if (sharedAfter !== null) bump(campaign.sharedByDay, sharedAfter, 1)
  }
  const figuresBefore = counted(before) ? before.figures : null
  const figuresAfter = counted(after) ? after.figures : null
  if (figuresBefore !== figuresAfter) {
    if (figuresBefore !== null) addFigures(campaign, figuresBefore, -1)
    if (figuresAfter !== null) addFigures(campaign, figuresAfter, 1)
  }
}

const emptyCampaign = (type: CampaignEvent.CampaignType): CampaignFigures => ({
  type,
  entries: new Map(),
  byStatus: { STARTED: 0, TO_SHARE: 0, SHARED: 0 },
  startedByDay: new Map(),
  sharedByDay: new Map(),
  shared: 0,
  figures: new Map(),
  levels: new Map()
})

/**
 * Folds one participation event into the read model, in place: counts it for its campaign, and updates the
 * campaign's figures when they are tracked.
 *
 * @category combinators
 * @since 0.2.0
 */
export const apply = (state: State, event: Event): void => {
  state.revisions.set(event.campaignId, (state.revisions.get(event.campaignId) ?? 0) + 1)
  const campaign = state.campaigns.get(event.campaignId)
  if (campaign === undefined) return
  const before = campaign.entries.get(event.participationId)
  const after = entryAfter(before, event)
  if (after === before || after === undefined) return
  campaign.entries.set(event.participationId, after)
  move(campaign, before, after)
}

/**
 * Starts keeping a campaign's figures, from its participations as they are now (each participation id with its
 * entry): the same figures as folding its events from the start, and from now on `apply` follows them.
 *
 * @category combinators
 * @since 0.2.0
 */
export const track = (
  state: State,
  campaignId: string,
  type: CampaignEvent.CampaignType,
  entries: Iterable<readonly [string, Entry]>
): CampaignFigures => {
  const campaign = emptyCampaign(type)
  for (const [participationId, entry] of entries) {
    campaign.entries.set(participationId, entry)
    move(campaign, undefined, entry)
  }
  state.campaigns.set(campaignId, campaign)
  return campaign
}

/**
 * A participation's entry from its state (the participations read model's view): status, Paris days, whether
 * it still counts, and the figures of its share (validated skills or pix per competence).
 *
 * @category constructors
 * @since 0.2.0
 */
export const entryOf = (
  participation: {
    readonly status: ParticipationEvent.ParticipationStatus
    readonly createdAt: string
    readonly sharedAt: string | null
    readonly isImproved: boolean
    readonly deletedAt: string | null
  },
  shared: Readonly<Record<string, number>> | null
): Entry => {
  let figures: Figures | null = null
  if (participation.sharedAt !== null && shared !== null) {
    const ids = Object.keys(shared)
    figures = { ids: sameIds(ids.length, (index) => ids[index]!), values: ids.map((id) => shared[id]!) }
  }
  return {
    status: participation.status,
    startedDay: parisDay(participation.createdAt),
    sharedDay: participation.sharedAt === null ? null : parisDay(participation.sharedAt),
    live: !participation.isImproved && participation.deletedAt === null,
    figures
  }
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
  for (const entry of entries) move(campaign, undefined, entry)
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
