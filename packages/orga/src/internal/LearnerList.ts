/**
 * The learner list of an organization (the "Élèves" page): filters by class, name, certificability and
 * connection method, and pagination. The learners sorted by name are kept per roster version (an import
 * changes them; a query of a 5,000-student school must not sort them again), and what follows participations
 * and accounts (certificability, connection methods, participation count) per position of the log; a query only
 * filters (the last filtered list is kept for the next page of the same filters), then builds the rows it answers
 * (a page builds 50, not 5,000). ADR 0044 has the figures.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Rosters from "../Rosters.ts"
import type * as Views from "../Views.ts"
import { Ids, NameMatching, Roster } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import * as Listings from "./Listings.ts"
import type { Plumbing } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"

// One learner of the sorted list, with the normalised names the search compares.
interface Entry {
  readonly learner: ReadModels.LearnerView
  readonly firstLast: string
  readonly lastFirst: string
}

const collator = new Intl.Collator("fr")

const certificabilityLabel = {
  eligible: "Certifiable",
  "non-eligible": "Non Certifiable",
  "not-available": "Non communiqué"
} as const

/**
 * The connection methods of an account, as the list shows them (none without an account).
 *
 * @category getters
 * @since 0.1.0
 */
export const connectionMethodsOf = (
  account:
    | { readonly email: string | null; readonly username: string | null; readonly samlId: string | null }
    | undefined
): ReadonlyArray<Views.ConnectionMethod> => {
  if (account === undefined) return []
  const methods: Array<Views.ConnectionMethod> = []
  if (account.email !== null) methods.push("email")
  if (account.username !== null) methods.push("identifiant")
  if (account.samlId !== null) methods.push("mediacentre")
  return methods
}

/**
 * Whether a learner with these connection methods passes Pix's connection-type filter (any of the types asked).
 *
 * @category guards
 * @since 0.1.0
 */
export const matchesConnectionTypes = (
  methods: ReadonlyArray<Views.ConnectionMethod>,
  types: ReadonlyArray<Rosters.ConnectionTypeFilter>
): boolean =>
  types.some((type) => {
    switch (type) {
      case "none":
        return methods.length === 0
      case "without_mediacentre":
        return !methods.includes("mediacentre")
      default:
        return methods.includes(type)
    }
  })

// What the list shows of a learner beyond his record, derived from participations and accounts.
interface Facts {
  readonly certificability: Views.LearnerView["certificability"]
  readonly connectionMethods: ReadonlyArray<Views.ConnectionMethod>
  readonly participationCount: number
}

const noMethods: ReadonlyArray<Views.ConnectionMethod> = Object.freeze([])

// A learner kept by the filters, with his facts; the list of them, in order.
interface Row {
  readonly learner: ReadModels.LearnerView
  readonly facts: Facts
}
type Kept = ReadonlyArray<Row>

/**
 * Builds the learner list queries over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "learners" | "learnersPage"> => {
  const { models, query, asMember, catchup } = plumbing
  const { latestProfiles } = Listings.make(models)
  const sortedCache = new Map<string, { readonly version: bigint; readonly entries: ReadonlyArray<Entry> }>()
  const factsCache = new Map<string, { readonly position: bigint; readonly facts: ReadonlyMap<string, Facts> }>()

  // The roster's learners sorted by last name then first name, computed once per version of the roster.
  // (The id was decoded at the door: `make` only brands it.)
  const sorted = (organizationId: string): ReadonlyArray<Entry> => {
    const version = models.versions.get(Roster.streamName(Ids.OrganizationId.make(organizationId))) ?? 0n
    const cached = sortedCache.get(organizationId)
    if (cached !== undefined && cached.version === version) return cached.entries
    const entries = [...ReadModels.rosterOf(models, organizationId).learners.values()]
      .map(
        (learner): Entry => ({
          learner,
          firstLast: NameMatching.normalize(`${learner.record.firstName}${learner.record.lastName}`),
          lastFirst: NameMatching.normalize(`${learner.record.lastName}${learner.record.firstName}`)
        })
      )
      .sort(
        (a, b) =>
          collator.compare(a.learner.record.lastName, b.learner.record.lastName) ||
          collator.compare(a.learner.record.firstName, b.learner.record.firstName)
      )
    sortedCache.set(organizationId, { version, entries })
    return entries
  }

  // Each learner's certificability, connection methods and participation count, computed once per position of the
  // log (any event may change them: a share, a deletion, an account): a school's page after page, or a filter after
  // another, reads them again for free.
  const factsOf = (organizationId: string): ReadonlyMap<string, Facts> => {
    const position = catchup.position()
    const cached = factsCache.get(organizationId)
    if (cached !== undefined && cached.position === position) return cached.facts
    const counts = new Map<string, number>()
    for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? [])
      for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
        const participation = models.participation(participationId)
        if (participation !== undefined && participation.learnerId !== null && participation.deletedAt === null)
          counts.set(participation.learnerId, (counts.get(participation.learnerId) ?? 0) + 1)
      }
    const profiles = latestProfiles(organizationId)
    const facts = new Map<string, Facts>()
    for (const learner of ReadModels.rosterOf(models, organizationId).learners.values()) {
      const profile = profiles.get(learner.learnerId)
      facts.set(learner.learnerId, {
        certificability:
          profile === undefined ? "Non communiqué" : profile.isCertifiable ? "Certifiable" : "Non Certifiable",
        connectionMethods:
          learner.userId === null ? noMethods : connectionMethodsOf(models.accounts.get(learner.userId)),
        participationCount: counts.get(learner.learnerId) ?? 0
      })
    }
    factsCache.set(organizationId, { position, facts })
    return facts
  }

  // The last filtered list of each organization, for the next page of the same filters at the same position.
  const keptCache = new Map<string, { readonly position: bigint; readonly key: string; readonly kept: Kept }>()

  // Every learner passing the filters, in order (the rows are built by `rowOf`, only for those shown).
  const filtered = (organizationId: string, filter: Rosters.LearnersPageFilter | undefined): Kept => {
    const position = catchup.position()
    const key = JSON.stringify([
      filter?.divisions,
      filter?.search,
      filter?.includeDisabled,
      filter?.certificability,
      filter?.connectionTypes
    ])
    const cached = keptCache.get(organizationId)
    if (cached !== undefined && cached.position === position && cached.key === key) return cached.kept
    const kept = filterAll(organizationId, filter)
    keptCache.set(organizationId, { position, key, kept })
    return kept
  }

  const filterAll = (organizationId: string, filter: Rosters.LearnersPageFilter | undefined): Kept => {
    const divisions = filter?.divisions !== undefined && filter.divisions.length > 0 ? new Set(filter.divisions) : null
    const search = filter?.search === undefined ? null : NameMatching.normalize(filter.search)
    const labels =
      filter?.certificability !== undefined && filter.certificability.length > 0
        ? new Set(filter.certificability.map((value) => certificabilityLabel[value]))
        : null
    const types =
      filter?.connectionTypes !== undefined && filter.connectionTypes.length > 0 ? filter.connectionTypes : null
    const includeDisabled = filter?.includeDisabled === true
    const facts = factsOf(organizationId)
    const kept: Array<Row> = []
    for (const { learner, firstLast, lastFirst } of sorted(organizationId)) {
      if (learner.isDisabled && !includeDisabled) continue
      if (divisions !== null && !divisions.has(learner.record.division)) continue
      if (search !== null && !firstLast.includes(search) && !lastFirst.includes(search)) continue
      const fact = facts.get(learner.learnerId)
      if (fact === undefined) continue
      if (labels !== null && !labels.has(fact.certificability)) continue
      if (types !== null && !matchesConnectionTypes(fact.connectionMethods, types)) continue
      kept.push({ learner, facts: fact })
    }
    return kept
  }

  const rowOf = ({ learner, facts }: Row): Views.LearnerView => ({
    learnerId: learner.learnerId,
    lastName: learner.record.lastName,
    firstName: learner.record.firstName,
    birthdate: learner.record.birthdate,
    division: learner.record.division,
    nationalStudentId: learner.record.nationalStudentId,
    isDisabled: learner.isDisabled,
    isLinkedToAccount: learner.userId !== null,
    participationCount: facts.participationCount,
    certificability: facts.certificability,
    connectionMethods: facts.connectionMethods
  })

  const learners: OrgaShape["learners"] = (actor, organizationId, filter) =>
    query(Effect.map(asMember(actor, organizationId), () => filtered(organizationId, filter).map(rowOf)))

  const learnersPage: OrgaShape["learnersPage"] = (actor, organizationId, filter) =>
    query(
      Effect.map(asMember(actor, organizationId), () => {
        const kept = filtered(organizationId, filter)
        const page = filter?.page ?? 1
        const pageSize = filter?.pageSize ?? Inputs.defaultPageSize
        return {
          learners: kept.slice((page - 1) * pageSize, page * pageSize).map(rowOf),
          pagination: { page, pageSize, rowCount: kept.length, pageCount: Math.ceil(kept.length / pageSize) }
        }
      })
    )

  return { learners, learnersPage }
}
