/**
 * The library's read models: in-memory folds of the log, kept by `Catchup`.
 *
 * Organizations and campaigns fold through the domain's own `evolve`; the roster folds into the domain's
 * `Roster` shape with mutable maps, mirroring `RosterDecider.evolve` (a 5,000-student import would otherwise
 * copy the whole roster at each event), and a test checks both folds agree. Each stream's version is kept,
 * so a use case decides on these states and appends with the exact version it saw.
 *
 * @since 0.1.0
 */
import type { EventStore, ReplayPage } from "@orga/event-store"
import {
  Account,
  type Campaign,
  CampaignDecider,
  CampaignEvent,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  type Participation,
  ParticipationEvent,
  type Roster,
  RosterEvent
} from "./Domain.ts"
import * as ParticipationStates from "./ParticipationStates.ts"
import * as ReplayDigest from "./ReplayDigest.ts"

/**
 * A learner of an organization, with when he first appeared.
 *
 * @since 0.1.0
 */
export interface LearnerView extends Roster.Learner {
  readonly organizationId: string
  readonly createdAt: string
}

/**
 * An organization's roster, in the domain's `Roster` shape.
 *
 * @since 0.1.0
 */
export interface RosterView {
  readonly learners: Map<string, LearnerView>
  readonly byIne: Map<string, string>
  readonly byUser: Map<string, string>
  lastImport: Roster.LastImport | null
}

/**
 * One SIECLE import of the history: imported, or refused with its errors.
 *
 * @since 0.1.0
 */
export interface ImportEntry {
  readonly fileName: string
  readonly schoolYear: string | null
  readonly status: "IMPORTED" | "VALIDATION_ERROR"
  readonly actorId: string
  readonly occurredAt: string
  readonly counts: { readonly imported: number; readonly disabled: number; readonly reenabled: number }
  readonly errors: ReadonlyArray<{ readonly code: string; readonly message: string; readonly meta: unknown }>
}

/**
 * A refused import (validation errors): recorded so the history shows it.
 *
 * @since 0.1.0
 */
export interface SiecleImportRejected {
  readonly _tag: "SiecleImportRejected"
  readonly organizationId: string
  readonly fileName: string
  readonly schoolYear: string | null
  readonly errors: ReadonlyArray<{ readonly code: string; readonly message: string; readonly meta: unknown }>
  readonly actorId: string
  readonly occurredAt: string
}

/** The stream of an organization's refused imports. @since 0.1.0 */
export const importsStreamName = (organizationId: string): string => `siecle-imports-${organizationId}`

/**
 * The collection calendar of an organization's school year: the date profiles must be shared by.
 *
 * @since 0.1.0
 */
export interface CollectionDeadlineSet {
  readonly _tag: "CollectionDeadlineSet"
  readonly organizationId: string
  readonly schoolYear: string
  /** `YYYY-MM-DD`. */
  readonly deadline: string
  readonly actorId: string
  readonly occurredAt: string
}

/** The stream of an organization's settings. @since 0.1.0 */
export const settingsStreamName = (organizationId: string): string => `organization-settings-${organizationId}`

/**
 * A learner linked to an account, as reconciliation needs it.
 *
 * @since 0.1.0
 */
export interface Linked {
  readonly learnerId: string
  readonly organizationId: string
  readonly nationalStudentId: string | null
  readonly birthdate: string
  readonly userId: string
}

/**
 * A participation as queries read it: the domain's participation state plus what the exports need (skills of
 * the outcome, validated skills per competence, pix per competence of the shared profile).
 *
 * @since 0.1.0
 */
export interface ParticipationView extends Participation.Participation {
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

// What a participation's view adds to the domain's state, as its events left it: the figures of the share are
// kept compactly and turned into records when a query first reads the view (a rebuild folds hundreds of
// thousands of shares that no query may ever read, and keeps them all in memory).
interface ParticipationInfo {
  readonly streamId: string
  validatedSkillIds: ReadonlyArray<string>
  testedSkillIds: ReadonlyArray<string>
  validatedByCompetence: PerCompetence | null
  pixByCompetence: PerCompetence | null
}

// Shared by every participation without an outcome (most of them, in a profiles collection).
const noSkills: ReadonlyArray<string> = Object.freeze([])

const recordOf = (figures: PerCompetence): Record<string, number> => {
  const record: Record<string, number> = {}
  for (let index = 0; index < figures.ids.length; index++) record[figures.ids[index]!] = figures.values[index]!
  return record
}

/**
 * All read models.
 *
 * @since 0.1.0
 */
export interface ReadModels {
  readonly versions: Map<string, bigint>
  readonly organizations: Map<string, Organization.Organization>
  readonly rosters: Map<string, RosterView>
  readonly imports: Map<string, Array<ImportEntry>>
  readonly deadlines: Map<string, CollectionDeadlineSet>
  readonly campaigns: Map<string, Campaign.Campaign>
  readonly campaignsByOrganization: Map<string, Array<string>>
  readonly campaignByCode: Map<string, string>
  readonly accounts: Map<string, Account.Account>
  readonly logins: Map<string, string>
  /** The domain's state of each participation stream (what its decider decides on). */
  readonly participationStreams: Map<string, Participation.FullState>
  /** The stream of a participation, or undefined. */
  readonly streamOfParticipation: (participationId: string) => string | undefined
  readonly participationsByCampaign: Map<string, Array<string>>
  /** The participation as queries read it, or undefined. */
  readonly participation: (participationId: string) => ParticipationView | undefined
  /** The most recent link of each INE, in any organization. */
  readonly linkedByIne: Map<string, Linked>
  /** Every learner each user is linked to, in any organization (key: organizationId/learnerId). */
  readonly linksByUser: Map<string, Map<string, Linked>>
  readonly apply: (events: ReadonlyArray<EventStore.RecordedEvent>) => void
  /** Folds a replayed page (the start-up rebuild's fast path): the same result as `apply` on its events. */
  readonly applyPage: (page: ReplayPage.ReplayPage) => void
}

// The fields the dispatch reads before handing an event to its fold.
interface Envelope {
  readonly _tag: string
  readonly organizationId: string
  readonly campaignId: string
  readonly participationId: string
  readonly userId: string
  readonly code: string
  readonly login: string
}

// The branch of the fold for each event type: one hash lookup, where a switch on the tag would compare it with
// every case in turn (parsed tags are not interned strings, and the most frequent ones came last).
const Branch = {
  Organization: 0,
  Roster: 1,
  RejectedImport: 2,
  Deadline: 3,
  Campaign: 4,
  CampaignCode: 5,
  Account: 6,
  Login: 7,
  Participation: 8
} as const

const branchOf = new Map<string, (typeof Branch)[keyof typeof Branch]>([
  ...OrganizationEvent.tags.map((tag) => [tag, Branch.Organization] as const),
  ...RosterEvent.tags.map((tag) => [tag, Branch.Roster] as const),
  ["SiecleImportRejected", Branch.RejectedImport],
  ["CollectionDeadlineSet", Branch.Deadline],
  // The code reservation is its own stream's event, folded apart.
  ...CampaignEvent.tags.map(
    (tag) => [tag, tag === "CampaignCodeReserved" ? Branch.CampaignCode : Branch.Campaign] as const
  ),
  ["UserRegistered", Branch.Account],
  ["PixOrgaTermsAccepted", Branch.Account],
  ["UserLoginReserved", Branch.Login],
  ...ParticipationEvent.tags.map((tag) => [tag, Branch.Participation] as const)
])

const emptyRoster = (): RosterView => ({ learners: new Map(), byIne: new Map(), byUser: new Map(), lastImport: null })

/**
 * Empty read models.
 *
 * @since 0.1.0
 */
export const make = (): ReadModels => {
  const versions = new Map<string, bigint>()
  const organizations = new Map<string, Organization.Organization>()
  const rosters = new Map<string, RosterView>()
  const imports = new Map<string, Array<ImportEntry>>()
  const deadlines = new Map<string, CollectionDeadlineSet>()
  const campaigns = new Map<string, Campaign.Campaign>()
  const campaignsByOrganization = new Map<string, Array<string>>()
  const campaignByCode = new Map<string, string>()
  const accounts = new Map<string, Account.Account>()
  const logins = new Map<string, string>()
  const participationStreams = new Map<string, ParticipationStates.StreamState>()
  const participationInfo = new Map<string, ParticipationInfo>()
  const participationsByCampaign = new Map<string, Array<string>>()
  const linkedByIne = new Map<string, Linked>()
  const linksByUser = new Map<string, Map<string, Linked>>()

  const rosterOf = (organizationId: string): RosterView => {
    let roster = rosters.get(organizationId)
    if (roster === undefined) {
      roster = emptyRoster()
      rosters.set(organizationId, roster)
    }
    return roster
  }

  const importsOf = (organizationId: string): Array<ImportEntry> => {
    let list = imports.get(organizationId)
    if (list === undefined) {
      list = []
      imports.set(organizationId, list)
    }
    return list
  }

  const linkedOf = (learner: LearnerView, userId: string): Linked => ({
    learnerId: learner.learnerId,
    organizationId: learner.organizationId,
    nationalStudentId: learner.record.nationalStudentId,
    birthdate: learner.record.birthdate,
    userId
  })

  const unlinkIndexes = (learner: LearnerView, userId: string) => {
    const links = linksByUser.get(userId)
    links?.delete(`${learner.organizationId}/${learner.learnerId}`)
    const ine = learner.record.nationalStudentId
    if (linkedByIne.get(ine)?.learnerId === learner.learnerId) linkedByIne.delete(ine)
  }

  const linkIndexes = (learner: LearnerView, userId: string) => {
    const linked = linkedOf(learner, userId)
    let links = linksByUser.get(userId)
    if (links === undefined) {
      links = new Map()
      linksByUser.set(userId, links)
    }
    links.set(`${learner.organizationId}/${learner.learnerId}`, linked)
    linkedByIne.set(learner.record.nationalStudentId, linked)
  }

  // Mirrors RosterDecider.evolve on mutable maps.
  const applyRoster = (event: RosterEvent.RosterEvent) => {
    const roster = rosterOf(event.organizationId)
    switch (event._tag) {
      case "StudentImported": {
        // The event holds every field of the record: it is kept as the record itself (no copy per learner,
        // which keeps a million-event rebuild fast); the extra fields are never read through `record`.
        const { organizationId, learnerId, occurredAt } = event
        const record = event
        const existing = roster.learners.get(learnerId)
        if (existing !== undefined && roster.byIne.get(existing.record.nationalStudentId) === learnerId)
          roster.byIne.delete(existing.record.nationalStudentId)
        roster.byIne.set(record.nationalStudentId, learnerId)
        const learner: LearnerView = {
          learnerId,
          organizationId,
          record: record as Roster.Learner["record"],
          isDisabled: existing?.isDisabled ?? false,
          userId: existing?.userId ?? null,
          updatedAt: occurredAt,
          createdAt: existing?.createdAt ?? occurredAt
        }
        roster.learners.set(learnerId, learner)
        if (learner.userId !== null) linkIndexes(learner, learner.userId)
        return
      }
      case "StudentDisabled":
      case "StudentReenabled": {
        const learner = roster.learners.get(event.learnerId)
        if (learner === undefined) return
        roster.learners.set(event.learnerId, {
          ...learner,
          isDisabled: event._tag === "StudentDisabled",
          updatedAt: event.occurredAt
        })
        return
      }
      case "StudentAccountLinked": {
        const learner = roster.learners.get(event.learnerId)
        if (learner === undefined) return
        const previous = roster.byUser.get(event.userId)
        if (previous !== undefined && previous !== learner.learnerId) {
          const other = roster.learners.get(previous)
          if (other !== undefined) {
            unlinkIndexes(other, event.userId)
            roster.learners.set(previous, { ...other, userId: null })
          }
        }
        if (learner.userId !== null) {
          roster.byUser.delete(learner.userId)
          unlinkIndexes(learner, learner.userId)
        }
        roster.byUser.set(event.userId, learner.learnerId)
        const linked = { ...learner, userId: event.userId as Roster.Learner["userId"] }
        roster.learners.set(learner.learnerId, linked)
        linkIndexes(linked, event.userId)
        return
      }
      case "StudentAccountUnlinked": {
        const learner = roster.learners.get(event.learnerId)
        if (learner === undefined || learner.userId !== event.userId) return
        roster.byUser.delete(event.userId)
        unlinkIndexes(learner, event.userId)
        roster.learners.set(learner.learnerId, { ...learner, userId: null })
        return
      }
      case "SiecleImportCompleted":
        roster.lastImport = {
          schoolYear: event.schoolYear,
          fileName: event.fileName,
          importedBy: event.actorId,
          importedAt: event.occurredAt
        }
        importsOf(event.organizationId).push({
          fileName: event.fileName,
          schoolYear: event.schoolYear,
          status: "IMPORTED",
          actorId: event.actorId,
          occurredAt: event.occurredAt,
          counts: { imported: event.importedCount, disabled: event.disabledCount, reenabled: event.reenabledCount },
          errors: []
        })
        return
    }
  }

  // The last list of competence ids seen: the next share most likely lists the same ones.
  let lastIds: ReadonlyArray<string> = []
  const perCompetence = <C>(
    competences: ReadonlyArray<C>,
    idOf: (competence: C) => string,
    figureOf: (competence: C) => number
  ): PerCompetence => {
    let same = competences.length === lastIds.length
    for (let index = 0; same && index < competences.length; index++) same = idOf(competences[index]!) === lastIds[index]
    if (!same) lastIds = competences.map(idOf)
    return { ids: lastIds, values: competences.map(figureOf) }
  }
  // The same, from a digest's two arrays (its figures are kept as they were parsed).
  const perCompetenceOf = (ids: ReadonlyArray<string>, values: ReadonlyArray<number>): PerCompetence => {
    let same = ids.length === lastIds.length
    for (let index = 0; same && index < ids.length; index++) same = ids[index] === lastIds[index]
    if (!same) lastIds = ids
    return { ids: lastIds, values }
  }

  // Folds one event; the caller records the stream's version.
  const applyOne = (streamId: string, data: unknown) => {
    const event = data as Envelope
    switch (branchOf.get(event._tag)) {
      case Branch.Organization: {
        const id = event.organizationId as string
        organizations.set(
          id,
          OrganizationDecider.evolve(
            organizations.get(id) ?? Organization.initial,
            event as unknown as OrganizationEvent.OrganizationEvent
          )
        )
        return
      }
      case Branch.Roster:
        applyRoster(event as unknown as RosterEvent.RosterEvent)
        return
      case Branch.RejectedImport: {
        const rejected = event as unknown as SiecleImportRejected
        importsOf(rejected.organizationId).push({
          fileName: rejected.fileName,
          schoolYear: rejected.schoolYear,
          status: "VALIDATION_ERROR",
          actorId: rejected.actorId,
          occurredAt: rejected.occurredAt,
          counts: { imported: 0, disabled: 0, reenabled: 0 },
          errors: rejected.errors
        })
        return
      }
      case Branch.Deadline:
        deadlines.set(event.organizationId, event as unknown as CollectionDeadlineSet)
        return
      case Branch.Campaign: {
        const id = event.campaignId as string
        const before = campaigns.get(id) ?? null
        const after = CampaignDecider.evolve(before, event as unknown as CampaignEvent.CampaignEvent)
        if (after === null) return
        campaigns.set(id, after)
        if (before === null) {
          const list = campaignsByOrganization.get(after.organizationId) ?? []
          list.push(id)
          campaignsByOrganization.set(after.organizationId, list)
        }
        return
      }
      case Branch.CampaignCode:
        campaignByCode.set(event.code, event.campaignId)
        return
      case Branch.Account: {
        const after = Account.evolve(accounts.get(event.userId) ?? null, event as unknown as Account.AccountEvent)
        if (after !== null) accounts.set(after.userId, after)
        return
      }
      case Branch.Login:
        logins.set(event.login, event.userId)
        return
      case Branch.Participation: {
        const participationEvent = event as unknown as ParticipationEvent.ParticipationEvent
        const id = participationEvent.participationId as string
        let state = participationStreams.get(streamId)
        if (state === undefined) {
          state = ParticipationStates.empty()
          participationStreams.set(streamId, state)
        }
        if (ParticipationStates.evolve(state, participationEvent) === undefined) return
        if (views.size > 0) views.delete(id)
        switch (participationEvent._tag) {
          case "ParticipationStarted": {
            if (participationInfo.get(id) !== undefined) return
            participationInfo.set(id, {
              streamId,
              validatedSkillIds: noSkills,
              testedSkillIds: noSkills,
              validatedByCompetence: null,
              pixByCompetence: null
            })
            const list = participationsByCampaign.get(participationEvent.campaignId)
            if (list === undefined) participationsByCampaign.set(participationEvent.campaignId, [id])
            else list.push(id)
            return
          }
          case "AssessmentCompleted": {
            const info = participationInfo.get(id)
            if (info === undefined) return
            info.validatedSkillIds = participationEvent.validatedSkillIds
            info.testedSkillIds = participationEvent.testedSkillIds
            return
          }
          case "ParticipationShared": {
            const info = participationInfo.get(id)
            if (info === undefined) return
            info.validatedByCompetence = perCompetence(
              participationEvent.competences,
              (competence) => competence.id,
              (competence) => competence.validatedSkillsCount
            )
            return
          }
          case "ProfileShared": {
            const info = participationInfo.get(id)
            if (info === undefined) return
            const shared: object = participationEvent
            info.pixByCompetence = ReplayDigest.isDigest(shared)
              ? perCompetenceOf(shared.competenceIds, shared.pixScores)
              : perCompetence(
                  participationEvent.competences,
                  (competence) => competence.competenceId,
                  (competence) => competence.pixScore
                )
            return
          }
          default:
            return
        }
      }
    }
  }

  // Views are merged once and kept until the participation's next event (queries read them thousands of times).
  const views = new Map<string, ParticipationView>()
  const participation = (participationId: string): ParticipationView | undefined => {
    const cached = views.get(participationId)
    if (cached !== undefined) return cached
    const info = participationInfo.get(participationId)
    if (info === undefined) return undefined
    const state = participationStreams.get(info.streamId)
    const found = state?.participations.find((candidate) => candidate.participationId === participationId)
    if (found === undefined) return undefined
    const validatedByCompetence = info.validatedByCompetence === null ? {} : recordOf(info.validatedByCompetence)
    const pixByCompetence = info.pixByCompetence === null ? null : recordOf(info.pixByCompetence)
    const view: ParticipationView = {
      ...found,
      validatedSkillIds: info.validatedSkillIds,
      testedSkillIds: info.testedSkillIds,
      validatedByCompetence,
      pixByCompetence
    }
    views.set(participationId, view)
    return view
  }

  const apply = (events: ReadonlyArray<EventStore.RecordedEvent>) => {
    for (const event of events) {
      versions.set(event.streamId, event.streamVersion)
      applyOne(event.streamId, event.data)
    }
  }

  // A stream's version is recorded once per run of its events (an import is thousands of events of one
  // stream): nothing reads the versions while a page folds.
  const applyPage = (page: ReplayPage.ReplayPage) => {
    const { data, runEnds, streamIds, runVersions } = page
    let index = 0
    for (let run = 0; run < runEnds.length; run++) {
      const streamId = streamIds[run]!
      const end = runEnds[run]!
      for (; index < end; index++) applyOne(streamId, data[index])
      versions.set(streamId, runVersions[run]!)
    }
  }

  return {
    versions,
    organizations,
    rosters,
    imports,
    deadlines,
    campaigns,
    campaignsByOrganization,
    campaignByCode,
    accounts,
    logins,
    participationStreams,
    streamOfParticipation: (participationId) => participationInfo.get(participationId)?.streamId,
    participationsByCampaign,
    participation,
    linkedByIne,
    linksByUser,
    apply,
    applyPage
  }
}

/**
 * The roster of an organization (empty when nothing was imported).
 *
 * @since 0.1.0
 */
export const rosterOf = (models: ReadModels, organizationId: string): RosterView =>
  models.rosters.get(organizationId) ?? emptyRoster()
