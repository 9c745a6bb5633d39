/**
 * Generated logs over a few schools, for the partition properties: schools with members, rosters imported and
 * re-imported (INEs shared between schools, records that change INE), accounts linked, unlinked and relinked, users
 * in two schools, campaigns of shared target profiles, participations started, completed, shared, improved and
 * deleted, logins and usernames, and erasures of learners and users. Each step writes what the use case would write
 * on its stream; steps that make no sense in the state reached (a participation of no campaign) are skipped.
 */
import { createHash } from "node:crypto"
import type { EventStore } from "@orga/event-store"
import * as fc from "fast-check"
import { profileDefinition } from "./goldenScenario.ts"

const schools = ["o1", "o2", "o3"] as const
const users = ["u1", "u2", "u3", "u4", "U5"] as const
const ines = ["111111111AA", "222222222BB", "333333333CC", "444444444DD"] as const
const profiles = ["tp1", "tp2"] as const

type Step =
  | {
      readonly kind: "import"
      readonly school: number
      readonly learner: number
      readonly ine: number
      readonly division: string
    }
  | { readonly kind: "link" | "unlink"; readonly school: number; readonly learner: number; readonly user: number }
  | { readonly kind: "disable"; readonly school: number; readonly learner: number }
  | {
      readonly kind: "campaign"
      readonly school: number
      readonly campaign: number
      readonly profile: number
      readonly profiles: boolean
    }
  | { readonly kind: "start"; readonly campaign: number; readonly user: number; readonly learner: number | null }
  | { readonly kind: "complete" | "share" | "delete" | "improve"; readonly participation: number }
  | { readonly kind: "join"; readonly school: number; readonly user: number }
  | { readonly kind: "leave"; readonly school: number; readonly user: number; readonly removed: boolean }
  | { readonly kind: "username"; readonly school: number; readonly learner: number; readonly user: number }
  | { readonly kind: "eraseLearner"; readonly school: number; readonly learner: number }
  | { readonly kind: "eraseUser"; readonly user: number }
  | { readonly kind: "attach"; readonly school: number; readonly profile: number }
  | { readonly kind: "deadline" | "importDone"; readonly school: number }

const school = fc.nat({ max: schools.length - 1 })
const learner = fc.nat({ max: 3 })
const user = fc.nat({ max: users.length - 1 })
const campaign = fc.nat({ max: 4 })
const participation = fc.nat({ max: 11 })

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("import" as const),
      school,
      learner,
      ine: fc.nat({ max: ines.length - 1 }),
      division: fc.constantFrom("6A", "5B")
    })
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("link" as const), school, learner, user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unlink" as const), school, learner, user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disable" as const), school, learner }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("campaign" as const),
      school,
      campaign,
      profile: fc.nat({ max: 1 }),
      profiles: fc.boolean()
    })
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("start" as const),
      campaign,
      user,
      learner: fc.option(learner, { nil: null })
    })
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom("complete" as const, "share" as const, "delete" as const, "improve" as const),
      participation
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("join" as const), school, user }) },
  // A member leaves or is removed (a user not a member leaves nothing: the fold keeps the school as it is).
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("leave" as const), school, user, removed: fc.boolean() })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("username" as const), school, learner, user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("eraseLearner" as const), school, learner }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("eraseUser" as const), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("attach" as const), school, profile: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("deadline" as const, "importDone" as const), school }) }
)

/**
 * The administrator of a generated school (a member from the school's registration).
 */
export const adminOf = (organizationId: string): string => `admin-${organizationId}`

const learnerId = (schoolIndex: number, learnerIndex: number) => `${schools[schoolIndex]}-l${learnerIndex}`
const campaignId = (index: number) => `c-${index}`

/**
 * The events of a log, as the store hands them over (versions and positions numbered).
 */
export const interpret = (steps: ReadonlyArray<Step>): Array<EventStore.RecordedEvent> => {
  const log: Array<EventStore.RecordedEvent> = []
  const versions = new Map<string, bigint>()
  let minute = 0
  const at = () => new Date(Date.UTC(2026, 8, 1, 8, minute++)).toISOString()
  const write = (streamId: string, data: Record<string, unknown>) => {
    const streamVersion = (versions.get(streamId) ?? 0n) + 1n
    versions.set(streamId, streamVersion)
    log.push({
      id: `e${log.length + 1}`,
      streamId,
      type: data._tag as string,
      data,
      metadata: {},
      streamVersion,
      globalPosition: BigInt(log.length + 1),
      recordedAt: new Date(0),
      commandId: null
    })
  }
  const campaigns = new Map<number, { readonly school: string; readonly type: string }>()
  const participations: Array<{
    readonly id: string
    readonly stream: string
    readonly campaignId: string
    readonly type: string
  }> = []
  const imported = new Set<string>()
  const linkedTo = new Map<string, string>()

  for (const [index, organizationId] of schools.entries()) {
    write(`organization-${organizationId}`, {
      _tag: "OrganizationRegistered",
      organizationId,
      name: `Collège ${index}`,
      type: "SCO",
      uai: `075123${index}A`,
      isManagingStudents: true,
      identityProviderForCampaigns: null,
      contactEmail: null,
      actorId: null,
      occurredAt: at()
    })
    write(`organization-${organizationId}`, {
      _tag: "MemberJoined",
      organizationId,
      userId: adminOf(organizationId),
      role: "ADMIN",
      invitationId: null,
      occurredAt: at()
    })
  }
  for (const userId of users) {
    write(`user-${userId}`, {
      _tag: "UserRegistered",
      userId,
      firstName: "Camille",
      lastName: userId,
      email: `${userId}@ecole.fr`,
      username: null,
      samlId: null,
      occurredAt: at()
    })
    write(`user-login-${userId.toLowerCase()}@ecole.fr`, {
      _tag: "UserLoginReserved",
      login: `${userId}@ecole.fr`,
      userId,
      occurredAt: at()
    })
  }
  for (const targetProfileId of profiles)
    write(`target-profile-${targetProfileId}`, {
      _tag: "TargetProfileCreated",
      targetProfileId,
      definition: { ...profileDefinition, id: targetProfileId },
      actorId: "pix-admin",
      occurredAt: at()
    })

  for (const s of steps) {
    switch (s.kind) {
      case "import": {
        const organizationId = schools[s.school]!
        imported.add(learnerId(s.school, s.learner))
        write(`roster-${organizationId}`, {
          _tag: "StudentImported",
          organizationId,
          learnerId: learnerId(s.school, s.learner),
          nationalStudentId: ines[s.ine],
          firstName: "Camille",
          middleName: null,
          thirdName: null,
          lastName: `ÉLÈVE${s.learner}`,
          preferredLastName: null,
          sex: "F",
          birthdate: "2012-03-14",
          birthCountryCode: "100",
          birthProvinceCode: "033",
          birthCityCode: "33063",
          birthCity: null,
          MEFCode: null,
          status: "ST",
          division: s.division,
          schoolYear: "2026",
          actorId: `admin-${organizationId}`,
          occurredAt: at()
        })
        break
      }
      case "link":
      case "unlink":
      case "disable": {
        // A learner already imported, in any school (the step's school and learner pick one of them).
        const known = [...imported]
        if (known.length === 0) break
        const chosen = known[(s.school * 4 + s.learner) % known.length]!
        const organizationId = chosen.slice(0, chosen.indexOf("-"))
        if (s.kind === "link") linkedTo.set(chosen, users[s.user]!)
        if (s.kind === "unlink") linkedTo.delete(chosen)
        write(`roster-${organizationId}`, {
          _tag:
            s.kind === "link"
              ? "StudentAccountLinked"
              : s.kind === "unlink"
                ? "StudentAccountUnlinked"
                : "StudentDisabled",
          organizationId,
          learnerId: chosen,
          ...(s.kind === "disable"
            ? {}
            : { userId: s.kind === "unlink" ? (linkedTo.get(chosen) ?? users[s.user]) : users[s.user] }),
          actorId: s.kind === "disable" ? `admin-${organizationId}` : null,
          occurredAt: at()
        })
        break
      }
      case "campaign": {
        if (campaigns.has(s.campaign)) break
        const organizationId = schools[s.school]!
        const id = campaignId(s.campaign)
        const type = s.profiles ? "PROFILES_COLLECTION" : "ASSESSMENT"
        const code = `CODE${s.campaign}AB`
        campaigns.set(s.campaign, { school: organizationId, type })
        write(`campaign-code-${code}`, { _tag: "CampaignCodeReserved", code, campaignId: id, occurredAt: at() })
        write(`campaign-${id}`, {
          _tag: "CampaignCreated",
          campaignId: id,
          organizationId,
          code,
          type,
          name: `Campagne ${s.campaign}`,
          title: null,
          targetProfileId: s.profiles ? null : profiles[s.profile],
          creatorId: `admin-${organizationId}`,
          ownerId: users[s.campaign % users.length],
          externalIdLabel: null,
          externalIdType: null,
          customLandingPageText: null,
          customResultPageText: null,
          customResultPageButtonText: null,
          customResultPageButtonUrl: null,
          multipleSendings: true,
          occurredAt: at()
        })
        break
      }
      case "start": {
        // A campaign already created (the step's number picks one of them).
        if (campaigns.size === 0) break
        const number = [...campaigns.keys()][s.campaign % campaigns.size]!
        const found = campaigns.get(number)!
        const id = campaignId(number)
        const schoolIndex = schools.indexOf(found.school as (typeof schools)[number])
        const stream =
          s.learner === null
            ? `participation-${id}-user-${users[s.user]}`
            : `participation-${id}-${learnerId(schoolIndex, s.learner)}`
        const participationId = `p${participations.length}`
        participations.push({ id: participationId, stream, campaignId: id, type: found.type })
        write(stream, {
          _tag: "ParticipationStarted",
          participationId,
          campaignId: id,
          organizationId: found.school,
          campaignType: found.type,
          userId: users[s.user],
          participantExternalId: "EXT-1",
          status: found.type === "PROFILES_COLLECTION" ? "TO_SHARE" : "STARTED",
          isRetry: false,
          isReset: false,
          occurredAt: at()
        })
        // A learner of the campaign's school: the participation is his (what the learner list and
        // certificability by class read).
        if (s.learner !== null && imported.has(learnerId(schoolIndex, s.learner)))
          write(stream, {
            _tag: "ParticipationLinked",
            participationId,
            campaignId: id,
            learnerId: learnerId(schoolIndex, s.learner),
            userId: users[s.user],
            occurredAt: at()
          })
        break
      }
      case "complete":
      case "share":
      case "delete":
      case "improve": {
        if (participations.length === 0) break
        const found = participations[s.participation % participations.length]!
        const base = { participationId: found.id, campaignId: found.campaignId, occurredAt: at() }
        if (s.kind === "complete")
          write(found.stream, {
            _tag: "AssessmentCompleted",
            ...base,
            validatedSkillIds: ["s1"],
            testedSkillIds: ["s1", "s2"]
          })
        else if (s.kind === "delete")
          write(found.stream, { _tag: "ParticipationDeleted", ...base, deletedBy: "u1", reason: "ORGA_ADMIN" })
        else if (s.kind === "improve")
          write(found.stream, { _tag: "ParticipationImproved", ...base, improvedBy: `${found.id}-bis` })
        else if (found.type === "PROFILES_COLLECTION")
          write(found.stream, {
            _tag: "ProfileShared",
            ...base,
            competences: [
              { competenceId: "1.1", pixScore: 12, level: 1 },
              { competenceId: "2.1", pixScore: 30, level: 3 }
            ],
            pixScore: 42,
            masteryRate: 0.5,
            isCertifiable: s.participation % 2 === 0,
            certifiableCompetencesCount: 2
          })
        else
          write(found.stream, {
            _tag: "ParticipationShared",
            ...base,
            validatedSkillsCount: 1,
            targetSkillsCount: 2,
            masteryRate: 0.5,
            competences: [{ id: "1.1", validatedSkillsCount: 1, targetSkillsCount: 2 }],
            areas: [{ id: "1", validatedSkillsCount: 1, targetSkillsCount: 2 }]
          })
        break
      }
      case "join": {
        const organizationId = schools[s.school]!
        write(`organization-${organizationId}`, {
          _tag: "MemberJoined",
          organizationId,
          userId: users[s.user],
          role: "MEMBER",
          invitationId: null,
          occurredAt: at()
        })
        break
      }
      case "leave": {
        const organizationId = schools[s.school]!
        write(
          `organization-${organizationId}`,
          s.removed
            ? {
                _tag: "MemberRemoved",
                organizationId,
                userId: users[s.user],
                actorId: adminOf(organizationId),
                occurredAt: at()
              }
            : { _tag: "MemberLeft", organizationId, userId: users[s.user], occurredAt: at() }
        )
        break
      }
      case "username": {
        const organizationId = schools[s.school]!
        const username = `camille.eleve${s.school}${s.learner}`
        write(`user-${users[s.user]}`, {
          _tag: "UsernameAdded",
          userId: users[s.user],
          username,
          actorId: `admin-${organizationId}`,
          organizationId,
          learnerId: learnerId(s.school, s.learner),
          occurredAt: at()
        })
        // A store that shreds personal data names the stream by a keyed hash of the login.
        write(`user-login-h${createHash("sha256").update(username).digest("hex").slice(0, 16)}`, {
          _tag: "UserLoginReserved",
          login: username,
          userId: users[s.user],
          occurredAt: at()
        })
        break
      }
      case "eraseLearner": {
        const organizationId = schools[s.school]!
        write(`roster-${organizationId}`, {
          _tag: "LearnerErased",
          organizationId,
          learnerId: learnerId(s.school, s.learner),
          reason: "REQUEST",
          actorId: `admin-${organizationId}`,
          occurredAt: at()
        })
        break
      }
      case "eraseUser":
        write(`user-${users[s.user]}`, {
          _tag: "UserErased",
          userId: users[s.user],
          reason: "REQUEST",
          actorId: "pix-admin",
          occurredAt: at()
        })
        break
      case "attach": {
        const organizationId = schools[s.school]!
        write(`organization-target-profiles-${organizationId}`, {
          _tag: "TargetProfileAttached",
          targetProfileId: profiles[s.profile],
          organizationId,
          actorId: "pix-admin",
          occurredAt: at()
        })
        break
      }
      case "deadline": {
        const organizationId = schools[s.school]!
        write(`organization-settings-${organizationId}`, {
          _tag: "CollectionDeadlineSet",
          organizationId,
          schoolYear: "2026",
          deadline: "2027-06-30",
          actorId: `admin-${organizationId}`,
          occurredAt: at()
        })
        break
      }
      case "importDone": {
        const organizationId = schools[s.school]!
        write(`roster-${organizationId}`, {
          _tag: "SiecleImportCompleted",
          organizationId,
          schoolYear: "2026",
          fileName: "siecle.xml",
          importedCount: 4,
          disabledCount: 0,
          reenabledCount: 0,
          linkedCount: 0,
          actorId: `admin-${organizationId}`,
          occurredAt: at()
        })
        break
      }
    }
  }
  return log
}

/**
 * A generated log (see the module's comment).
 */
export const log: fc.Arbitrary<Array<EventStore.RecordedEvent>> = fc
  .array(step, { minLength: 10, maxLength: 120, size: "max" })
  .map(interpret)

/**
 * The schools of the generated logs.
 */
export const schoolIds: ReadonlyArray<string> = schools
