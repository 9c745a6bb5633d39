/**
 * The read models split by partition (issue 17): a partition folded from its own events equals the whole fold's
 * partition; folding batch by batch into rows equals one fold; a school's read models assembled from its partitions
 * and the global ones it needs answer its heavy queries as the whole read models do.
 */
import * as V8 from "node:v8"
import { StoredEvent as StoredEventSchema } from "@orga/domain"
import type { EventStore, ReplayPage } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CampaignAnalysis, type StoredEvent } from "../src/internal/Domain.ts"
import * as Listings from "../src/internal/Listings.ts"
import * as PartitionFold from "../src/internal/PartitionFold.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as SnapshotCodec from "../src/internal/SnapshotCodec.ts"
import { canonical, routerBeforeCompactIds, stateForm } from "./support/partitionForms.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

const runs = { numRuns: 60 }

const empty = (value: unknown): boolean => {
  if (value instanceof Map || value instanceof Set) return value.size === 0
  if (value !== null && typeof value === "object") return Object.values(value).every(empty)
  return false
}

// The log cut into consecutive batches at the given points (taken modulo its length, in order, none empty).
const batchesOf = <A>(log: ReadonlyArray<A>, cuts: ReadonlyArray<number>): Array<ReadonlyArray<A>> => {
  const bounds = [...new Set([0, ...cuts.map((cut) => cut % (log.length + 1)), log.length])].sort((a, b) => a - b)
  return bounds.slice(1).map((end, index) => log.slice(bounds[index], end))
}

const foldAll = (log: ReadonlyArray<EventStore.RecordedEvent>) => {
  const models = ReadModels.make()
  models.apply(log)
  const router = PartitionRouter.make()
  const routes: Array<ReadonlyArray<PartitionRouter.Key>> = []
  for (const event of log) {
    const data = event.data as StoredEvent.StoredEvent
    routes.push(PartitionRouter.partitionsOf(router, event.streamId, data))
    PartitionRouter.observe(router, event.streamId, data)
  }
  return { models, router, routes, parts: Partitions.split(models, router) }
}

// The events as a start-up replay hands them over: runs of one stream's consecutive events.
const pageOf = (events: ReadonlyArray<EventStore.RecordedEvent>): ReplayPage.ReplayPage => {
  const streamIds: Array<string> = []
  const runEnds: Array<number> = []
  const runVersions: Array<bigint> = []
  events.forEach((event, index) => {
    if (streamIds.at(-1) === event.streamId) {
      runEnds[runEnds.length - 1] = index + 1
      runVersions[runVersions.length - 1] = event.streamVersion
    } else {
      streamIds.push(event.streamId)
      runEnds.push(index + 1)
      runVersions.push(event.streamVersion)
    }
  })
  return {
    lastPosition: events.at(-1)?.globalPosition ?? 0n,
    data: events.map((event) => event.data),
    streamIds,
    runEnds,
    runVersions
  }
}

// Partitions whose fold reads another's state (PartitionFold's comment): checked by the batch property only.
const foldsAlone = (key: string) => !PartitionRouter.isDerived(key) && !key.startsWith("login:efface-")

describe("Partitions", () => {
  it("every root and field of the read models has a partition", () => {
    const models = ReadModels.make()
    expect(Partitions.uncovered(models)).toEqual([])
  })

  it("a root that no slot partitions is reported", () => {
    const models = ReadModels.make()
    const grown = {
      ...models,
      roots: { ...models.roots, newModel: new Map(), rosters: { ...models.rosters, extra: new Map() } }
    }
    expect(Partitions.uncovered(grown)).toEqual(["rosters.extra", "newModel"])
  })

  it("every stored event's tag reaches at least one partition", () => {
    const members = (schema: unknown): ReadonlyArray<{ readonly fields: Record<string, unknown> }> => {
      const union = schema as { readonly members?: ReadonlyArray<unknown>; readonly fields?: Record<string, unknown> }
      return union.members === undefined
        ? [union as { readonly fields: Record<string, unknown> }]
        : union.members.flatMap(members)
    }
    const tags = new Set<string>()
    for (const member of members(StoredEventSchema.StoredEvent)) {
      const tag = (member.fields._tag as { readonly ast: { readonly literal: string } }).ast.literal
      const event = Object.fromEntries(
        Object.keys(member.fields).map((field) => [field, field === "_tag" ? tag : `${field}-1`])
      )
      expect(
        PartitionRouter.partitionsOf(PartitionRouter.make(), "stream", event as unknown as StoredEvent.StoredEvent)
          .length,
        tag
      ).toBeGreaterThan(0)
      tags.add(tag)
    }
    expect([...tags].sort()).toEqual([...StoredEventSchema.tags].sort())
  })

  it("folding only the events routed to a partition gives the whole fold's partition", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const { router, routes, parts } = foldAll(log)
        const keys = new Set(routes.flat())
        for (const key of parts.keys())
          expect(keys.has(key) || key.startsWith("ine:") || key.startsWith("links:")).toBe(true)
        for (const key of keys) {
          if (!foldsAlone(key)) continue
          const alone = ReadModels.make()
          alone.apply(log.filter((_, index) => routes[index]!.includes(key)))
          expect(stateForm(Partitions.split(alone, router).get(key)), key).toEqual(stateForm(parts.get(key)))
        }
      }),
      runs
    )
  })

  it("folding batch by batch into encoded rows gives the whole fold's partitions, whatever the batches", () => {
    fc.assert(
      fc.property(PartitionLogs.log, fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (log, cuts) => {
        const { parts } = foldAll(log)
        const table = new Map<string, Uint8Array>()
        const router = PartitionRouter.make()
        for (const batch of batchesOf(log, cuts)) {
          const { rows } = PartitionFold.foldBatch(
            (key) => {
              const bytes = table.get(key)
              return bytes === undefined ? undefined : Partitions.decode(bytes)
            },
            router,
            batch
          )
          for (const [key, state] of rows)
            if (empty(state)) table.delete(key)
            else table.set(key, Partitions.encode(state))
        }
        const nonEmpty = [...parts].filter(([, state]) => !empty(state)).map(([key]) => key)
        expect([...table.keys()].sort()).toEqual(nonEmpty.sort())
        for (const [key, bytes] of table)
          expect(stateForm(Partitions.decode(bytes)), key).toEqual(stateForm(parts.get(key)))
      }),
      runs
    )
  })

  it("a batch's plan names every partition its fold reads, and reading the plan changes no row", () => {
    fc.assert(
      fc.property(PartitionLogs.log, fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (log, cuts) => {
        const { parts } = foldAll(log)
        const table = new Map<string, Uint8Array>()
        const router = PartitionRouter.make()
        for (const batch of batchesOf(log, cuts)) {
          const { routed, linked } = PartitionFold.plan(router, batch)
          // Rows read once and kept, as a leader holding them would: the dry fold must not change them.
          const cache = new Map<string, Partitions.PartitionState | undefined>()
          const read = (key: string) => {
            if (!cache.has(key)) {
              const bytes = table.get(key)
              cache.set(key, bytes === undefined ? undefined : Partitions.decode(bytes))
            }
            return cache.get(key)
          }
          const planned = new Set([...routed, ...linked(read)])
          for (const [key, state] of cache) {
            const bytes = table.get(key)
            expect(stateForm(state), key).toEqual(stateForm(bytes === undefined ? undefined : Partitions.decode(bytes)))
          }
          const { rows } = PartitionFold.foldBatch(
            (key) => {
              if (!planned.has(key)) throw new Error(`${key} was not planned`)
              const bytes = table.get(key)
              return bytes === undefined ? undefined : Partitions.decode(bytes)
            },
            router,
            batch
          )
          for (const [key, state] of rows)
            if (empty(state)) table.delete(key)
            else table.set(key, Partitions.encode(state))
        }
        for (const [key, bytes] of table)
          expect(stateForm(Partitions.decode(bytes)), key).toEqual(stateForm(parts.get(key)))
      }),
      runs
    )
  })

  it("a partition's state comes back from its bytes", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const { parts } = foldAll(log)
        for (const [key, state] of parts)
          expect(stateForm(Partitions.decode(Partitions.encode(state))), key).toEqual(stateForm(state))
      }),
      { numRuns: 30 }
    )
  })

  it("the router comes back from its bytes, and routes the same", () => {
    fc.assert(
      fc.property(PartitionLogs.log, fc.nat(), (log, cut) => {
        const at = cut % (log.length + 1)
        const router = PartitionRouter.make()
        for (const event of log.slice(0, at))
          PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
        const revived = PartitionRouter.decode(PartitionRouter.encode(router))
        expect(canonical(revived)).toEqual(canonical(router))
        for (const event of log.slice(at)) {
          const data = event.data as StoredEvent.StoredEvent
          expect(PartitionRouter.partitionsOf(revived, event.streamId, data)).toEqual(
            PartitionRouter.partitionsOf(router, event.streamId, data)
          )
          PartitionRouter.observe(router, event.streamId, data)
          PartitionRouter.observe(revived, event.streamId, data)
        }
      }),
      { numRuns: 30 }
    )
    expect(() => PartitionRouter.decode(Partitions.encode({ accounts: new Map() }))).toThrow("Not a partition router")
  })

  it("a router stored with a set of ids per user (before the compact ids) decodes to the same router", () => {
    // Users with several schools or logins are drawn too (their ids an array).
    let several = 0
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const router = PartitionRouter.make()
        for (const event of log) PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
        // The form before: each user's schools and logins as a set.
        const old = routerBeforeCompactIds(router)
        const fromOld = PartitionRouter.decode(old)
        for (const ids of [...router.userOrgs.values(), ...router.userLogins.values()])
          if (typeof ids !== "string") several++
        // Written before the memberships and UAIs too: those come back empty (the tables' version 2 rebuilds it).
        const before = { ...router, userMemberships: new Map(), uaiOrgs: new Map(), partial: true }
        expect(canonical(fromOld)).toEqual(canonical(before))
        expect(canonical(PartitionRouter.decode(PartitionRouter.encode(fromOld)))).toEqual(canonical(before))
      }),
      { numRuns: 30 }
    )
    expect(several).toBeGreaterThan(0)
    // Marked partial (Scopes then read every school for a login or a UAI), and so are its copies and its bytes; a
    // router written with the maps is not.
    const old = PartitionRouter.decode(
      SnapshotCodec.encodeValueBytes({
        campaignOrg: new Map(),
        userOrgs: new Map(),
        userLogins: new Map(),
        erasedLearnerOrg: new Map(),
        loginStreams: new Map()
      })
    )
    expect(old.partial).toBe(true)
    expect(PartitionRouter.copy(old).partial).toBe(true)
    expect(PartitionRouter.decode(PartitionRouter.encode(PartitionRouter.copy(old))).partial).toBe(true)
    expect(PartitionRouter.decode(PartitionRouter.encode(PartitionRouter.make())).partial).toBeUndefined()
    expect(PartitionRouter.copy(PartitionRouter.make()).partial).toBeUndefined()
    // A user's several ids come back in their order, one id as it is.
    const router = PartitionRouter.make()
    router.userOrgs.set("u-1", ["o-1", "o-2"])
    router.userLogins.set("u-1", "u1@example.net")
    const revived = PartitionRouter.decode(PartitionRouter.encode(router))
    expect(revived.userOrgs.get("u-1")).toEqual(["o-1", "o-2"])
    expect(revived.userLogins.get("u-1")).toBe("u1@example.net")
  })

  it("a router's maps holding other than ids are refused", () => {
    const maps = (value: Record<string, unknown>) =>
      SnapshotCodec.encodeValueBytes({
        campaignOrg: new Map(),
        userOrgs: new Map(),
        userLogins: new Map(),
        erasedLearnerOrg: new Map(),
        loginStreams: new Map(),
        ...value
      })
    expect(PartitionRouter.decode(maps({ userOrgs: new Map([["u", ["a", "b"]]]) })).userOrgs.get("u")).toEqual([
      "a",
      "b"
    ])
    expect(() => PartitionRouter.decode(maps({ campaignOrg: new Map([["c", ["a", "b"]]]) }))).toThrow(
      "Not a partition router"
    )
    expect(() => PartitionRouter.decode(maps({ userOrgs: new Map([["u", []]]) }))).toThrow("Not a partition router")
    expect(() => PartitionRouter.decode(maps({ userOrgs: new Map([["u", [1]]]) }))).toThrow("Not a partition router")
    expect(() => PartitionRouter.decode(maps({ userLogins: new Map([[1, "a"]]) }))).toThrow("Not a partition router")
    expect(() => PartitionRouter.decode(maps({ loginStreams: [] }))).toThrow("Not a partition router")
    expect(() => PartitionRouter.decode(maps({ uaiOrgs: new Map([["U", []]]) }))).toThrow("Not a partition router")
    expect(() => PartitionRouter.decode(maps({ userMemberships: [] }))).toThrow("Not a partition router")
    expect(() => PartitionRouter.decode(SnapshotCodec.encodeValueBytes(7))).toThrow("Not a partition router")
  })

  it("the router's memberships and UAIs are the organizations' members and UAIs, whatever the log", () => {
    let left = 0
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const { models, router } = foldAll(log)
        const members = new Map<string, Set<string>>()
        const uais = new Map<string, Set<string>>()
        for (const [organizationId, state] of models.organizations) {
          for (const userId of state.members.keys())
            members.set(userId, (members.get(userId) ?? new Set()).add(organizationId))
          const uai = state.registration?.uai
          if (uai != null) uais.set(uai, (uais.get(uai) ?? new Set()).add(organizationId))
        }
        const asSets = (map: ReadonlyMap<string, PartitionRouter.Ids>) =>
          new Map([...map].map(([key, ids]) => [key, new Set(PartitionRouter.idsOf(ids))]))
        expect(asSets(router.userMemberships)).toEqual(members)
        expect(asSets(router.uaiOrgs)).toEqual(uais)
        if (log.some((event) => event.type === "MemberLeft" || event.type === "MemberRemoved")) left++
      }),
      runs
    )
    expect(left).toBeGreaterThan(0)
  })

  it("a router folded batch by batch, stored and read back between batches, equals one folded at once", () => {
    fc.assert(
      fc.property(PartitionLogs.log, fc.array(fc.nat({ max: 200 }), { maxLength: 6 }), (log, cuts) => {
        const { router } = foldAll(log)
        let stored = PartitionRouter.encode(PartitionRouter.make())
        for (const batch of batchesOf(log, cuts)) {
          // A leader's copy routes the batch ahead of folding it; its own router is read from the stored row.
          const ahead = PartitionRouter.copy(PartitionRouter.decode(stored))
          for (const event of batch)
            PartitionRouter.observe(ahead, event.streamId, event.data as StoredEvent.StoredEvent)
          stored = PartitionRouter.encode(ahead)
        }
        expect(canonical(PartitionRouter.decode(stored))).toEqual(canonical(router))
      }),
      runs
    )
  })

  it("bytes that are not a partition's state are refused", () => {
    expect(() => Partitions.decode(new Uint8Array([1, 2, 3]))).toThrow()
    expect(() => Partitions.decode(V8.serialize(5))).toThrow("Not an encoded value")
    expect(() => Partitions.decode(V8.serialize({ tagged: false, value: [1] }))).toThrow("Not a partition's state")
  })

  it("a school's read models, assembled from its partition and the ones it needs, answer as the whole read models", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const { models: whole, parts } = foldAll(log)
        for (const organizationId of PartitionLogs.schoolIds) {
          const key = PartitionRouter.org(organizationId)
          const own = parts.get(key) ?? {}
          const needed = Partitions.neededBy(key, own).map((needed) => parts.get(needed) ?? {})
          const school = Partitions.assemble(
            [own, ...needed].map((state) => Partitions.decode(Partitions.encode(state)))
          )
          expect(schoolAnswers(school, organizationId)).toEqual(schoolAnswers(whole, organizationId))
        }
      }),
      runs
    )
  })

  it("an assembled school folds further events as the whole read models do, event by event or by replay page", () => {
    fc.assert(
      fc.property(PartitionLogs.log, fc.nat(), fc.boolean(), (log, cut, byPage) => {
        const at = cut % (log.length + 1)
        const { router, parts } = foldAll(log.slice(0, at))
        const { parts: after } = foldAll(log)
        const key = PartitionRouter.org("o1")
        const school = Partitions.assemble([Partitions.decode(Partitions.encode(parts.get(key) ?? {}))])
        const rest = log.slice(at).filter((event) => {
          const routed = PartitionRouter.partitionsOf(
            router,
            event.streamId,
            event.data as StoredEvent.StoredEvent
          ).includes(key)
          PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
          return routed
        })
        if (byPage) school.applyPage(pageOf(rest))
        else school.apply(rest)
        expect(stateForm(Partitions.split(school, router).get(key))).toEqual(stateForm(after.get(key)))
      }),
      runs
    )
  })

  it("a stream's version lives in the partition its events reach", () => {
    const router = PartitionRouter.make()
    PartitionRouter.observe(router, "campaign-code-1", {
      _tag: "CampaignCreated",
      campaignId: "code-1",
      organizationId: "o9"
    } as unknown as StoredEvent.StoredEvent)
    PartitionRouter.observe(router, "user-login-h1f2", {
      _tag: "UserLoginReserved",
      login: " Marie@Ecole.fr",
      userId: "u1"
    } as unknown as StoredEvent.StoredEvent)
    const none = () => undefined
    const homes = Object.fromEntries(
      [
        "organization-o1",
        "organization-settings-o1",
        "organization-features-o1",
        "organization-target-profiles-o1",
        "roster-o1",
        "siecle-imports-o1",
        "places-o1",
        "campaign-code-ABC123",
        "campaign-code-1",
        "campaign-c7",
        "user-u1",
        "user-login-jean@ecole.fr",
        "user-login-h1f2",
        "target-profile-tp1",
        "participation-code-1-l1",
        "elsewhere"
      ].map((streamId) => [streamId, PartitionRouter.homeOfStream(router, streamId, none)])
    )
    expect(homes).toEqual({
      "organization-o1": "org:o1",
      "organization-settings-o1": "org:o1",
      "organization-features-o1": "org:o1",
      "organization-target-profiles-o1": "org:o1",
      "roster-o1": "org:o1",
      "siecle-imports-o1": "org:o1",
      "places-o1": "org:o1",
      "campaign-code-ABC123": "code:ABC123",
      "campaign-code-1": "org:o9",
      "campaign-c7": "campaign:c7",
      "user-u1": "user:u1",
      "user-login-jean@ecole.fr": "login:jean@ecole.fr",
      "user-login-h1f2": "login:marie@ecole.fr",
      "target-profile-tp1": "profile:tp1",
      "participation-code-1-l1": "org:o9",
      elsewhere: "stream:elsewhere"
    })
  })

  it("an event of no known partition is refused with its tag", () => {
    expect(() =>
      PartitionRouter.partitionsOf(PartitionRouter.make(), "x", {
        _tag: "Unknown"
      } as unknown as StoredEvent.StoredEvent)
    ).toThrow("Unknown")
  })
})

// What the heavy pages of a school read, through the same helpers the queries use: the learner list (roster,
// accounts of linked learners, their participations), certificability by class (latest profiles), the results and
// the export of each campaign (participations, their views, streams and versions), the campaign analysis (figures
// tracked as the analysis query tracks them), the campaign list, the import history and the links reconciliation
// reads.
const schoolAnswers = (models: ReadModels.ReadModels, organizationId: string) => {
  const listings = Listings.make(models)
  const roster = ReadModels.rosterOf(models, organizationId)
  const learners = [...roster.learners.values()].map((learner) => ({
    learner,
    account: learner.userId === null ? null : (models.accounts.get(learner.userId) ?? null),
    links: learner.userId === null ? [] : [...(models.linksByUser.get(learner.userId)?.entries() ?? [])],
    byIne: models.linkedByIne.get(learner.record.nationalStudentId) ?? null
  }))
  const campaigns = (models.campaignsByOrganization.get(organizationId) ?? []).map((campaignId) => {
    const campaign = models.campaigns.get(campaignId)!
    const participations = (models.participationsByCampaign.get(campaignId) ?? []).map((participationId) => {
      const view = models.participation(participationId)
      const streamId = models.streamOfParticipation(participationId)
      return {
        view,
        account: view?.userId == null ? null : (models.accounts.get(view.userId) ?? null),
        streamId,
        stream: streamId === undefined ? undefined : models.participationStreams.get(streamId),
        version: streamId === undefined ? undefined : String(models.versions.get(streamId))
      }
    })
    const analysis = CampaignAnalysis.track(
      CampaignAnalysis.make(),
      campaignId,
      campaign.type,
      participations.flatMap(({ view }) =>
        view === undefined
          ? []
          : [
              [
                view.participationId,
                CampaignAnalysis.entryOf(view, view.pixByCompetence ?? view.validatedByCompetence)
              ] as const
            ]
      )
    )
    return {
      summary: listings.campaignSummary(campaign),
      code: models.campaignByCode.get(campaign.code),
      profile:
        campaign.targetProfileId === null
          ? null
          : (models.targetProfileCatalogue.get(campaign.targetProfileId) ?? null),
      revision: CampaignAnalysis.revisionOf(models.campaignAnalysis, campaignId),
      version: String(models.versions.get(`campaign-${campaignId}`)),
      participations,
      analysis: canonical(analysis)
    }
  })
  const organization = models.organizations.get(organizationId)
  return canonical({
    organization,
    members: [...(organization?.members.values() ?? [])].map((member) => models.accounts.get(member.userId) ?? null),
    learners,
    erased: [...roster.learners.keys()].filter((learnerId) => models.erased.has(`learner:${learnerId}`)),
    rosterVersion: String(models.versions.get(`roster-${organizationId}`)),
    divisions: listings.activeDivisions(organizationId),
    latestProfiles: [...listings.latestProfiles(organizationId)],
    campaigns,
    imports: (models.imports.get(organizationId) ?? []).map((entry) => ({
      entry,
      by: models.accounts.get(entry.actorId) ?? null
    })),
    deadline: models.deadlines.get(organizationId) ?? null,
    features: models.features.get(organizationId) ?? null,
    places: models.places.get(organizationId) ?? null,
    attached: (models.attachedTargetProfiles.get(organizationId) ?? []).map(
      (id) => models.targetProfileCatalogue.get(id) ?? null
    )
  }) as { readonly campaigns: unknown }
}
