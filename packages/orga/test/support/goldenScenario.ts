/**
 * The golden exports' scenario, once: the rows the golden CSVs hold (`golden/assessment-results.csv`,
 * `golden/profiles-collection.csv`), and the very events that make the library's export query answer them. The
 * CampaignExport unit test formats the rows; `golden-scenario.sqlite.test.ts` and the CLI's export test write the
 * events to a real SQLite file and export through the library (or the `orga` process): all three must give the same
 * bytes.
 *
 * Each export is its own store (both campaigns are `c-1`, code `ABCDEF234`, as the golden files say). The rows are
 * given in the order the library sorts them (class, then last name, first name, as Pix sorts); an assessment's
 * progress is 1 once completed (shared or not) and 0 before.
 */
import { StoredEvent, StudentRecord, TargetProfile, TargetProfileDefinition } from "@orga/domain"
import { RosterBuilders } from "@orga/domain/testing"
import { EventStore, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as CampaignExport from "../../src/export/CampaignExport.ts"
import * as Streams from "../../src/internal/Streams.ts"

/** Who exports: the organization's admin (a member may export). */
export const exporter = "proviseur"
export const organizationId = "lycee-jean-moulin"
export const campaignId = "c-1"

/** The assessment's target profile, "Parcours 2nde": 3 skills in 1.1, 2 in 2.1, 4 in 3.4. */
export const profileDefinition: TargetProfileDefinition.Definition = {
  id: "tp-parcours-2nde",
  name: "Parcours 2nde",
  areKnowledgeElementsResettable: false,
  tubes: [
    { tube: "@rechercherInfo", competenceId: "1.1", level: 3 },
    { tube: "@messagerie", competenceId: "2.1", level: 2 },
    { tube: "@algo", competenceId: "3.4", level: 4 }
  ],
  stages: [],
  badges: []
}
export const profile: TargetProfile.TargetProfile = Result.getOrThrow(TargetProfileDefinition.build(profileDefinition))

export const header: CampaignExport.CampaignHeader = {
  organizationName: "Lycée Jean Moulin",
  campaignId,
  code: "ABCDEF234",
  name: "Évaluation 2nde",
  externalIdLabel: null,
  withDivision: true
}
export const profilesHeader: CampaignExport.CampaignHeader = {
  ...header,
  name: "Collecte 3e",
  externalIdLabel: "N° élève"
}

export const target: ReadonlyArray<CampaignExport.TargetCompetence> = TargetProfile.mastery(
  profile,
  []
).competences.map((competence) => ({ competenceId: competence.id, targetSkillsCount: competence.targetSkillsCount }))

export const assessmentRows: ReadonlyArray<CampaignExport.AssessmentRow> = [
  {
    lastName: '=HYPERLINK("x")',
    firstName: "Mallory",
    division: "2NDE1",
    externalId: null,
    progress: 1,
    createdAt: "2026-01-15T13:05:00.000Z",
    sharedAt: null,
    validatedByCompetence: {}
  },
  {
    lastName: "Dupont",
    firstName: "Zoé",
    division: "2NDE1",
    externalId: null,
    progress: 1,
    createdAt: "2026-10-05T07:30:00.000Z",
    sharedAt: "2026-10-05T08:45:00.000Z",
    validatedByCompetence: { "1.1": 2, "2.1": 1, "3.4": 3 }
  },
  {
    lastName: "+33 Plus",
    firstName: "@arobase",
    division: "2NDE2",
    externalId: null,
    progress: 0,
    createdAt: "2026-03-29T01:30:00.000Z",
    sharedAt: null,
    validatedByCompetence: {}
  },
  {
    lastName: 'O\'Brien; "Le Grand"',
    firstName: "Jean\r\nPierre",
    division: "2NDE2",
    externalId: null,
    progress: 1,
    createdAt: "2026-03-29T00:30:00.000Z",
    sharedAt: "2026-03-29T01:30:00.000Z",
    validatedByCompetence: { "1.1": 3, "2.1": 0, "3.4": 1 }
  }
]

export const profileRows: ReadonlyArray<CampaignExport.ProfileRow> = [
  {
    lastName: "Dupont",
    firstName: "Zoé",
    division: "3E1",
    externalId: "ext-1",
    createdAt: "2026-12-09T22:00:00.000Z",
    sharedAt: "2026-12-09T23:30:00.000Z",
    pixByCompetence: { "1.1": 16, "1.2": 8, "1.3": 12, "2.1": 9, "2.2": 50, "3.1": 3 }
  },
  {
    lastName: '=HYPERLINK("x")',
    firstName: "-moins",
    division: "3E2",
    externalId: "\tx",
    createdAt: "2026-12-01T08:00:00.000Z",
    sharedAt: null,
    pixByCompetence: {}
  },
  {
    lastName: "Line\nBreak",
    firstName: "Semi;colon",
    division: "3E2",
    externalId: '"quoted"',
    createdAt: "2026-12-10T09:00:00.000Z",
    sharedAt: "2026-12-10T10:00:00.000Z",
    pixByCompetence: { "1.1": 8, "5.2": 40 }
  }
]

// A stored event from its data, checked by the stored shapes' schema (a scenario that drifts from them fails here).
const event = (data: { readonly _tag: string } & Record<string, unknown>): StoredEvent.StoredEvent =>
  Schema.decodeUnknownSync(StoredEvent.StoredEvent)(data)

/** One append of the scenario: a stream and its events, in order. */
export interface Append {
  readonly streamId: string
  readonly events: ReadonlyArray<StoredEvent.StoredEvent>
}

const setUpAt = "2025-09-01T07:00:00.000Z"

// The organization (a lycée managing its students), its admin, and the learners of `rows` (one per row).
const school = (
  rows: ReadonlyArray<{ readonly lastName: string; readonly firstName: string; readonly division: string | null }>
) => {
  const appends: Array<Append> = [
    {
      streamId: `organization-${organizationId}`,
      events: [
        event({
          _tag: "OrganizationRegistered",
          organizationId: organizationId,
          name: header.organizationName,
          type: "SCO",
          uai: "0330021U",
          isManagingStudents: true,
          identityProviderForCampaigns: null,
          contactEmail: null,
          actorId: null,
          occurredAt: setUpAt
        }),
        event({
          _tag: "MemberJoined",
          organizationId: organizationId,
          userId: exporter,
          role: "ADMIN",
          invitationId: null,
          occurredAt: setUpAt
        })
      ]
    },
    {
      streamId: `roster-${organizationId}`,
      events: rows.map((row, index) =>
        event({
          _tag: "StudentImported",
          organizationId: organizationId,
          learnerId: `learner-${index + 1}`,
          ...Schema.encodeSync(StudentRecord.StudentRecord)(
            RosterBuilders.aStudentRecord({
              nationalStudentId: `${String(index + 1).padStart(9, "0")}AB`,
              lastName: row.lastName,
              firstName: row.firstName,
              division: row.division ?? ""
            })
          ),
          schoolYear: "2026",
          actorId: exporter,
          occurredAt: setUpAt
        })
      )
    }
  ]
  return appends
}

const campaign = (
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  campaignHeader: CampaignExport.CampaignHeader
): ReadonlyArray<Append> => [
  {
    streamId: `campaign-${campaignId}`,
    events: [
      event({
        _tag: "CampaignCreated",
        campaignId: campaignId,
        organizationId: organizationId,
        code: campaignHeader.code,
        type,
        name: campaignHeader.name,
        title: null,
        targetProfileId: type === "ASSESSMENT" ? profile.id : null,
        creatorId: exporter,
        ownerId: exporter,
        externalIdLabel: campaignHeader.externalIdLabel,
        externalIdType: campaignHeader.externalIdLabel === null ? null : "STRING",
        customLandingPageText: null,
        customResultPageText: null,
        customResultPageButtonText: null,
        customResultPageButtonUrl: null,
        multipleSendings: false,
        occurredAt: setUpAt
      })
    ]
  },
  {
    streamId: `campaign-code-${campaignHeader.code}`,
    events: [
      event({
        _tag: "CampaignCodeReserved",
        code: campaignHeader.code,
        campaignId: campaignId,
        occurredAt: setUpAt
      })
    ]
  }
]

// A participation's first events: started by the learner's account, linked to the learner.
const started = (
  index: number,
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  row: { readonly createdAt: string; readonly externalId: string | null }
) => {
  const participationId = `participation-${index + 1}`
  const learnerId = `learner-${index + 1}`
  return {
    streamId: `participation-${campaignId}-${learnerId}`,
    participationId,
    events: [
      event({
        _tag: "ParticipationStarted",
        participationId: participationId,
        campaignId: campaignId,
        organizationId: organizationId,
        campaignType: type,
        userId: `student-${index + 1}`,
        participantExternalId: row.externalId,
        status: type === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
        isRetry: false,
        isReset: false,
        occurredAt: row.createdAt
      }),
      event({
        _tag: "ParticipationLinked",
        participationId: participationId,
        campaignId: campaignId,
        learnerId: learnerId,
        userId: `student-${index + 1}`,
        occurredAt: row.createdAt
      })
    ] as Array<StoredEvent.StoredEvent>
  }
}

// The first `count` skills of a competence in the profile.
const skillsOf = (competenceId: string, count: number) =>
  profile.skills
    .filter((skill) => skill.competenceId === competenceId)
    .slice(0, count)
    .map((skill) => skill.id)

/** The assessment's store: the school, the campaign, and one participation per row. */
export const assessmentScenario = (): ReadonlyArray<Append> => [
  ...school(assessmentRows),
  ...campaign("ASSESSMENT", header),
  ...assessmentRows.map((row, index) => {
    const participation = started(index, "ASSESSMENT", row)
    const validated = Object.entries(row.validatedByCompetence).flatMap(([competenceId, count]) =>
      skillsOf(competenceId, count)
    )
    // Completed (progress 1): the skills it validated were tested, or, not shared, the profile's first four.
    const tested = row.sharedAt === null ? profile.skills.slice(0, 4).map((skill) => skill.id) : validated
    if (row.progress === 1)
      participation.events.push(
        event({
          _tag: "AssessmentCompleted",
          participationId: participation.participationId,
          campaignId,
          validatedSkillIds: validated,
          testedSkillIds: tested,
          occurredAt: row.sharedAt ?? row.createdAt
        })
      )
    if (row.sharedAt !== null) {
      const mastery = TargetProfile.mastery(profile, validated)
      participation.events.push(
        event({
          _tag: "ParticipationShared",
          participationId: participation.participationId,
          campaignId: campaignId,
          validatedSkillsCount: mastery.validatedSkillsCount,
          targetSkillsCount: mastery.targetSkillsCount,
          masteryRate: mastery.masteryRate,
          competences: mastery.competences,
          areas: mastery.areas,
          occurredAt: row.sharedAt
        })
      )
    }
    return { streamId: participation.streamId, events: participation.events }
  })
]

/** The profiles collection's store: the school, the campaign, and one participation per row. */
export const profilesScenario = (): ReadonlyArray<Append> => [
  ...school(profileRows),
  ...campaign("PROFILES_COLLECTION", profilesHeader),
  ...profileRows.map((row, index) => {
    const participation = started(index, "PROFILES_COLLECTION", row)
    if (row.sharedAt !== null) {
      const competences = Object.entries(row.pixByCompetence).map(([competenceId, pixScore]) => ({
        competenceId,
        pixScore,
        level: Math.min(Math.floor(pixScore / 8), 5)
      }))
      const pixScore = competences.reduce((sum, competence) => sum + competence.pixScore, 0)
      const certifiable = competences.filter((competence) => competence.level >= 1).length
      participation.events.push(
        event({
          _tag: "ProfileShared",
          participationId: participation.participationId,
          campaignId: campaignId,
          competences,
          pixScore,
          masteryRate: pixScore / 640,
          isCertifiable: certifiable >= 5,
          certifiableCompetencesCount: certifiable,
          occurredAt: row.sharedAt
        })
      )
    }
    return { streamId: participation.streamId, events: participation.events }
  })
]

/** Writes a scenario through the front door's codec, one append per stream, into the store of the context. */
export const write = (appends: ReadonlyArray<Append>) =>
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    const codec = Streams.codec()
    for (const append of appends)
      yield* store.append([
        {
          streamId: append.streamId,
          expectedVersion: ExpectedVersion.any,
          events: yield* codec.encodeAll(append.events, { metadata: { useCase: "goldenScenario" } })
        }
      ])
  })
