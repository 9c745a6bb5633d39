/**
 * The library's read models, and the runner that folds the log into them (kept up to date by `Catchup`).
 *
 * Every read model is the domain's: a decider's own fold (organizations, campaigns, accounts) or a projection
 * of `@orga/domain`'s `projection` folder (rosters and account links, participations, import history, the
 * small directories), each kept per key here. This module only dispatches events to them by tag and records
 * each stream's version, so a use case decides on these states and appends with the exact version it saw.
 * Each read model sits behind one small interface (`ReadModel`): its name, the tags it folds and how it folds
 * one event; ADR 0034 says how a later step keeps some of them in the database instead.
 *
 * @since 0.1.0
 */
import { ErasureEvent, ErasuresProjection, Places } from "@orga/domain"
import type { EventStore, ReplayPage } from "@orga/event-store"
import {
  Account,
  type Campaign,
  CampaignAnalysis,
  CampaignDecider,
  CampaignEvent,
  type Decider,
  Directory,
  ImportHistory,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  OrganizationFeatures,
  type Participation,
  ParticipationEvent,
  Participations,
  Roster,
  RosterEvent,
  Rosters,
  type StoredEvent,
  type TargetProfileEvent,
  TargetProfileShares
} from "./Domain.ts"

/**
 * A learner of an organization, in the domain's `Roster` shape.
 *
 * @since 0.1.0
 */
export type LearnerView = Roster.Learner

/**
 * An organization's roster: the domain's `Roster`, read with plain string keys.
 *
 * @since 0.1.0
 */
export interface RosterView {
  readonly learners: ReadonlyMap<string, LearnerView>
  readonly byIne: ReadonlyMap<string, string>
  readonly byUser: ReadonlyMap<string, string>
  readonly lastImport: Roster.LastImport | null
}

/**
 * One SIECLE import of the history: imported, or refused with its errors.
 *
 * @since 0.1.0
 */
export type ImportEntry = ImportHistory.Entry

/**
 * A refused import (validation errors): recorded so the history shows it.
 *
 * @since 0.1.0
 */
export type SiecleImportRejected = ImportHistory.ImportRejected

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
export type Linked = Rosters.Linked

/**
 * A participation as queries read it: the domain's participation state plus what the exports need.
 *
 * @since 0.1.0
 */
export interface ParticipationView extends Participations.View {}

/**
 * One read model as the runner drives it: the event tags it folds, and how it folds one event of a stream.
 * The one seam between the log and a read model: an implementation may keep its state in memory (all of
 * them today) or, later, in the database (ADR 0034).
 *
 * @since 0.1.0
 */
export interface ReadModel {
  readonly name: string
  readonly tags: ReadonlyArray<string>
  /** Folds one event of `streamId`; the runner only hands it events whose tag is in `tags`. */
  readonly apply: (streamId: string, event: StoredEvent.StoredEvent) => void
}

/**
 * A read model of one state per key, each folded by a pure projection (a decider's fold or a domain
 * projection); states that are still `null` are not kept.
 *
 * @since 0.1.0
 */
export const keyed = <S, E>(
  name: string,
  tags: ReadonlyArray<string>,
  states: Map<string, NonNullable<S>>,
  keyOf: (event: NoInfer<E>) => string,
  projection: Decider.Projection<S, E>
): ReadModel => ({
  name,
  tags,
  apply: (_streamId, stored) => {
    // The runner dispatches by tag: an event given here has one of `tags`, whose type is `E`.
    const event = stored as unknown as E
    const key = keyOf(event)
    const next = projection.evolve(states.get(key) ?? projection.initialState, event)
    if (next !== null && next !== undefined) states.set(key, next)
  }
})

/**
 * All read models, as the use cases and queries read them.
 *
 * @since 0.1.0
 */
export interface ReadModels {
  readonly versions: Map<string, bigint>
  readonly organizations: Map<string, Organization.Organization>
  readonly rosters: Map<string, RosterView>
  readonly imports: Map<string, ReadonlyArray<ImportEntry>>
  readonly deadlines: Map<string, CollectionDeadlineSet>
  readonly campaigns: Map<string, Campaign.Campaign>
  readonly campaignsByOrganization: Map<string, ReadonlyArray<string>>
  readonly campaignByCode: Map<string, string>
  readonly accounts: Map<string, Account.Account>
  readonly logins: Map<string, string>
  /** The domain's state of each participation stream (what its decider decides on). */
  readonly participationStreams: Map<string, Participation.FullState>
  /** The stream of a participation, or undefined. */
  readonly streamOfParticipation: (participationId: string) => string | undefined
  readonly participationsByCampaign: Map<string, ReadonlyArray<string>>
  /** The participation as queries read it, or undefined. */
  readonly participation: (participationId: string) => ParticipationView | undefined
  /** The most recent link of each INE, in any organization. */
  readonly linkedByIne: Map<string, Linked>
  /** Every learner each user is linked to, in any organization (key: organizationId/learnerId). */
  readonly linksByUser: Map<string, Map<string, Linked>>
  /** Every read model, as the runner drives them. */
  readonly readModels: ReadonlyArray<ReadModel>
  /** The features Pix Admin turned on, per organization. */
  readonly features: Map<string, OrganizationFeatures.Enabled>
  /** The target profile catalogue the back office keeps, by profile id. */
  readonly targetProfileCatalogue: Map<string, TargetProfileShares.Entry>
  /** The catalogue's profiles offered to each organization, in the order they were attached. */
  readonly attachedTargetProfiles: Map<string, ReadonlyArray<string>>
  readonly apply: (events: ReadonlyArray<EventStore.RecordedEvent>) => void
  /** Folds a replayed page (the start-up rebuild's fast path): the same result as `apply` on its events. */
  readonly applyPage: (page: ReplayPage.ReplayPage) => void
  /** Each organization's places (lots and limit), by organization id. */
  readonly places: Map<string, Places.Places>
  /** Each campaign's analysis figures: participations by status and day, sums per competence (ADR 0043). */
  readonly campaignAnalysis: CampaignAnalysis.State
  /** The subjects erased so far (`PersonalSubjects.learner` / `user`): docs/adr/0049-crypto-shredding.md. */
  readonly erased: ReadonlySet<string>
  /**
   * Every piece of state the folds keep, by name (maps, sets, and the domain projections' state objects): what a
   * snapshot saves and restores in place (docs/adr/0056-read-model-snapshots.md).
   */
  readonly roots: Readonly<Record<string, object>>
}

const byOrganization = (event: { readonly organizationId: string }) => event.organizationId
const campaignTags = CampaignEvent.tags.filter((tag) => tag !== "CampaignCodeReserved")

/**
 * How stored data reaches the read models: `upcast` brings data of an older stored shape to the current one by its
 * shape (the codec's `upcastUnversioned`), run only on the tags of `upcastTags` (the tags whose shape changed).
 *
 * @since 0.1.0
 */
export interface MakeOptions {
  readonly upcast?: ((data: unknown) => unknown) | undefined
  readonly upcastTags?: ReadonlySet<string> | undefined
}

/**
 * Empty read models.
 *
 * @since 0.1.0
 */
export const make = (options: MakeOptions = {}): ReadModels => {
  const versions = new Map<string, bigint>()
  const organizations = new Map<string, Organization.Organization>()
  const imports = new Map<string, ReadonlyArray<ImportEntry>>()
  const deadlines = new Map<string, CollectionDeadlineSet>()
  const campaigns = new Map<string, Campaign.Campaign>()
  const campaignsByOrganization = new Map<string, ReadonlyArray<string>>()
  const campaignByCode = new Map<string, string>()
  const accounts = new Map<string, Account.Account>()
  const logins = new Map<string, string>()
  const rosters = Rosters.make()
  const participations = Participations.make()
  const features = new Map<string, OrganizationFeatures.Enabled>()
  const targetProfileCatalogue = new Map<string, TargetProfileShares.Entry>()
  const attachedTargetProfiles = new Map<string, ReadonlyArray<string>>()
  const places = new Map<string, Places.Places>()
  const campaignAnalysis = CampaignAnalysis.make()
  const erased = new Set<string>()

  const readModels: ReadonlyArray<ReadModel> = [
    keyed("organizations", OrganizationEvent.tags, organizations, byOrganization, {
      initialState: Organization.initial,
      evolve: OrganizationDecider.evolve
    }),
    {
      name: "rosters",
      tags: RosterEvent.tags,
      apply: (_, event) => Rosters.apply(rosters, event as RosterEvent.RosterEvent)
    },
    keyed(
      "imports",
      ["SiecleImportCompleted", "SiecleImportRejected", "SiecleImportRecorded"],
      imports,
      byOrganization,
      ImportHistory.projection
    ),
    keyed("deadlines", ["CollectionDeadlineSet"], deadlines, byOrganization, Directory.collectionDeadline()),
    keyed("campaigns", campaignTags, campaigns, (event) => event.campaignId, {
      initialState: null,
      evolve: CampaignDecider.evolve
    }),
    keyed(
      "campaignsByOrganization",
      ["CampaignCreated"],
      campaignsByOrganization,
      byOrganization,
      Directory.campaignsOfOrganization
    ),
    keyed("campaignByCode", ["CampaignCodeReserved"], campaignByCode, (event) => event.code, Directory.campaignOfCode),
    keyed("accounts", ["UserRegistered", "PixOrgaTermsAccepted", "UsernameAdded"], accounts, (event) => event.userId, {
      initialState: null,
      evolve: Account.evolve
    }),
    keyed("logins", ["UserLoginReserved"], logins, (event) => event.login, Directory.userOfLogin),
    {
      name: "participations",
      tags: ParticipationEvent.tags,
      apply: (streamId, event) =>
        Participations.apply(participations, streamId, event as ParticipationEvent.ParticipationEvent)
    },
    keyed("features", ["OrganizationFeatureSet"], features, byOrganization, OrganizationFeatures.projection),
    keyed(
      "targetProfileCatalogue",
      ["TargetProfileCreated"],
      targetProfileCatalogue,
      (event: TargetProfileEvent.TargetProfileCreated) => event.targetProfileId,
      TargetProfileShares.entry
    ),
    keyed(
      "attachedTargetProfiles",
      ["TargetProfileAttached", "TargetProfileDetached"],
      attachedTargetProfiles,
      byOrganization,
      TargetProfileShares.attachments
    ),
    keyed("places", Places.tags, places, byOrganization, { initialState: Places.initial, evolve: Places.evolve }),
    {
      name: "campaignAnalysis",
      tags: ParticipationEvent.tags,
      apply: (_, event) => CampaignAnalysis.apply(campaignAnalysis, event as ParticipationEvent.ParticipationEvent)
    },
    {
      name: "erasures",
      tags: ErasureEvent.tags,
      apply: (_, event) =>
        ErasuresProjection.apply(
          { rosters, accounts, logins, participations, erased },
          event as ErasureEvent.ErasureEvent
        )
    }
  ]

  // The read models of each tag: one hash lookup per event (parsed tags are not interned strings, and a
  // switch would compare them with every case in turn).
  const byTag = new Map<string, Array<ReadModel>>()
  for (const model of readModels)
    for (const tag of model.tags) {
      const list = byTag.get(tag)
      if (list === undefined) byTag.set(tag, [model])
      else list.push(model)
    }
  // An event of a tag whose stored shape changed is upcast once, before its read models; its tag's list of read
  // models marks it (an identity check on the list the dispatch already found: no second lookup by tag).
  const { upcast, upcastTags } = options
  const upcastingLists = new Set<ReadonlyArray<ReadModel>>()
  for (const tag of upcastTags ?? []) {
    const list = byTag.get(tag)
    if (list !== undefined) upcastingLists.add(list)
  }

  // Folds one event; the caller records the stream's version. The data was encoded by the codec when it was
  // written (and upcast to its current shape when the log holds older versions), so it is a stored event.
  const applyOne = (streamId: string, data: unknown) => {
    const models = byTag.get((data as StoredEvent.StoredEvent)._tag)
    if (models === undefined) return
    const event = (upcast !== undefined && upcastingLists.has(models) ? upcast(data) : data) as StoredEvent.StoredEvent
    for (let index = 0; index < models.length; index++) models[index]!.apply(streamId, event)
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
    rosters: rosters.rosters,
    imports,
    deadlines,
    campaigns,
    campaignsByOrganization,
    campaignByCode,
    accounts,
    logins,
    participationStreams: participations.streams,
    streamOfParticipation: (participationId) => participations.info.get(participationId)?.streamId,
    participationsByCampaign: participations.byCampaign,
    participation: (participationId) => Participations.view(participations, participationId),
    linkedByIne: rosters.linkedByIne,
    linksByUser: rosters.linksByUser,
    readModels,
    apply,
    applyPage,
    features,
    targetProfileCatalogue,
    attachedTargetProfiles,
    places,
    campaignAnalysis,
    erased,
    roots: {
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
      participations,
      features,
      targetProfileCatalogue,
      attachedTargetProfiles,
      places,
      campaignAnalysis,
      erased
    }
  }
}

/**
 * The roster of an organization (empty when nothing was imported).
 *
 * @since 0.1.0
 */
export const rosterOf = (models: ReadModels, organizationId: string): RosterView =>
  models.rosters.get(organizationId) ?? Roster.initial
