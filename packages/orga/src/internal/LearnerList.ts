/**
 * The learner list of an organization (the "Élèves" page): filters by class, name, certificability and
 * connection method, and pagination. The learners sorted by name are kept per roster version (an import
 * changes them; a query of a 5,000-student school must not sort them again), the latest profiles and participation
 * counts while the school's campaigns hold (`SchoolIndex`), and each learner's facts (certificability, connection
 * methods, participation count) per position of the log, made again from those; a query only filters (the last
 * filtered list is kept for the next page of the same filters, and while the facts are unchanged), then builds the
 * rows it answers (a page builds 50, not 5,000). ADR 0044 has the figures.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Rosters from "../Rosters.ts"
import type * as Views from "../Views.ts"
import { type Account, NameMatching } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import type { Plumbing } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import * as SchoolIndex from "./SchoolIndex.ts"

// One learner of the sorted list, with the normalised names the search compares, made at the first search (the
// first display of a list searches nothing: normalising every name then cost more than the rest of the page).
interface Entry {
  readonly learner: ReadModels.LearnerView
  firstLast: string | undefined
  lastFirst: string | undefined
}

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

const sameMethods = (a: ReadonlyArray<Views.ConnectionMethod>, b: ReadonlyArray<Views.ConnectionMethod>): boolean =>
  a === b || (a.length === b.length && a.every((method, index) => method === b[index]))

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
  const index = SchoolIndex.of(models)
  // Per school, bounded (`SchoolIndex.keptSchools`).
  const sortedCache = SchoolIndex.bySchool<{
    readonly sorted: ReadonlyArray<SchoolIndex.SortedLearner>
    readonly entries: ReadonlyArray<Entry>
  }>({ models })
  const factsCache = SchoolIndex.bySchool<{ readonly position: bigint; readonly facts: ReadonlyMap<string, Facts> }>({
    models
  })
  // An account's connection methods, the same array while the account is the same state (a change replaces it):
  // facts made again at a new position then compare them by reference.
  const methodsByAccount = new WeakMap<Account.Account, ReadonlyArray<Views.ConnectionMethod>>()
  const methodsOf = (account: Account.Account | undefined): ReadonlyArray<Views.ConnectionMethod> => {
    if (account === undefined) return noMethods
    let methods = methodsByAccount.get(account)
    if (methods === undefined) {
      methods = connectionMethodsOf(account)
      methodsByAccount.set(account, methods)
    }
    return methods
  }

  // The roster's learners sorted by last name then first name (the school index keeps them per roster version),
  // with room for the normalised names the search compares.
  const sorted = (organizationId: string): ReadonlyArray<Entry> => {
    const learners = index.learners(organizationId)
    const cached = sortedCache.get(organizationId)
    if (cached !== undefined && cached.sorted === learners) return cached.entries
    const entries = learners.map(({ learner }): Entry => ({ learner, firstLast: undefined, lastFirst: undefined }))
    sortedCache.set(organizationId, { sorted: learners, entries })
    return entries
  }

  // Each learner's certificability, connection methods and participation count, made once per position of the log
  // (an account's change is anywhere in it), from the profiles and counts the school index keeps while the school's
  // campaigns hold: after another school's write, only the connection methods are read again. A learner's facts
  // equal to those of the position before are the same object (no garbage per learner and position).
  const factsOf = (organizationId: string): ReadonlyMap<string, Facts> => {
    const position = catchup.position()
    const cached = factsCache.get(organizationId)
    if (cached !== undefined && cached.position === position) return cached.facts
    const counts = index.participationCounts(organizationId)
    const certifiable = index.certifiable(organizationId)
    const before = cached?.facts
    const facts = new Map<string, Facts>()
    let changed = before === undefined
    for (const learner of ReadModels.rosterOf(models, organizationId).learners.values()) {
      const isCertifiable = certifiable.get(learner.learnerId)
      const certificability =
        isCertifiable === undefined ? "Non communiqué" : isCertifiable ? "Certifiable" : "Non Certifiable"
      const connectionMethods = learner.userId === null ? noMethods : methodsOf(models.accounts.get(learner.userId))
      const participationCount = counts.get(learner.learnerId) ?? 0
      const previous = before?.get(learner.learnerId)
      if (
        previous !== undefined &&
        previous.certificability === certificability &&
        previous.participationCount === participationCount &&
        sameMethods(previous.connectionMethods, connectionMethods)
      )
        facts.set(learner.learnerId, previous)
      else {
        changed = true
        facts.set(learner.learnerId, { certificability, connectionMethods, participationCount })
      }
    }
    // Nothing changed: the same map, so the filtered lists made over it hold too.
    const kept = !changed && before !== undefined && before.size === facts.size ? before : facts
    factsCache.set(organizationId, { position, facts: kept })
    return kept
  }

  // The last filtered list of each organization, for the next page of the same filters, kept while the sorted
  // learners and their facts are the same objects (a position of the log that changed neither keeps it).
  const keptCache = SchoolIndex.bySchool<{
    readonly entries: ReadonlyArray<Entry>
    readonly facts: ReadonlyMap<string, Facts>
    readonly key: string
    readonly kept: Kept
  }>({ models })

  // Every learner passing the filters, in order (the rows are built by `rowOf`, only for those shown).
  const filtered = (organizationId: string, filter: Rosters.LearnersPageFilter | undefined): Kept => {
    const entries = sorted(organizationId)
    const facts = factsOf(organizationId)
    const key = JSON.stringify([
      filter?.divisions,
      filter?.search,
      filter?.includeDisabled,
      filter?.certificability,
      filter?.connectionTypes
    ])
    const cached = keptCache.get(organizationId)
    if (cached !== undefined && cached.entries === entries && cached.facts === facts && cached.key === key)
      return cached.kept
    const kept = filterAll(entries, facts, filter)
    keptCache.set(organizationId, { entries, facts, key, kept })
    return kept
  }

  const filterAll = (
    entries: ReadonlyArray<Entry>,
    facts: ReadonlyMap<string, Facts>,
    filter: Rosters.LearnersPageFilter | undefined
  ): Kept => {
    const divisions = filter?.divisions !== undefined && filter.divisions.length > 0 ? new Set(filter.divisions) : null
    const search = filter?.search === undefined ? null : NameMatching.normalize(filter.search)
    const labels =
      filter?.certificability !== undefined && filter.certificability.length > 0
        ? new Set(filter.certificability.map((value) => certificabilityLabel[value]))
        : null
    const types =
      filter?.connectionTypes !== undefined && filter.connectionTypes.length > 0 ? filter.connectionTypes : null
    const includeDisabled = filter?.includeDisabled === true
    const kept: Array<Row> = []
    for (const entry of entries) {
      const { learner } = entry
      if (learner.isDisabled && !includeDisabled) continue
      if (divisions !== null && !divisions.has(learner.record.division)) continue
      if (search !== null) {
        if (entry.firstLast === undefined || entry.lastFirst === undefined) {
          entry.firstLast = NameMatching.normalize(`${learner.record.firstName}${learner.record.lastName}`)
          entry.lastFirst = NameMatching.normalize(`${learner.record.lastName}${learner.record.firstName}`)
        }
        if (!entry.firstLast.includes(search) && !entry.lastFirst.includes(search)) continue
      }
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
