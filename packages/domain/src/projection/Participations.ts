/**
 * The participations read model: each participation stream's state (what the participation decider decides
 * on), each participation's outcome and shared figures (what results and exports read), and the
 * participations of each campaign in start order.
 *
 * A read model held in memory and updated in place: a start-up rebuild folds hundreds of thousands of
 * participation events. Each event's effect on a participation is the decider's own (`Participation.started`,
 * `Participation.change`, `Participation.outcomesAfter`), written in place here and into copies by
 * `ParticipationDecider.evolve`: one definition per event, two ways of applying it (ADR 0034).
 *
 * @since 0.1.0
 */
import * as Participation from "../participation/Participation.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"

/**
 * A participation, updated in place.
 *
 * @since 0.1.0
 */
export type MutableParticipation = Participation.Draft

/**
 * A participation stream's state, updated in place; handed to the decider as it is (deciders read it
 * synchronously and keep nothing).
 *
 * @since 0.1.0
 */
export interface StreamState extends Participation.FullState {
  readonly participations: Array<MutableParticipation>
  outcomes: Participation.FullState["outcomes"]
}

/**
 * A `ProfileShared` without its competence objects, as a start-up replay may hand it over (digested on the
 * reading thread): the competences' ids and pix, in the event's order.
 *
 * @since 0.1.0
 */
export interface ProfileSharedDigest extends Omit<ParticipationEvent.ProfileShared, "competences"> {
  readonly competenceIds: ReadonlyArray<string>
  readonly pixScores: ReadonlyArray<number>
}

/**
 * What the read model folds: the participation events, a `ProfileShared` possibly digested.
 *
 * @since 0.1.0
 */
export type Event = ParticipationEvent.ParticipationEvent | ProfileSharedDigest

/**
 * Whether a `ProfileShared` was digested.
 *
 * @since 0.1.0
 */
export const isDigest = (event: object): event is ProfileSharedDigest => "pixScores" in event

/**
 * A participation as queries read it: the domain's participation plus what the exports need (skills of the
 * outcome, validated skills per competence, pix per competence of the shared profile). A deleted participation
 * is anonymised as Pix does (§4.4): no user, no external id; the decider's own state keeps the user (a retake
 * after a deletion is refused with `PREVIOUS_PARTICIPATION_DELETED`).
 *
 * @since 0.1.0
 */
export interface View extends Omit<Participation.Participation, "userId"> {
  /** The participant; `null` once the participation is deleted (anonymised). */
  readonly userId: Participation.Participation["userId"] | null
  readonly validatedSkillIds: ReadonlyArray<string>
  readonly testedSkillIds: ReadonlyArray<string>
  readonly validatedByCompetence: Readonly<Record<string, number>>
  readonly pixByCompetence: Readonly<Record<string, number>> | null
}

// A share's figure per competence, compactly: the competence ids (one array shared by every share that lists
// the same competences in the same order, as all shares of a referential do) and the figures in that order.
interface PerCompetence {
  readonly ids: ReadonlyArray<string>
  readonly values: ReadonlyArray<number>
}

// What a participation's view adds to the stream's state: the figures of the share are kept compactly and
// turned into records when a query first reads the view (a rebuild folds hundreds of thousands of shares
// that no query may ever read, and keeps them all in memory).
interface Info {
  readonly streamId: string
  validatedSkillIds: ReadonlyArray<string>
  testedSkillIds: ReadonlyArray<string>
  validatedByCompetence: PerCompetence | null
  pixByCompetence: PerCompetence | null
}

/**
 * The read model.
 *
 * @since 0.1.0
 */
export interface State {
  readonly streams: Map<string, StreamState>
  readonly info: Map<string, Info>
  readonly byCampaign: Map<string, Array<string>>
  /** Views merged once and kept until the participation's next event (queries read them thousands of times). */
  readonly views: Map<string, View>
  /** The last list of competence ids seen: the next share most likely lists the same ones. */
  lastIds: ReadonlyArray<string>
}

// Shared by every stream without an outcome and every participation without skills (most of them).
const noOutcomes: Participation.FullState["outcomes"] = Object.freeze({})
const noSkills: ReadonlyArray<string> = Object.freeze([])

/**
 * An empty read model.
 *
 * @since 0.1.0
 */
export const make = (): State => ({
  streams: new Map(),
  info: new Map(),
  byCampaign: new Map(),
  views: new Map(),
  lastIds: []
})

/**
 * The state of a stream without events, to fold in place.
 *
 * @since 0.1.0
 */
export const emptyStream = (): StreamState => ({ participations: [], outcomes: noOutcomes })

// A share's figures, with the ids array of the last share when it lists the same competences (compared in
// place: most shares of a log list the same ones, and a rebuild folds hundreds of thousands of them).
const perCompetence = <C>(
  state: State,
  competences: ReadonlyArray<C>,
  idOf: (competence: C) => string,
  figureOf: (competence: C) => number
): PerCompetence => {
  const last = state.lastIds
  let same = competences.length === last.length
  for (let index = 0; same && index < competences.length; index++) same = idOf(competences[index]!) === last[index]
  if (!same) state.lastIds = competences.map(idOf)
  return { ids: state.lastIds, values: competences.map(figureOf) }
}

// The same, from a digest's two arrays (its figures are kept as they were parsed).
const perCompetenceOf = (state: State, ids: ReadonlyArray<string>, values: ReadonlyArray<number>): PerCompetence => {
  const last = state.lastIds
  let same = ids.length === last.length
  for (let index = 0; same && index < ids.length; index++) same = ids[index] === last[index]
  if (!same) state.lastIds = ids
  return { ids: state.lastIds, values }
}

const masteryId = (competence: ParticipationEvent.MasteryCount) => competence.id
const validatedCount = (competence: ParticipationEvent.MasteryCount) => competence.validatedSkillsCount
const levelId = (competence: ParticipationEvent.CompetenceLevel) => competence.competenceId
const levelPix = (competence: ParticipationEvent.CompetenceLevel) => competence.pixScore

const find = (stream: StreamState, participationId: string): MutableParticipation | undefined => {
  for (const participation of stream.participations)
    if (participation.participationId === participationId) return participation
  return undefined
}

/**
 * Folds one event into a stream's state, in place, as `ParticipationDecider.evolve` folds it into a copy (the same
 * steps). Answers whether the event changed anything (false when it is about a participation the stream does
 * not hold, or starts one it already holds).
 *
 * @since 0.1.0
 */
export const evolveStream = (stream: StreamState, event: ParticipationEvent.ParticipationEvent): boolean => {
  const participation = find(stream, event.participationId)
  if (event._tag === "ParticipationStarted") {
    if (participation !== undefined) return false
    stream.participations.push(Participation.started(event))
    return true
  }
  if (participation === undefined) return false
  Participation.change(participation, event)
  const outcomes = Participation.outcomesAfter(stream.outcomes, event)
  if (outcomes !== stream.outcomes) stream.outcomes = outcomes
  return true
}

// What the view adds, for the events that change it.
const evolveInfo = (state: State, streamId: string, event: Event): void => {
  const id = event.participationId
  switch (event._tag) {
    case "ParticipationStarted": {
      if (state.info.has(id)) return
      state.info.set(id, {
        streamId,
        validatedSkillIds: noSkills,
        testedSkillIds: noSkills,
        validatedByCompetence: null,
        pixByCompetence: null
      })
      const list = state.byCampaign.get(event.campaignId)
      if (list === undefined) state.byCampaign.set(event.campaignId, [id])
      else list.push(id)
      return
    }
    case "AssessmentCompleted": {
      const info = state.info.get(id)
      if (info === undefined) return
      info.validatedSkillIds = event.validatedSkillIds
      info.testedSkillIds = event.testedSkillIds
      return
    }
    case "ParticipationShared": {
      const info = state.info.get(id)
      if (info === undefined) return
      info.validatedByCompetence = perCompetence(state, event.competences, masteryId, validatedCount)
      return
    }
    case "ProfileShared": {
      const info = state.info.get(id)
      if (info === undefined) return
      info.pixByCompetence = isDigest(event)
        ? perCompetenceOf(state, event.competenceIds, event.pixScores)
        : perCompetence(state, event.competences, levelId, levelPix)
      return
    }
    default:
      return
  }
}

/**
 * Folds one event of stream `streamId` into the read model, in place.
 *
 * @since 0.1.0
 */
export const apply = (state: State, streamId: string, event: Event): void => {
  let stream = state.streams.get(streamId)
  if (stream === undefined) {
    stream = emptyStream()
    state.streams.set(streamId, stream)
  }
  // A digest changes the participation as the `ProfileShared` it stands for: it carries every field read.
  if (!evolveStream(stream, event as ParticipationEvent.ParticipationEvent)) return
  if (state.views.size > 0) state.views.delete(event.participationId)
  evolveInfo(state, streamId, event)
}

const recordOf = (figures: PerCompetence): Record<string, number> => {
  const record: Record<string, number> = {}
  for (let index = 0; index < figures.ids.length; index++) record[figures.ids[index]!] = figures.values[index]!
  return record
}

/**
 * The participation as queries read it, or undefined. The view is a snapshot: later events give a new one.
 *
 * @since 0.1.0
 */
export const view = (state: State, participationId: string): View | undefined => {
  const cached = state.views.get(participationId)
  if (cached !== undefined) return cached
  const info = state.info.get(participationId)
  if (info === undefined) return undefined
  const stream = state.streams.get(info.streamId)
  const found = stream === undefined ? undefined : find(stream, participationId)
  if (found === undefined) return undefined
  const result: View = {
    ...found,
    // §4.4: a deleted participation names nobody.
    ...(found.deletedAt === null ? {} : { userId: null, participantExternalId: null }),
    validatedSkillIds: info.validatedSkillIds,
    testedSkillIds: info.testedSkillIds,
    validatedByCompetence: info.validatedByCompetence === null ? {} : recordOf(info.validatedByCompetence),
    pixByCompetence: info.pixByCompetence === null ? null : recordOf(info.pixByCompetence)
  }
  state.views.set(participationId, result)
  return result
}
