import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { project } from "../src/Decider.ts"
import * as DomainEvent from "../src/Event.ts"
import * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import * as Activity from "../src/projection/Activity.ts"
import * as CampaignResults from "../src/projection/CampaignResults.ts"
import * as CampaignsList from "../src/projection/CampaignsList.ts"
import * as LearnersList from "../src/projection/LearnersList.ts"
import * as ProfilesCollection from "../src/projection/ProfilesCollection.ts"
import type { ProjectedEvent } from "../src/projection/ProjectedEvent.ts"
import * as Team from "../src/projection/Team.ts"
import * as Arbitraries from "../src/testing/Arbitraries.ts"
import * as CampaignArb from "../src/testing/CampaignArbitraries.ts"
import * as ParticipationArb from "../src/testing/ParticipationArbitraries.ts"

// Events are built from their stored JSON shape and decoded, so the fixtures are checked by the schemas.
const decodeParticipation = Schema.decodeUnknownSync(ParticipationEvent.ParticipationEvent)
const ev = (json: Record<string, unknown>): ProjectedEvent => {
  const decoded = DomainEvent.decodeUnknown(json)
  return Result.isSuccess(decoded) ? decoded.success : decodeParticipation(json)
}

const org = "org-1"
const day = (d: number, h = 8) => `2026-09-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00.000Z`

const student = (learnerId: string, firstName: string, lastName: string, division: string, at = day(1)) =>
  ev({
    _tag: "StudentImported",
    organizationId: org,
    learnerId,
    nationalStudentId: `${learnerId.replace(/\D/g, "").padStart(9, "0")}AB`,
    firstName,
    middleName: null,
    thirdName: null,
    lastName,
    preferredLastName: null,
    sex: "F",
    birthdate: "2012-05-14",
    birthCountryCode: "100",
    birthProvinceCode: "033",
    birthCityCode: "33063",
    birthCity: null,
    MEFCode: null,
    status: "ST",
    division,
    schoolYear: "2026",
    actorId: "user-admin",
    occurredAt: at
  })

const campaign = (
  campaignId: string,
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  name: string,
  ownerId: string,
  at: string
) =>
  ev({
    _tag: "CampaignCreated",
    campaignId,
    organizationId: org,
    code: campaignId === "campaign-1" ? "ABCDEF234" : "GHJKMN567",
    type,
    name,
    title: null,
    targetProfileId: type === "ASSESSMENT" ? "tp-1" : null,
    creatorId: ownerId,
    ownerId,
    externalIdLabel: null,
    externalIdType: null,
    customLandingPageText: null,
    customResultPageText: null,
    customResultPageButtonText: null,
    customResultPageButtonUrl: null,
    multipleSendings: true,
    occurredAt: at
  })

const started = (
  participationId: string,
  campaignId: string,
  learnerId: string,
  userId: string,
  at: string,
  type = "ASSESSMENT"
) => [
  ev({
    _tag: "ParticipationStarted",
    participationId,
    campaignId,
    organizationId: org,
    campaignType: type,
    userId,
    participantExternalId: null,
    status: type === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
    isRetry: false,
    isReset: false,
    occurredAt: at
  }),
  ev({ _tag: "ParticipationLinked", participationId, campaignId, learnerId, userId, occurredAt: at })
]

const completed = (participationId: string, campaignId: string, at: string) =>
  ev({
    _tag: "AssessmentCompleted",
    participationId,
    campaignId,
    validatedSkillIds: [],
    testedSkillIds: [],
    occurredAt: at
  })

const shared = (participationId: string, campaignId: string, validated: [number, number], at: string) =>
  ev({
    _tag: "ParticipationShared",
    participationId,
    campaignId,
    validatedSkillsCount: validated[0] + validated[1],
    targetSkillsCount: 4,
    masteryRate: (validated[0] + validated[1]) / 4,
    competences: [
      { id: "1.1", validatedSkillsCount: validated[0], targetSkillsCount: 2 },
      { id: "2.1", validatedSkillsCount: validated[1], targetSkillsCount: 2 }
    ],
    areas: [
      { id: "1", validatedSkillsCount: validated[0], targetSkillsCount: 2 },
      { id: "2", validatedSkillsCount: validated[1], targetSkillsCount: 2 }
    ],
    occurredAt: at
  })

const profile = (participationId: string, campaignId: string, pix: number, certifiable: boolean, at: string) =>
  ev({
    _tag: "ProfileShared",
    participationId,
    campaignId,
    competences: [{ competenceId: "1.1", pixScore: pix, level: Math.min(5, Math.floor(pix / 8)) }],
    pixScore: pix,
    masteryRate: pix / 640,
    isCertifiable: certifiable,
    certifiableCompetencesCount: certifiable ? 5 : 1,
    occurredAt: at
  })

// A school year in one history: roster, two campaigns, participations, a retake, a deletion.
const history: ReadonlyArray<ProjectedEvent> = [
  student("learner-1", "Léa", "Martin", "3E1"),
  student("learner-2", "Hugo", "Bernard", "3E2"),
  student("learner-3", "Émile", "Zola", "3E1"),
  student("learner-4", "Inès", "Petit", "4E1"),
  ev({
    _tag: "StudentDisabled",
    organizationId: org,
    learnerId: "learner-4",
    actorId: "user-admin",
    occurredAt: day(2)
  }),
  ev({
    _tag: "StudentAccountLinked",
    organizationId: org,
    learnerId: "learner-1",
    userId: "user-11",
    actorId: null,
    occurredAt: day(2)
  }),
  campaign("campaign-1", "ASSESSMENT", "Rentrée 3e", "user-1", day(2)),
  campaign("campaign-2", "PROFILES_COLLECTION", "Collecte certif", "user-2", day(3)),
  ...started("participation-1", "campaign-1", "learner-1", "user-11", day(3)),
  completed("participation-1", "campaign-1", day(3, 9)),
  shared("participation-1", "campaign-1", [1, 0], day(3, 10)),
  ...started("participation-2", "campaign-1", "learner-2", "user-12", day(3)),
  completed("participation-2", "campaign-1", day(4)),
  ...started("participation-3", "campaign-1", "learner-3", "user-13", day(4)),
  // learner-1 retakes and improves.
  ev({
    _tag: "ParticipationImproved",
    participationId: "participation-1",
    campaignId: "campaign-1",
    improvedBy: "participation-4",
    occurredAt: day(8)
  }),
  ...started("participation-4", "campaign-1", "learner-1", "user-11", day(8)),
  completed("participation-4", "campaign-1", day(8, 9)),
  shared("participation-4", "campaign-1", [2, 1], day(8, 10)),
  ...started("participation-5", "campaign-2", "learner-1", "user-11", day(9), "PROFILES_COLLECTION"),
  profile("participation-5", "campaign-2", 120, true, day(9, 10)),
  ...started("participation-6", "campaign-2", "learner-2", "user-12", day(9), "PROFILES_COLLECTION"),
  profile("participation-6", "campaign-2", 20, false, day(10)),
  ...started("participation-7", "campaign-2", "learner-3", "user-13", day(10), "PROFILES_COLLECTION"),
  ev({
    _tag: "ParticipationDeleted",
    participationId: "participation-7",
    campaignId: "campaign-2",
    deletedBy: "user-2",
    reason: "PARTICIPATION_DELETED",
    occurredAt: day(11)
  })
]

describe("learners list", () => {
  const state = project(LearnersList.projection, history)
  const rows = (query: Partial<LearnersList.LearnersQuery> = {}) =>
    LearnersList.learners(state, { organizationId: CampaignArb.make.organizationId(org), ...query })

  it("shows active learners by last name with division, account, last participation and certificability", () => {
    const page = rows()
    expect(page.items.map((r) => r.lastName)).toEqual(["Bernard", "Martin", "Zola"])
    expect(page.items[1]).toMatchObject({
      firstName: "Léa",
      division: "3E1",
      userId: "user-11",
      participationCount: 3,
      lastParticipation: {
        campaignId: "campaign-2",
        campaignName: "Collecte certif",
        campaignType: "PROFILES_COLLECTION",
        status: "SHARED"
      },
      isCertifiable: true,
      certifiableAt: day(9, 10)
    })
    expect(page.items[0]).toMatchObject({ isCertifiable: false, participationCount: 2 })
    // The deleted participation no longer counts.
    expect(page.items[2]).toMatchObject({
      isCertifiable: null,
      participationCount: 1,
      lastParticipation: { campaignId: "campaign-1", status: "STARTED" }
    })
  })

  it("filters by division, search, certificability, disabled, and paginates", () => {
    expect(rows({ divisions: ["3E1"] }).items.map((r) => r.lastName)).toEqual(["Martin", "Zola"])
    expect(rows({ search: "emile" }).items.map((r) => r.lastName)).toEqual(["Zola"])
    expect(rows({ certificability: [null] }).items.map((r) => r.lastName)).toEqual(["Zola"])
    expect(rows({ certificability: [true, false] }).items.map((r) => r.lastName)).toEqual(["Bernard", "Martin"])
    expect(rows({ includeDisabled: true }).meta.rowCount).toBe(4)
    expect(rows({ page: { number: 2, size: 2 } })).toMatchObject({
      items: [{ lastName: "Zola" }],
      meta: { page: 2, pageSize: 2, rowCount: 3, pageCount: 2 }
    })
    expect(LearnersList.divisions(state, CampaignArb.make.organizationId(org))).toEqual(["3E1", "3E2"])
  })
})

describe("team", () => {
  const events = [
    ev({
      _tag: "MemberJoined",
      organizationId: org,
      userId: "user-1",
      role: "ADMIN",
      invitationId: null,
      occurredAt: day(1)
    }),
    ev({
      _tag: "MemberJoined",
      organizationId: org,
      userId: "user-2",
      role: "MEMBER",
      invitationId: null,
      occurredAt: day(2)
    }),
    ev({
      _tag: "MemberJoined",
      organizationId: org,
      userId: "user-3",
      role: "MEMBER",
      invitationId: null,
      occurredAt: day(3)
    }),
    ev({
      _tag: "MemberRoleChanged",
      organizationId: org,
      userId: "user-3",
      role: "ADMIN",
      previousRole: "MEMBER",
      actorId: "user-1",
      occurredAt: day(4)
    }),
    ev({ _tag: "MemberLeft", organizationId: org, userId: "user-1", occurredAt: day(5) }),
    ev({
      _tag: "MemberInvited",
      organizationId: org,
      invitationId: "inv-1",
      email: "prof@example.net",
      role: null,
      code: "ABCDEFGHIJ",
      actorId: "user-3",
      occurredAt: day(5)
    }),
    ev({
      _tag: "MemberInvited",
      organizationId: org,
      invitationId: "inv-2",
      email: "cpe@example.net",
      role: "ADMIN",
      code: "KLMNOPQRST",
      actorId: "user-3",
      occurredAt: day(6)
    }),
    ev({
      _tag: "InvitationResent",
      organizationId: org,
      invitationId: "inv-1",
      role: "MEMBER",
      actorId: "user-3",
      occurredAt: day(7)
    }),
    ev({
      _tag: "MemberInvited",
      organizationId: org,
      invitationId: "inv-3",
      email: "x@example.net",
      role: null,
      code: "UVWXYZ1234",
      actorId: "user-3",
      occurredAt: day(7)
    }),
    ev({
      _tag: "InvitationCancelled",
      organizationId: org,
      invitationId: "inv-3",
      actorId: "user-3",
      occurredAt: day(8)
    })
  ]

  it("lists members with roles and pending invitations with their last sending date", () => {
    const state = project(Team.projection, events)
    const view = Team.team(
      state,
      CampaignArb.make.organizationId(org),
      CampaignArb.make.timestamp("2026-10-06T09:00:00.000Z")
    )
    expect(view.members.map((m) => [m.userId, m.role])).toEqual([
      ["user-3", "ADMIN"],
      ["user-2", "MEMBER"]
    ])
    expect(view.pendingInvitations.map((i) => [i.invitationId, i.role, i.lastSentAt, i.isExpired])).toEqual([
      ["inv-1", "MEMBER", day(7), false],
      ["inv-2", "ADMIN", day(6), true]
    ])
    expect(Team.team(state, CampaignArb.make.organizationId("org-2"))).toEqual({ members: [], pendingInvitations: [] })
  })
})

describe("campaigns list", () => {
  const state = project(CampaignsList.projection, history)
  const list = (query: Partial<CampaignsList.CampaignsQuery> = {}) =>
    CampaignsList.campaigns(state, { organizationId: CampaignArb.make.organizationId(org), ...query }).items

  it("counts participants and shared results of the latest participations, with the average result", () => {
    expect(list()).toEqual([
      expect.objectContaining({
        campaignId: "campaign-2",
        participationsCount: 2,
        sharedParticipationsCount: 2,
        averageResult: (120 / 640 + 20 / 640) / 2
      }),
      expect.objectContaining({
        campaignId: "campaign-1",
        participationsCount: 3,
        sharedParticipationsCount: 1,
        averageResult: 0.75,
        archivedAt: null
      })
    ])
  })

  it("filters by owner, status and name; hides deleted campaigns", () => {
    expect(list({ ownerId: CampaignArb.make.userId("user-1") }).map((c) => c.campaignId)).toEqual(["campaign-1"])
    expect(list({ search: "collecte" }).map((c) => c.campaignId)).toEqual(["campaign-2"])
    const archived = project(CampaignsList.projection, [
      ...history,
      ev({ _tag: "CampaignArchived", campaignId: "campaign-1", archivedBy: "user-1", occurredAt: day(20) }),
      ev({
        _tag: "CampaignDeleted",
        campaignId: "campaign-2",
        organizationId: org,
        deletedBy: "user-2",
        occurredAt: day(21)
      })
    ])
    const organizationId = CampaignArb.make.organizationId(org)
    expect(
      CampaignsList.campaigns(archived, { organizationId, status: "archived" }).items.map((c) => c.campaignId)
    ).toEqual(["campaign-1"])
    expect(CampaignsList.campaigns(archived, { organizationId, status: "active" }).items).toEqual([])
  })
})

describe("campaign results", () => {
  const learners = project(LearnersList.projection, history)
  const state = project(CampaignResults.projection, history)
  const campaignId = CampaignArb.make.campaignId("campaign-1")
  const results = (query: Partial<CampaignResults.ResultsQuery> = {}) =>
    CampaignResults.results(state, LearnersList.lookup(learners), { campaignId, ...query }).items

  it("shows each participant's latest participation with mastery per competence and area, and evolution", () => {
    const rows = results()
    expect(
      rows.map((r) => [r.lastName, r.status, r.statusLabel, r.masteryRate, r.evolution, r.sharedResultCount])
    ).toEqual([
      ["Bernard", "TO_SHARE", "En attente d'envoi", null, null, 0],
      ["Martin", "SHARED", "Résultats reçus", 0.75, "increase", 2],
      ["Zola", "STARTED", "En cours", null, null, 0]
    ])
    expect(rows[1]?.competences).toEqual([
      {
        id: "1.1",
        name: "Mener une recherche et une veille d'information",
        validatedSkillsCount: 2,
        targetSkillsCount: 2,
        masteryRate: 1
      },
      { id: "2.1", name: "Interagir", validatedSkillsCount: 1, targetSkillsCount: 2, masteryRate: 0.5 }
    ])
    expect(rows[1]?.areas?.map((a) => [a.name, a.masteryRate])).toEqual([
      ["Information et données", 1],
      ["Communication et collaboration", 0.5]
    ])
  })

  it("filters by division, status and search", () => {
    expect(results({ divisions: ["3E1"] }).map((r) => r.lastName)).toEqual(["Martin", "Zola"])
    expect(results({ statuses: ["SHARED"] }).map((r) => r.lastName)).toEqual(["Martin"])
    expect(results({ search: "hugo" }).map((r) => r.lastName)).toEqual(["Bernard"])
  })

  it("sums mastery per competence and area over the campaign", () => {
    expect(CampaignResults.summary(state, campaignId)).toMatchObject({
      sharedParticipationsCount: 1,
      averageResult: 0.75,
      competences: [
        { id: "1.1", masteryRate: 1 },
        { id: "2.1", masteryRate: 0.5 }
      ],
      areas: [{ id: "1" }, { id: "2" }]
    })
  })
})

describe("profiles collection", () => {
  const learners = project(LearnersList.projection, history)
  const state = project(ProfilesCollection.projection, history)
  const campaignId = CampaignArb.make.campaignId("campaign-2")

  it("shows the shared profiles with pix, certifiability and competences; deleted participations are gone", () => {
    const rows = ProfilesCollection.profiles(state, LearnersList.lookup(learners), { campaignId }).items
    expect(rows.map((r) => [r.lastName, r.pixScore, r.isCertifiable, r.certifiableCompetencesCount])).toEqual([
      ["Bernard", 20, false, 1],
      ["Martin", 120, true, 5]
    ])
    expect(rows[1]?.competences).toEqual([
      { competenceId: "1.1", name: "Mener une recherche et une veille d'information", pixScore: 120, level: 5 }
    ])
    expect(
      ProfilesCollection.profiles(state, LearnersList.lookup(learners), { campaignId, certifiable: true }).items.map(
        (r) => r.lastName
      )
    ).toEqual(["Martin"])
  })
})

describe("activity", () => {
  const state = project(Activity.projection, history)

  it("counts participants per day and per status", () => {
    expect(Activity.activity(state, CampaignArb.make.campaignId("campaign-1"))).toEqual({
      days: [
        { day: "2026-09-03", started: 2, shared: 1, cumulativeStarted: 2, cumulativeShared: 1 },
        { day: "2026-09-04", started: 1, shared: 0, cumulativeStarted: 3, cumulativeShared: 1 },
        { day: "2026-09-08", started: 1, shared: 1, cumulativeStarted: 4, cumulativeShared: 2 }
      ],
      statuses: [
        { status: "STARTED", label: "En cours", count: 1 },
        { status: "TO_SHARE", label: "En attente d'envoi", count: 1 },
        { status: "SHARED", label: "Résultats reçus", count: 1 }
      ]
    })
    expect(Activity.activity(state, CampaignArb.make.campaignId("campaign-2")).statuses).toEqual([
      { status: "TO_SHARE", label: "En attente d'envoi", count: 0 },
      { status: "SHARED", label: "Profil reçu", count: 2 }
    ])
  })
})

describe("projection properties", () => {
  const anyEvent: fc.Arbitrary<ProjectedEvent> = fc.oneof(
    Arbitraries.organizationEventInPools,
    Arbitraries.rosterEventInPools,
    CampaignArb.event,
    ParticipationArb.event
  )
  const projections = [
    LearnersList.projection,
    Team.projection,
    CampaignsList.projection,
    CampaignResults.projection,
    ProfilesCollection.projection,
    Activity.projection
  ] as const

  it("every projection and query is total over arbitrary histories", () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        for (const projection of projections) expect(() => project(projection as never, events)).not.toThrow()
        const learners = project(LearnersList.projection, events)
        const participations = project(CampaignResults.projection, events)
        for (const id of ["campaign-1", "campaign-2"]) {
          const campaignId = CampaignArb.make.campaignId(id)
          CampaignResults.results(participations, LearnersList.lookup(learners), { campaignId })
          CampaignResults.summary(participations, campaignId)
          ProfilesCollection.profiles(participations, LearnersList.lookup(learners), { campaignId })
          const activity = Activity.activity(participations, campaignId)
          // Cumulated counts end at the number of participations that are not deleted.
          const last = activity.days.at(-1)
          expect(last?.cumulativeStarted ?? 0).toBeGreaterThanOrEqual(last?.cumulativeShared ?? 0)
        }
        for (const id of ["org-1", "org-2"]) {
          const organizationId = CampaignArb.make.organizationId(id)
          LearnersList.learners(learners, { organizationId })
          Team.team(project(Team.projection, events), organizationId)
          const list = CampaignsList.campaigns(participations, { organizationId })
          for (const row of list.items)
            expect(row.sharedParticipationsCount).toBeLessThanOrEqual(row.participationsCount)
        }
      }),
      { numRuns: 150 }
    )
  })

  it("folding is deterministic: the same history gives the same read model", () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 30 }), (events) => {
        const organizationId = CampaignArb.make.organizationId("org-1")
        const campaignId = CampaignArb.make.campaignId("campaign-1")
        const once = project(LearnersList.projection, events)
        const twice = project(LearnersList.projection, events)
        expect(LearnersList.learners(once, { organizationId })).toEqual(
          LearnersList.learners(twice, { organizationId })
        )
        expect(CampaignResults.results(once.participations, LearnersList.lookup(once), { campaignId })).toEqual(
          CampaignResults.results(twice.participations, LearnersList.lookup(twice), { campaignId })
        )
        expect(Team.team(project(Team.projection, events), organizationId)).toEqual(
          Team.team(project(Team.projection, events), organizationId)
        )
      }),
      { numRuns: 50 }
    )
  })
})
