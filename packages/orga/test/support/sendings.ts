/**
 * Multiple sendings, stages and badges, and target profiles as data, as a scenario run on every store: Pix Admin
 * ships the collège 3e and lycée profiles and attaches one to the school, turns multiple sendings of assessments
 * on; a student found not certifiable re-sends an improved profile and his class becomes certifiable; an
 * assessment on the 3e profile shows the stage reached and the badges in the results and in the CSV (golden
 * file); and the refusals of each step.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { TargetProfileCatalogue, TargetProfileDefinition } from "@orga/domain"
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const user = Orga.user
const uai = "0331234X"
const school = SiecleTesting.generateSchool({ seed: 23, students: 40, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
const students = school.expected.students

// The skills of some tubes of the 3e profile, up to each tube's cap.
const skillsOf = (tubes: ReadonlyArray<string>): ReadonlyArray<string> =>
  TargetProfileDefinition.skillsOf(
    TargetProfileCatalogue.college3e.tubes.filter((tube) => tubes.includes(tube.tube))
  ).map((skill) => skill.id)
const allSkills = TargetProfileDefinition.skillsOf(TargetProfileCatalogue.college3e.tubes).map((skill) => skill.id)
const information = [
  "@rechercherInfo",
  "@evaluerSource",
  "@gererFichiers",
  "@stockageEnLigne",
  "@tableur",
  "@graphique"
]
const programming = ["@algorithme", "@programmation"]
const security = ["@motDePasse", "@logicielMalveillant", "@donneesPersonnelles", "@tracesNumeriques"]

const golden = (name: string, actual: string) => {
  const path = join(import.meta.dirname, "..", "golden", name)
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, actual)
  expect(actual).toBe(readFileSync(path, "utf8"))
}

export const sendings = (
  name: string,
  store: () => {
    layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
    cleanup: () => Promise<void>
  }
) =>
  describe(name, () => {
    let h: Harness
    let orga: Orga.OrgaShape
    let cleanup: () => Promise<void>
    const organizationId = "college-victor-hugo"
    const admin = user(pixAdmin)
    const principal = user("principal")
    const teacher = user("teacher")
    // The smallest class: every student of it takes part, so that the whole class can become certifiable.
    const byDivision = new Map<string, Array<(typeof students)[number]>>()
    for (const student of students)
      byDivision.set(student.division, [...(byDivision.get(student.division) ?? []), student])
    const [division, classmates] = [...byDivision.entries()].sort(([, a], [, b]) => a.length - b.length)[0]!
    const identity = (student: (typeof students)[number]) => ({
      firstName: student.firstName,
      lastName: student.lastName,
      birthdate: student.birthdate
    })
    const studentId = (index: number) => `eleve-${index}`

    beforeAll(async () => {
      const given = store()
      cleanup = given.cleanup
      h = harness(given.layer)
      orga = await h.orga()
      for (const [userId, firstName, lastName, email] of [
        [pixAdmin, "Pix", "Admin", "admin@pix.fr"],
        ["principal", "Claire", "Martin", "principal@college.fr"],
        ["teacher", "Paul", "Durand", "teacher@college.fr"]
      ] as const)
        await h.run(orga.registerUser({ userId, firstName, lastName, email }))
      for (let index = 0; index < students.length; index++)
        await h.run(
          orga.registerUser({
            userId: studentId(index),
            firstName: "Élève",
            lastName: `${index}`,
            username: `e${index}`
          })
        )
      await h.run(
        orga.registerOrganization(admin, {
          organizationId,
          name: "Collège Victor Hugo",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const first = await h.run(orga.inviteFirstAdmin(admin, { organizationId, email: "principal@college.fr" }))
      await h.run(orga.acceptInvitation(principal, { organizationId, ...first }))
      const [invited] = await h.run(
        orga.inviteMembers(principal, { organizationId, emails: ["teacher@college.fr"], role: "MEMBER" })
      )
      await h.run(orga.acceptInvitation(teacher, { organizationId, ...invited! }))
      await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "eleves.xml", bytes }))
    }, 60_000)

    afterAll(async () => {
      await h.dispose()
      await cleanup()
    })

    it("target profiles as data: Pix Admin ships the 3e and lycée profiles, attaches the 3e one; a campaign uses only what its school has", async () => {
      expect(
        await h.fail(orga.createTargetProfile(principal, { definition: TargetProfileCatalogue.college3e }))
      ).toMatchObject({ _tag: "Forbidden", code: "PIX_ADMIN_REQUIRED" })
      for (const definition of TargetProfileCatalogue.definitions)
        expect(await h.run(orga.createTargetProfile(admin, { definition }))).toEqual({ targetProfileId: definition.id })
      expect(
        await h.fail(orga.createTargetProfile(admin, { definition: TargetProfileCatalogue.college3e }))
      ).toMatchObject({ _tag: "Conflict", code: "TARGET_PROFILE_ALREADY_EXISTS" })
      const invalid = await h.fail(
        orga.createTargetProfile(admin, {
          definition: { ...TargetProfileCatalogue.college3e, id: "tp-vide", tubes: [] }
        })
      )
      expect(invalid).toMatchObject({ _tag: "InvalidInput", code: "INVALID_TARGET_PROFILE" })

      const before = await h.fail(
        orga.createCampaign(teacher, {
          organizationId,
          name: "Évaluation 3e",
          type: "ASSESSMENT",
          targetProfileId: "tp-college-3e"
        })
      )
      expect(before).toMatchObject({
        _tag: "Forbidden",
        code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
        meta: { attribute: "targetProfileId" }
      })
      expect(
        await h.fail(orga.attachTargetProfile(principal, { organizationId, targetProfileId: "tp-college-3e" }))
      ).toMatchObject({ code: "PIX_ADMIN_REQUIRED" })
      expect(
        await h.fail(orga.attachTargetProfile(admin, { organizationId, targetProfileId: "tp-inconnu" }))
      ).toMatchObject({ _tag: "NotFound", code: "TARGET_PROFILE_NOT_FOUND" })
      await h.run(orga.attachTargetProfile(admin, { organizationId, targetProfileId: "tp-college-3e" }))
      await h.run(orga.attachTargetProfile(admin, { organizationId, targetProfileId: "tp-college-3e" }))
      expect(
        await h.fail(orga.detachTargetProfile(admin, { organizationId, targetProfileId: "tp-lycee-2nde" }))
      ).toMatchObject({ _tag: "NotFound", code: "TARGET_PROFILE_NOT_ATTACHED" })

      const available = await h.run(orga.availableTargetProfiles(teacher, organizationId))
      expect(available.map((profile) => profile.targetProfileId)).toEqual(["tp-socle", "tp-college-3e"])
      const college = available[1]!
      expect(college.stages.map((stage) => stage.title)).toEqual([
        "Palier 0 — Découverte",
        "Palier 1 — Premiers repères",
        "Palier 2 — En progression",
        "Palier 3 — Niveau attendu",
        "Palier 4 — Au-delà des attendus"
      ])
      expect(college.badges.map((badge) => badge.key)).toEqual([
        "PIX_3E_INFORMATION",
        "PIX_3E_SECURITE",
        "PIX_3E_PROGRAMMER"
      ])
      expect(await h.fail(orga.availableTargetProfiles(Orga.anonymous, organizationId))).toMatchObject({
        code: "UNAUTHENTICATED"
      })
    })

    it("multiple sendings of an assessment need the feature Pix Admin turns on for the school", async () => {
      const input = {
        organizationId,
        campaignId: "evaluation-3e",
        name: "Évaluation 3e",
        type: "ASSESSMENT" as const,
        targetProfileId: "tp-college-3e",
        multipleSendings: true
      }
      expect(await h.fail(orga.createCampaign(teacher, input))).toMatchObject({
        _tag: "Forbidden",
        code: "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT"
      })
      expect(await h.run(orga.organizationFeatures(teacher, organizationId))).toEqual([])
      expect(
        await h.fail(
          orga.setOrganizationFeature(principal, {
            organizationId,
            feature: "MULTIPLE_SENDING_ASSESSMENT",
            enabled: true
          })
        )
      ).toMatchObject({ code: "PIX_ADMIN_REQUIRED" })
      await h.run(
        orga.setOrganizationFeature(admin, { organizationId, feature: "MULTIPLE_SENDING_ASSESSMENT", enabled: true })
      )
      expect(await h.run(orga.organizationFeatures(teacher, organizationId))).toEqual(["MULTIPLE_SENDING_ASSESSMENT"])
      const created = await h.run(orga.createCampaign(teacher, input))
      const [summary] = (await h.run(orga.campaigns(teacher, organizationId))).filter(
        (campaign) => campaign.campaignId === created.campaignId
      )
      expect(summary).toMatchObject({ multipleSendings: true, targetProfileId: "tp-college-3e" })
    })

    it("a student found not certifiable re-sends an improved profile, and his class becomes certifiable", async () => {
      const collection = await h.run(
        orga.createCampaign(teacher, {
          organizationId,
          campaignId: "collecte-3e",
          name: "Collecte des profils 3e",
          type: "PROFILES_COLLECTION",
          multipleSendings: true
        })
      )
      const certifiablePix = { "1.1": 16, "1.2": 8, "2.1": 9, "3.4": 12, "5.2": 8 }
      const first: Array<string> = []
      for (const student of classmates) {
        const index = students.indexOf(student)
        const joined = await h.run(
          orga.joinCampaign(user(studentId(index)), { code: collection.code, ...identity(student) })
        )
        first.push(joined.participationId)
        // The first of the class shares a profile with only two competences at level 1.
        const pix = first.length === 1 ? { "1.1": 16, "2.1": 8 } : certifiablePix
        await h.run(
          orga.shareProfile(user(studentId(index)), { participationId: joined.participationId, pixByCompetence: pix })
        )
      }
      const late = classmates[0]!
      const lateId = user(studentId(students.indexOf(late)))
      const classOf = async () =>
        (await h.run(orga.certificability(teacher, organizationId))).divisions.find((d) => d.division === division)!
      expect((await classOf()).notCertifiable).toHaveLength(1)

      // He sends again: until the new sending is shared, his school still sees his last shared profile.
      const again = await h.run(orga.joinCampaign(lateId, { code: collection.code, ...identity(late) }))
      expect(again.participationId).not.toBe(first[0])
      expect((await classOf()).notCertifiable).toHaveLength(1)
      // A sending under way cannot be doubled.
      expect(await h.fail(orga.joinCampaign(lateId, { code: collection.code, ...identity(late) }))).toMatchObject({
        _tag: "Forbidden",
        meta: { reason: "PREVIOUS_PARTICIPATION_NOT_SHARED" }
      })
      await h.run(
        orga.shareProfile(lateId, { participationId: again.participationId, pixByCompetence: certifiablePix })
      )

      const now = await classOf()
      expect(now.notCertifiable).toEqual([])
      expect(now.certifiable).toHaveLength(classmates.length)
      expect(now.notSharedYet).toEqual([])

      // Results count his latest sending only, with its evolution; the export lists both sendings.
      const results = await h.run(orga.campaignResults(teacher, collection.campaignId))
      expect(results.participants).toHaveLength(classmates.length)
      expect(results.sharedParticipationsCount).toBe(classmates.length)
      const row = results.participants.find((participant) => participant.lastName === late.lastName)!
      expect(row).toMatchObject({
        participationId: again.participationId,
        isCertifiable: true,
        evolution: "increase",
        sharedParticipationsCount: 2
      })
      const others = results.participants.filter((participant) => participant !== row)
      expect(
        others.every((participant) => participant.evolution === null && participant.sharedParticipationsCount === 1)
      ).toBe(true)
      const csv = [...(await h.run(orga.exportResults(teacher, collection.campaignId))).lines]
      expect(csv).toHaveLength(1 + classmates.length + 1)
      expect(
        csv.filter((line) => line.includes(`;${late.lastName};`) || line.includes(`"${late.lastName}"`))
      ).toHaveLength(2)
      const learner = (await h.run(orga.learners(teacher, organizationId))).find(
        (l) => l.nationalStudentId === late.nationalStudentId
      )
      expect(learner?.certificability).toBe("Certifiable")
    })

    it("refusals: no second sending without multiple sendings, nor a reset before 4 days", async () => {
      const single = await h.run(
        orga.createCampaign(teacher, { organizationId, name: "Collecte unique", type: "PROFILES_COLLECTION" })
      )
      const student = classmates[0]!
      const actor = user(studentId(students.indexOf(student)))
      const joined = await h.run(orga.joinCampaign(actor, { code: single.code, ...identity(student) }))
      await h.run(orga.shareProfile(actor, { participationId: joined.participationId, pixByCompetence: { "1.1": 8 } }))
      expect(await h.fail(orga.joinCampaign(actor, { code: single.code, ...identity(student) }))).toMatchObject({
        code: "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION"
      })
      expect(
        await h.fail(
          orga.updateCampaign(teacher, { campaignId: single.campaignId, name: "Collecte", multipleSendings: true })
        )
      ).toMatchObject({ code: "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS" })
      // The 3e profile keeps knowledge: a reset is never allowed on it.
      const assessment = (await h.run(orga.campaigns(teacher, organizationId))).find(
        (campaign) => campaign.campaignId === "evaluation-3e"
      )!
      const other = classmates[1]!
      const otherActor = user(studentId(students.indexOf(other)))
      const started = await h.run(orga.joinCampaign(otherActor, { code: assessment.code, ...identity(other) }))
      await h.run(
        orga.recordAssessmentOutcome(otherActor, {
          participationId: started.participationId,
          validatedSkillIds: skillsOf(programming),
          testedSkillIds: skillsOf(programming)
        })
      )
      await h.run(orga.shareResults(otherActor, { participationId: started.participationId }))
      expect(
        await h.fail(orga.joinCampaign(otherActor, { code: assessment.code, ...identity(other), isReset: true }))
      ).toMatchObject({ code: "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET" })
    })

    it("stages and badges: an assessment on the 3e profile shows the stage reached and the badges, in the results and the CSV", async () => {
      const assessment = (await h.run(orga.campaigns(teacher, organizationId))).find(
        (campaign) => campaign.campaignId === "evaluation-3e"
      )!
      // classmates[1] shared in the previous step (programming only). Three more students of the school:
      const [best, middle, unshared] = students.filter((student) => student.division !== division).slice(0, 3)
      const run = async (
        student: (typeof students)[number],
        validated: ReadonlyArray<string>,
        share: boolean
      ): Promise<string> => {
        const actor = user(studentId(students.indexOf(student)))
        const joined = await h.run(orga.joinCampaign(actor, { code: assessment.code, ...identity(student) }))
        await h.run(
          orga.recordAssessmentOutcome(actor, {
            participationId: joined.participationId,
            validatedSkillIds: validated,
            testedSkillIds: validated
          })
        )
        if (share) await h.run(orga.shareResults(actor, { participationId: joined.participationId }))
        return joined.participationId
      }
      await run(best!, allSkills, true)
      await run(middle!, skillsOf([...information, ...programming]), true)
      await run(unshared!, skillsOf(information), false)
      // The student of the previous step retakes and does better: security too.
      const retaker = classmates[1]!
      const retake = await run(retaker, skillsOf([...programming, ...security, ...information]), true)

      const results = await h.run(orga.campaignResults(teacher, assessment.campaignId))
      expect(results.totalStages).toBe(5)
      expect(results.badges.map((badge) => badge.key)).toEqual([
        "PIX_3E_INFORMATION",
        "PIX_3E_SECURITE",
        "PIX_3E_PROGRAMMER"
      ])
      const rowOf = (student: (typeof students)[number]) =>
        results.participants.find((participant) => participant.lastName === student.lastName)!
      expect(rowOf(best!)).toMatchObject({
        reachedStage: { reachedStage: 5, totalStages: 5, title: "Palier 4 — Au-delà des attendus" },
        acquiredBadges: [
          { key: "PIX_3E_INFORMATION", title: "Chercher et traiter l'information" },
          { key: "PIX_3E_SECURITE", title: "Se protéger en ligne" },
          { key: "PIX_3E_PROGRAMMER", title: "Programmer" }
        ]
      })
      expect(rowOf(middle!).reachedStage?.reachedStage).toBe(2)
      expect(rowOf(middle!).acquiredBadges.map((badge) => badge.key)).toEqual([
        "PIX_3E_INFORMATION",
        "PIX_3E_PROGRAMMER"
      ])
      expect(rowOf(unshared!)).toMatchObject({ reachedStage: null, acquiredBadges: [], status: "TO_SHARE" })
      expect(rowOf(retaker)).toMatchObject({
        participationId: retake,
        evolution: "increase",
        sharedParticipationsCount: 2
      })
      // 41 % of the profile and all of its security tubes: the security badge too.
      expect(rowOf(retaker).acquiredBadges.map((badge) => badge.key)).toEqual([
        "PIX_3E_INFORMATION",
        "PIX_3E_SECURITE",
        "PIX_3E_PROGRAMMER"
      ])
      expect(results.participants).toHaveLength(4)

      const csv = await h.run(orga.exportResults(teacher, assessment.campaignId))
      golden("assessment-stages-badges.csv", [...csv.lines].join(""))
    })
  })
