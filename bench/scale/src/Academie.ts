/**
 * The académie: `schools` collèges of `students` pupils each, as the library would have written them over an
 * autumn term, generated as events so that millions of them are written in minutes rather than replayed through
 * 400,000 use cases. Each school: its SIECLE file (the generator the other benches use), its team (an
 * administrator and `members` teachers, invited and joined, terms accepted), its students' accounts linked to
 * their learners, a profiles collection and `assessmentsPerLevel` assessments per level (6e to 3e) in which most
 * of the level takes part, and a school-wide "positionnement" assessment of `headline` participants (the
 * heaviest results page the bench loads).
 *
 * The event shapes, streams and metadata are the library's own (read off a real run of the use cases); the ids
 * are deterministic from the school's and the student's numbers, so a bench run can find every school again in a
 * database seeded earlier.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import { Participation, TargetProfile } from "@orga/domain"
import type { EventStore } from "@orga/event-store"
import { TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Result from "effect/Result"

/**
 * The académie's size.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly schools: number
  readonly students: number
  /** Teachers besides the administrator, per school. */
  readonly members: number
  /** Assessment campaigns per level (6e, 5e, 4e, 3e), besides the level's profiles collection. */
  readonly assessmentsPerLevel: number
  /** Participants of the school-wide "positionnement" assessment (the results page the load reads). */
  readonly headline: number
}

/**
 * The defaults: 200 schools × 1,000 students, about 4.1 million events (20,700 a school).
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaults: Options = { schools: 200, students: 1000, members: 3, assessmentsPerLevel: 4, headline: 300 }

/**
 * Reads the académie's size from the environment (`SCALE_SCHOOLS`, `SCALE_STUDENTS`, `SCALE_MEMBERS`,
 * `SCALE_ASSESSMENTS`, `SCALE_HEADLINE`), the defaults otherwise.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromEnv = (env: Record<string, string | undefined>): Options => {
  const read = (name: string, fallback: number) => {
    const raw = env[name]
    if (raw === undefined || raw === "") return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} doit être un entier positif (reçu : ${raw})`)
    return value
  }
  return {
    schools: read("SCALE_SCHOOLS", defaults.schools),
    students: read("SCALE_STUDENTS", defaults.students),
    members: read("SCALE_MEMBERS", defaults.members),
    assessmentsPerLevel: read("SCALE_ASSESSMENTS", defaults.assessmentsPerLevel),
    headline: read("SCALE_HEADLINE", defaults.headline)
  }
}

/** The Pix Admin who registered every school (give it to the app's `PIX_ADMIN_IDS`). */
export const pixAdminId = "pix-academie"

const hex = (value: number, width: number) => value.toString(16).padStart(width, "0")

/** A deterministic id in the UUID v4 layout: a kind, the school, a number within the school. */
const uuid = (kind: number, school: number, number: number) =>
  `5ca1e${hex(kind, 3)}-${hex(school >>> 16, 4)}-4${hex(school & 0xfff, 3)}-8${hex((number / 2 ** 32) >>> 0, 3)}-${hex(number >>> 0, 12)}`

/**
 * A campaign of a school.
 *
 * @category models
 * @since 0.1.0
 */
export interface CampaignPlan {
  readonly campaignId: string
  readonly code: string
  readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly name: string
  /** The level whose students take part ("6" to "3"), or null for the school-wide assessment. */
  readonly level: string | null
}

/**
 * A school of the académie: its ids, people and campaigns (everything but its students, read from its file).
 *
 * @category models
 * @since 0.1.0
 */
export interface SchoolPlan {
  readonly index: number
  readonly organizationId: string
  readonly uai: string
  readonly name: string
  readonly adminId: string
  readonly memberIds: ReadonlyArray<string>
  readonly campaigns: ReadonlyArray<CampaignPlan>
  /** The school-wide assessment with `headline` participants. */
  readonly headline: CampaignPlan
}

const letters = (value: number, width: number) => {
  let text = ""
  for (let i = 0; i < width; i++) {
    text = String.fromCharCode(65 + (value % 26)) + text
    value = Math.floor(value / 26)
  }
  return text
}

const levels = ["6", "5", "4", "3"] as const

/**
 * The plan of school number `index`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const school = (index: number, options: Options): SchoolPlan => {
  const organizationId = uuid(0, index, 0)
  let number = 0
  const campaign = (type: CampaignPlan["type"], name: string, level: string | null): CampaignPlan => {
    number++
    return {
      campaignId: uuid(1, index, number),
      // Six letters for the school, three digits for the campaign: unique across the académie.
      code: `${letters(index, 6)}${String(number).padStart(3, "0")}`,
      type,
      name,
      level
    }
  }
  const headline = campaign("ASSESSMENT", "Positionnement de rentrée", null)
  const campaigns = [headline]
  for (const level of levels) {
    campaigns.push(campaign("PROFILES_COLLECTION", `Collecte des profils ${level}e`, level))
    for (let a = 1; a <= options.assessmentsPerLevel; a++)
      campaigns.push(campaign("ASSESSMENT", `Évaluation ${a} des ${level}e`, level))
  }
  return {
    index,
    organizationId,
    // Seven digits and a letter, as a UAI is written.
    uai: `${String(330_0000 + index).padStart(7, "0")}${letters(index, 1)}`,
    name: `Collège n° ${index + 1}`,
    adminId: `admin-${index}`,
    memberIds: Array.from({ length: options.members }, (_, k) => `prof-${index}-${k}`),
    campaigns,
    headline
  }
}

/**
 * The school's SIECLE export for `schoolYear` (the seed is the school's, so a later year's file names the same
 * students).
 *
 * @category constructors
 * @since 0.1.0
 */
export const siecle = (plan: SchoolPlan, options: Options, schoolYear = "2026") =>
  SiecleTesting.generateSchool({ seed: 1000 + plan.index, students: options.students, uai: plan.uai, schoolYear })

/**
 * The SIECLE file's bytes, as the school sends it (ISO-8859-15).
 *
 * @category constructors
 * @since 0.1.0
 */
export const siecleBytes = (document: SiecleTesting.SiecleDocument): Uint8Array =>
  SiecleTesting.encode(SiecleTesting.render(document), "ISO-8859-15")

const mefs: Readonly<Record<string, string>> = {
  "10010012110": "6",
  "10110001110": "5",
  "10210001110": "4",
  "10310019110": "3"
}
// The formation of the level a student moves up to.
const mefAbove: Readonly<Record<string, string>> = { "6": "10110001110", "5": "10210001110", "4": "10310019110" }
const up = (code: string) => (/^[654]/.test(code) ? `${Number(code[0]) - 1}${code.slice(1)}` : code)
const levelOf = (eleve: SiecleTesting.Eleve) => {
  const mef = eleve.fields.find(([name]) => name === "CODE_MEF")?.[1]
  return typeof mef === "string" ? mefs[mef] : undefined
}

/**
 * The school's file of the next school year, as SIECLE exports it at the rentrée: the 3e have left (absent from
 * the file), everyone else moved up a level (formation and classes), and a new 6e arrived (from another seed).
 * Importing it adds, updates and disables about a quarter, three quarters and a quarter of the students.
 *
 * @category constructors
 * @since 0.1.0
 */
export const nextYear = (plan: SchoolPlan, options: Options): SiecleTesting.SiecleDocument => {
  const current = siecle(plan, options).document
  const staying = new Set(current.eleves.filter((eleve) => levelOf(eleve) !== "3").map((eleve) => eleve.id))
  const movedUp = current.eleves
    .filter((eleve) => staying.has(eleve.id))
    .map((eleve) => ({
      id: eleve.id,
      fields: eleve.fields.map(
        ([name, value]): SiecleTesting.Field =>
          name === "CODE_MEF" ? [name, mefAbove[levelOf(eleve) ?? ""] ?? value] : [name, value]
      )
    }))
  const arriving = SiecleTesting.generateSchool({
    seed: 500_000 + plan.index,
    students: options.students,
    uai: plan.uai,
    schoolYear: "2027"
  }).document
  const newcomers = new Set(arriving.eleves.filter((eleve) => levelOf(eleve) === "6").map((eleve) => eleve.id))
  return {
    uai: plan.uai,
    schoolYear: "2027",
    eleves: [
      ...movedUp,
      ...arriving.eleves.filter((eleve) => newcomers.has(eleve.id)).map((eleve) => ({ ...eleve, id: `9${eleve.id}` }))
    ],
    structures: [
      ...current.structures
        .filter((entry) => staying.has(entry.eleveId))
        .map((entry) => ({
          eleveId: entry.eleveId,
          structures: entry.structures.map((structure) => ({ ...structure, code: up(structure.code) }))
        })),
      ...arriving.structures
        .filter((entry) => newcomers.has(entry.eleveId))
        .map((entry) => ({ ...entry, eleveId: `9${entry.eleveId}` }))
    ]
  }
}

// The shared results: one per number of validated skills of the sample profile, computed by the domain once.
const skills = TargetProfiles.sample.skills.map((skill) => skill.id)
const masteries = skills.map((_, count) => TargetProfile.mastery(TargetProfiles.sample, skills.slice(0, count + 1)))
const profiles = Array.from({ length: 40 }, (_, index) => {
  const profile = Participation.profileOf([
    { competenceId: "1.1", pixScore: 8 + (index % 9) },
    { competenceId: "1.2", pixScore: index % 13 },
    { competenceId: "2.1", pixScore: 12 },
    { competenceId: "3.4", pixScore: index % 20 },
    { competenceId: "5.2", pixScore: 9 + (index % 7) }
  ])
  if (Result.isFailure(profile)) throw new Error("profil invalide")
  return profile.success
})

/** A cheap deterministic spread of 0..modulo-1 from a few numbers. */
const draw = (a: number, b: number, c: number, modulo: number) =>
  ((Math.imul(a + 1, 2654435761) ^ Math.imul(b + 7, 40503) ^ Math.imul(c + 13, 2246822519)) >>> 0) % modulo

const termStart = Date.parse("2026-09-01T07:30:00.000Z")
const day = 86_400_000

/**
 * Writes a school's events into `sink` in the order the library would have written them (team, import,
 * campaigns, accounts, links, participations), grouped as appends of at most about `batch` events.
 *
 * @category constructors
 * @since 0.1.0
 */
export const schoolEvents = (
  plan: SchoolPlan,
  options: Options,
  sink: (append: ReadonlyArray<EventStore.AppendToStream>) => void,
  blindIndex: (login: string) => string,
  batch = 5000
): number => {
  const { organizationId } = plan
  let appends: Array<EventStore.AppendToStream> = []
  let pending = 0
  let written = 0
  let last: { streamId: string; events: Array<EventStore.NewEvent> } | undefined
  const flush = () => {
    if (pending === 0) return
    sink(appends)
    written += pending
    appends = []
    pending = 0
    last = undefined
  }
  const push = (
    streamId: string,
    data: { readonly _tag: string } & Record<string, unknown>,
    meta: { readonly actorId: string | null; readonly useCase: string; readonly organizationId: string | null }
  ) => {
    const event: EventStore.NewEvent = {
      id: Crypto.randomUUID(),
      type: data._tag,
      data,
      metadata: { ...meta, occurredAt: data.occurredAt, schemaVersion: 1 }
    }
    if (last?.streamId === streamId) last.events.push(event)
    else {
      last = { streamId, events: [event] }
      appends.push({ streamId, expectedVersion: { _tag: "Any" }, events: last.events })
    }
    if (++pending >= batch) flush()
  }
  const at = (millis: number) => new Date(millis).toISOString()
  const register = (
    userId: string,
    firstName: string,
    lastName: string,
    login: string,
    email: boolean,
    when: string
  ) => {
    const meta = { actorId: userId, useCase: "registerUser", organizationId: null }
    push(
      `user-${userId}`,
      {
        _tag: "UserRegistered",
        userId,
        occurredAt: when,
        firstName,
        lastName,
        email: email ? login : null,
        username: email ? null : login,
        samlId: null
      },
      meta
    )
    push(`user-login-${blindIndex(login)}`, { _tag: "UserLoginReserved", userId, occurredAt: when, login }, meta)
  }

  // The team: registered by Pix Admin, the administrator invited and joined, then the teachers.
  const organizationStream = `organization-${organizationId}`
  const day0 = termStart + (plan.index % 5) * day
  const when0 = at(day0)
  const org = (actorId: string | null, useCase: string) => ({ actorId, useCase, organizationId })
  if (plan.index === 0) register(pixAdminId, "Pix", "Admin", "admin@pix.example", true, when0)
  push(
    organizationStream,
    {
      _tag: "OrganizationRegistered",
      organizationId,
      name: plan.name,
      type: "SCO",
      uai: plan.uai,
      isManagingStudents: true,
      identityProviderForCampaigns: null,
      contactEmail: null,
      actorId: pixAdminId,
      occurredAt: when0
    },
    org(pixAdminId, "registerOrganization")
  )
  const join = (userId: string, role: "ADMIN" | "MEMBER", invitedBy: string | null, k: number) => {
    const email = `${userId}@ac-academie.example`
    const when = at(day0 + 60_000 * (k + 1))
    register(
      userId,
      role === "ADMIN" ? "Claire" : "Paul",
      `${role === "ADMIN" ? "Directrice" : "Professeur"} ${k}`,
      email,
      true,
      when
    )
    const invitationId = uuid(2, plan.index, k)
    push(
      organizationStream,
      {
        _tag: "MemberInvited",
        organizationId,
        invitationId,
        role,
        code: letters(plan.index * 64 + k, 10),
        actorId: invitedBy,
        occurredAt: when,
        email
      },
      org(invitedBy ?? pixAdminId, invitedBy === null ? "inviteFirstAdmin" : "inviteMembers")
    )
    push(
      organizationStream,
      { _tag: "InvitationAccepted", organizationId, invitationId, userId, role, occurredAt: when },
      org(userId, "acceptInvitation")
    )
    push(
      organizationStream,
      { _tag: "MemberJoined", organizationId, userId, role, invitationId, occurredAt: when },
      org(userId, "acceptInvitation")
    )
    push(
      `user-${userId}`,
      { _tag: "PixOrgaTermsAccepted", userId, occurredAt: when },
      {
        actorId: userId,
        useCase: "acceptPixOrgaTerms",
        organizationId: null
      }
    )
  }
  join(plan.adminId, "ADMIN", null, 0)
  plan.memberIds.forEach((memberId, k) => {
    join(memberId, "MEMBER", plan.adminId, k + 1)
  })

  // The SIECLE import of the administrator.
  const generated = siecle(plan, options)
  const students = generated.expected.students
  const rosterStream = `roster-${organizationId}`
  const importedAt = at(day0 + day)
  const importMeta = org(plan.adminId, "importSiecleFile")
  const learnerIds = students.map((_, l) => uuid(3, plan.index, l))
  students.forEach((student, l) => {
    push(
      rosterStream,
      {
        _tag: "StudentImported",
        organizationId,
        learnerId: learnerIds[l],
        MEFCode: student.MEFCode,
        status: student.status,
        division: student.division,
        schoolYear: "2026",
        actorId: plan.adminId,
        occurredAt: importedAt,
        nationalStudentId: student.nationalStudentId,
        firstName: student.firstName,
        middleName: student.middleName,
        thirdName: student.thirdName,
        lastName: student.lastName,
        preferredLastName: student.preferredLastName,
        sex: student.sex,
        birthdate: student.birthdate,
        birthCountryCode: student.birthCountryCode,
        birthProvinceCode: student.birthProvinceCode,
        birthCityCode: student.birthCityCode,
        birthCity: student.birthCity
      },
      importMeta
    )
  })
  const report = generated.expected.report
  push(
    rosterStream,
    {
      _tag: "SiecleImportCompleted",
      organizationId,
      schoolYear: "2026",
      fileName: "ElevesSansAdresses.xml",
      importedCount: students.length,
      disabledCount: 0,
      reenabledCount: 0,
      linkedCount: 0,
      actorId: plan.adminId,
      occurredAt: importedAt
    },
    importMeta
  )
  push(
    `siecle-imports-${organizationId}`,
    {
      _tag: "SiecleImportRecorded",
      organizationId,
      fileName: "ElevesSansAdresses.xml",
      schoolYear: "2026",
      studentsInFile: report.read,
      added: students.length,
      updated: 0,
      disabled: 0,
      reenabled: 0,
      unchanged: 0,
      skipped: report.skipped,
      actorId: plan.adminId,
      occurredAt: importedAt,
      skippedStudents: report.skippedStudents
    },
    importMeta
  )

  // The campaigns, created by the administrator.
  plan.campaigns.forEach((campaign, c) => {
    const when = at(day0 + 2 * day + c * 60_000)
    const meta = org(plan.adminId, "createCampaign")
    push(
      `campaign-${campaign.campaignId}`,
      {
        _tag: "CampaignCreated",
        campaignId: campaign.campaignId,
        organizationId,
        code: campaign.code,
        type: campaign.type,
        name: campaign.name,
        title: null,
        targetProfileId: campaign.type === "ASSESSMENT" ? TargetProfiles.sample.id : null,
        creatorId: plan.adminId,
        ownerId: plan.adminId,
        externalIdLabel: null,
        externalIdType: null,
        customLandingPageText: null,
        customResultPageText: null,
        customResultPageButtonText: null,
        customResultPageButtonUrl: null,
        multipleSendings: false,
        occurredAt: when
      },
      meta
    )
    push(
      `campaign-code-${campaign.code}`,
      { _tag: "CampaignCodeReserved", code: campaign.code, campaignId: campaign.campaignId, occurredAt: when },
      meta
    )
  })

  // The students' accounts (a username each), then their links to their learners, as their first campaign made.
  const userIds = students.map((_, l) => `eleve-${plan.index}-${l}`)
  const firstSeen = (l: number) => day0 + 3 * day + l * 30_000
  students.forEach((student, l) => {
    register(
      userIds[l]!,
      student.firstName,
      student.lastName,
      `${student.firstName}.${student.lastName}.${plan.index}.${l}`.toLowerCase().replace(/[^a-z0-9.]/g, ""),
      false,
      at(firstSeen(l))
    )
  })
  students.forEach((_, l) => {
    push(
      rosterStream,
      {
        _tag: "StudentAccountLinked",
        organizationId,
        learnerId: learnerIds[l],
        userId: userIds[l],
        actorId: userIds[l],
        occurredAt: at(firstSeen(l))
      },
      { actorId: userIds[l]!, useCase: "joinCampaign", organizationId }
    )
  })

  // The participations: the headline assessment's first `headline` students, then each level's campaigns with
  // one student in twenty not taking part; some assessments left unfinished, some profiles not sent.
  plan.campaigns.forEach((campaign, c) => {
    let headlineTaken = 0
    students.forEach((student, l) => {
      if (campaign.level === null) {
        if (headlineTaken >= options.headline) return
        headlineTaken++
      } else if (!student.division.startsWith(campaign.level) || draw(plan.index, l, c, 20) === 0) return
      const userId = userIds[l]!
      const learnerId = learnerIds[l]!
      const participationId = uuid(4 + c, plan.index, l)
      const stream = `participation-${campaign.campaignId}-${learnerId}`
      const started = firstSeen(l) + (c + 1) * 7 * day
      const when = at(started)
      const meta = (useCase: string) => ({ actorId: userId, useCase, organizationId })
      const base = { participationId, campaignId: campaign.campaignId }
      push(
        stream,
        {
          _tag: "ParticipationStarted",
          ...base,
          organizationId,
          campaignType: campaign.type,
          userId,
          participantExternalId: null,
          status: campaign.type === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
          isRetry: false,
          isReset: false,
          occurredAt: when
        },
        meta("joinCampaign")
      )
      push(stream, { _tag: "ParticipationLinked", ...base, learnerId, userId, occurredAt: when }, meta("joinCampaign"))
      const finished = draw(plan.index, l, c + 100, 100)
      if (campaign.type === "ASSESSMENT") {
        if (finished < 8) return
        const validated = draw(plan.index, l, c + 200, skills.length)
        const doneAt = at(started + 3_600_000)
        push(
          stream,
          {
            _tag: "AssessmentCompleted",
            ...base,
            validatedSkillIds: skills.slice(0, validated + 1),
            testedSkillIds: skills,
            occurredAt: doneAt
          },
          meta("recordAssessmentOutcome")
        )
        push(
          stream,
          { _tag: "ParticipationShared", ...base, ...masteries[validated]!, occurredAt: doneAt },
          meta("shareResults")
        )
      } else {
        if (finished < 5) return
        push(
          stream,
          {
            _tag: "ProfileShared",
            ...base,
            ...profiles[draw(plan.index, l, c + 300, profiles.length)]!,
            occurredAt: at(started + 600_000)
          },
          meta("shareProfile")
        )
      }
    })
  })
  flush()
  return written
}

/**
 * The whole académie's events as the store would record them (stream versions and global positions in order, login
 * streams named by a stand-in hash), in memory: for the benches that fold the log in process.
 */
export const recordedLog = (options: Options): Array<EventStore.RecordedEvent> => {
  const log: Array<EventStore.RecordedEvent> = []
  const versions = new Map<string, bigint>()
  for (let index = 0; index < options.schools; index++)
    schoolEvents(
      school(index, options),
      options,
      (appends) => {
        for (const append of appends)
          for (const event of append.events) {
            const streamVersion = (versions.get(append.streamId) ?? 0n) + 1n
            versions.set(append.streamId, streamVersion)
            log.push({
              id: event.id,
              streamId: append.streamId,
              type: event.type,
              data: event.data,
              metadata: {},
              streamVersion,
              globalPosition: BigInt(log.length + 1),
              recordedAt: new Date(0),
              commandId: null
            })
          }
      },
      (login) => `h${login.length}-${login}`
    )
  return log
}
