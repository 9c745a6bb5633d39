/**
 * The school's workshop, as a scenario run on every store: access, import, re-import after a new student
 * arrives, team, campaigns, student connection with the refusal cases of the spec, results by class,
 * profile collection and certificability.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const user = Orga.user
const anonymous = Orga.anonymous
const uai = "0331234X"

const schoolFile = (students: number, seed = 7) => {
  const school = SiecleTesting.generateSchool({ seed, students, uai, schoolYear: "2026" })
  return { school, bytes: SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15") }
}

const toIso = (birthdate: string) => birthdate // records already hold YYYY-MM-DD

export const workshop = (
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
    const organizationId = "college-jean-moulin"
    const principal = user("principal")
    const teacher = user("teacher")
    const outsider = user("outsider")
    const { school, bytes } = schoolFile(150)
    const students = school.expected.students

    beforeAll(async () => {
      const given = store()
      cleanup = given.cleanup
      h = harness(given.layer)
      orga = await h.orga()
      for (const [userId, firstName, lastName, email] of [
        [pixAdmin, "Pix", "Admin", "admin@pix.fr"],
        ["principal", "Claire", "Martin", "principal@college.fr"],
        ["teacher", "Paul", "Durand", "teacher@college.fr"],
        ["outsider", "Olga", "Dehors", "olga@ailleurs.fr"]
      ] as const)
        await h.run(orga.registerUser({ userId, firstName, lastName, email }))
    })

    afterAll(async () => {
      await h.dispose()
      await cleanup()
    })

    it("access: Pix Admin registers the school and invites its first admin, who accepts and logs in", async () => {
      const refused = await h.fail(
        orga.registerOrganization(principal, { name: "X", type: "SCO", uai, isManagingStudents: true })
      )
      expect(refused).toMatchObject({ _tag: "Forbidden", code: "PIX_ADMIN_REQUIRED" })
      const badUai = await h.fail(
        orga.registerOrganization(user(pixAdmin), { name: "X", type: "SCO", uai: "12AB", isManagingStudents: true })
      )
      expect(badUai).toMatchObject({ _tag: "InvalidInput", code: "INVALID_UAI" })
      await h.run(
        orga.registerOrganization(user(pixAdmin), {
          organizationId,
          name: "Collège Jean Moulin",
          type: "SCO",
          uai,
          isManagingStudents: true,
          contactEmail: "ce.0331234x@ac-bordeaux.fr"
        })
      )
      expect(await h.fail(orga.logIntoOrga(principal))).toMatchObject({ code: "NOT_LINKED_ORGANIZATION" })
      const invitation = await h.run(
        orga.inviteFirstAdmin(user(pixAdmin), { organizationId, email: "principal@college.fr" })
      )
      expect(invitation.code).toMatch(/^[A-Z0-9]{10}$/)
      expect(
        await h.fail(
          orga.acceptInvitation(principal, {
            organizationId,
            invitationId: invitation.invitationId,
            code: "WRONGCODE0"
          })
        )
      ).toMatchObject({ _tag: "NotFound" })
      await h.run(
        orga.acceptInvitation(principal, {
          organizationId,
          invitationId: invitation.invitationId,
          code: invitation.code
        })
      )
      const mine = await h.run(orga.logIntoOrga(principal))
      expect(mine.map((o) => o.name)).toEqual(["Collège Jean Moulin"])
      expect((await h.run(orga.members(principal, organizationId))).map((m) => [m.userId, m.role])).toEqual([
        ["principal", "ADMIN"]
      ])
      await h.run(orga.acceptPixOrgaTerms(principal))
      await h.run(orga.acceptPixOrgaTerms(principal))
      expect(await h.fail(orga.logIntoOrga(anonymous))).toMatchObject({ code: "UNAUTHENTICATED" })
    })

    it("import: a preview says what would change, the import adds every student in one append, history records it", async () => {
      const preview = await h.run(
        orga.previewSiecleImport(principal, { organizationId, fileName: "ElevesSansAdresses.zip", bytes })
      )
      expect(preview.added.length).toBe(students.length)
      expect(preview.disabled).toEqual([])
      expect(await h.run(orga.learners(principal, organizationId))).toEqual([])
      const outcome = await h.run(
        orga.importSiecleFile(principal, { organizationId, fileName: "ElevesSansAdresses.zip", bytes })
      )
      expect(outcome).toMatchObject({ status: "IMPORTED", schoolYear: "2026", added: students.length, disabled: 0 })
      expect(outcome.eventsAppended).toBe(students.length + 1)
      const learners = await h.run(orga.learners(principal, organizationId))
      expect(learners.length).toBe(students.length)
      expect(new Set(learners.map((l) => l.nationalStudentId))).toEqual(
        new Set(students.map((s) => s.nationalStudentId))
      )
      const history = await h.run(orga.importHistory(principal, organizationId))
      expect(history).toMatchObject([
        { status: "IMPORTED", fileName: "ElevesSansAdresses.zip", importedBy: "principal" }
      ])
    })

    it("import: a file of another school is refused with UAI_MISMATCHED, recorded, and changes nothing", async () => {
      const other = SiecleTesting.encode(
        SiecleTesting.render(SiecleTesting.generateSchool({ seed: 3, students: 5, uai: "0339999Z" }).document),
        "UTF-8"
      )
      const error = await h.fail(
        orga.importSiecleFile(principal, { organizationId, fileName: "autre.xml", bytes: other })
      )
      expect(error).toMatchObject({ _tag: "SiecleImportFailed" })
      expect((error as { errors: ReadonlyArray<{ code: string }> }).errors.map((e) => e.code)).toEqual([
        "UAI_MISMATCHED"
      ])
      const history = await h.run(orga.importHistory(principal, organizationId))
      expect(history.map((entry) => entry.status)).toEqual(["IMPORTED", "VALIDATION_ERROR"])
      expect((await h.run(orga.learners(principal, organizationId))).length).toBe(students.length)
    })

    it("re-import: the same file appends nothing; a new student arriving and one leaving are added and disabled", async () => {
      const again = await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "again.xml", bytes }))
      expect(again).toMatchObject({ added: 0, updated: 0, disabled: 0, eventsAppended: 0 })
      const leaving = students[0]!
      const document = school.document
      const leavingEleve = document.eleves.find((e) =>
        e.fields.some(([n, v]) => n === "ID_NATIONAL" && v === leaving.nationalStudentId)
      )!
      const newcomer = SiecleTesting.eleve(
        "999001",
        SiecleTesting.validStudent("123456789NZ", {
          NOM_DE_FAMILLE: "NOUVEAU",
          PRENOM: "Léa",
          DATE_NAISS: "02/02/2012"
        })
      )
      const next = SiecleTesting.encode(
        SiecleTesting.render({
          ...document,
          eleves: [...document.eleves.filter((e) => e !== leavingEleve), newcomer],
          structures: [...document.structures, SiecleTesting.inDivision("999001", "6A")]
        }),
        "ISO-8859-15"
      )
      const preview = await h.run(
        orga.previewSiecleImport(principal, { organizationId, fileName: "rentree.xml", bytes: next })
      )
      expect(preview.added.map((l) => l.lastName)).toEqual(["NOUVEAU"])
      expect(preview.disabled.map((l) => l.nationalStudentId)).toEqual([leaving.nationalStudentId])
      const outcome = await h.run(
        orga.importSiecleFile(principal, { organizationId, fileName: "rentree.xml", bytes: next })
      )
      expect(outcome).toMatchObject({ added: 1, disabled: 1, updated: 0 })
      const active = await h.run(orga.learners(principal, organizationId))
      expect(active.length).toBe(students.length)
      expect(active.some((l) => l.nationalStudentId === leaving.nationalStudentId)).toBe(false)
      const all = await h.run(orga.learners(principal, organizationId, { includeDisabled: true }))
      expect(all.find((l) => l.nationalStudentId === leaving.nationalStudentId)?.isDisabled).toBe(true)
    })

    it("team: the admin invites a teacher, who accepts; a member may not invite; the last admin cannot leave", async () => {
      const [sent] = await h.run(
        orga.inviteMembers(principal, { organizationId, emails: ["teacher@college.fr"], role: "MEMBER" })
      )
      expect(
        await h.fail(
          orga.acceptInvitation(outsider, { organizationId, invitationId: sent!.invitationId, code: sent!.code })
        )
      ).toMatchObject({ _tag: "Forbidden" })
      await h.run(
        orga.acceptInvitation(teacher, { organizationId, invitationId: sent!.invitationId, code: sent!.code })
      )
      expect(
        await h.fail(orga.inviteMembers(teacher, { organizationId, emails: ["x@college.fr"], role: null }))
      ).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" })
      expect(await h.fail(orga.leaveOrganization(principal, { organizationId }))).toMatchObject({
        code: "LAST_ADMIN_CANNOT_LEAVE"
      })
      expect(await h.fail(orga.members(outsider, organizationId))).toMatchObject({ _tag: "Forbidden" })
      expect((await h.run(orga.members(teacher, organizationId))).map((m) => m.role).sort()).toEqual([
        "ADMIN",
        "MEMBER"
      ])
    })

    let assessment = { campaignId: "", code: "" }
    let collection = { campaignId: "", code: "" }

    it("campaigns: a teacher creates an assessment and a profiles collection; codes are Pix-shaped and unique", async () => {
      assessment = await h.run(
        orga.createCampaign(teacher, {
          organizationId,
          name: "Évaluation 6e",
          type: "ASSESSMENT",
          targetProfileId: "tp-socle"
        })
      )
      collection = await h.run(
        orga.createCampaign(teacher, { organizationId, name: "Collecte 6e", type: "PROFILES_COLLECTION" })
      )
      expect(assessment.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ]{6}[2-9]{3}$/)
      expect(collection.code).not.toBe(assessment.code)
      expect(
        await h.fail(
          orga.createCampaign(teacher, { organizationId, name: "", type: "ASSESSMENT", targetProfileId: "tp-socle" })
        )
      ).toMatchObject({ _tag: "InvalidInput" })
      expect(
        await h.fail(orga.createCampaign(outsider, { organizationId, name: "x", type: "PROFILES_COLLECTION" }))
      ).toMatchObject({ _tag: "Forbidden" })
      const list = await h.run(orga.campaigns(principal, organizationId))
      expect(list.map((c) => c.name)).toEqual(["Évaluation 6e", "Collecte 6e"])
    })

    const joiners = () => students.slice(1, 11)

    it("students join: exact names, accents dropped, a one-letter typo; refusals follow the spec", async () => {
      for (const [index, student] of joiners().entries()) {
        const userId = `student-${index}`
        await h.run(
          orga.registerUser({
            userId,
            firstName: student.firstName,
            lastName: student.lastName,
            username: `eleve.${index}0101`
          })
        )
        const strip = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "")
        const typo = (s: string) => (s.length > 4 ? s.slice(0, 2) + (s[2] === "x" ? "y" : "x") + s.slice(3) : s)
        const firstName =
          index % 3 === 0
            ? student.firstName
            : index % 3 === 1
              ? strip(student.firstName).toUpperCase()
              : typo(student.firstName)
        const joined = await h.run(
          orga.joinCampaign(user(userId), {
            code: assessment.code.toLowerCase(),
            firstName,
            lastName: student.lastName,
            birthdate: toIso(student.birthdate)
          })
        )
        expect(joined.campaignId).toBe(assessment.campaignId)
      }
      const intruder = students[20]!
      await h.run(orga.registerUser({ userId: "intruder", firstName: "X", lastName: "Y", email: "intrus@mail.fr" }))
      // wrong birthdate: no learner
      const wrongBirthdate = await h.fail(
        orga.joinCampaign(user("intruder"), {
          code: assessment.code,
          firstName: intruder.firstName,
          lastName: intruder.lastName,
          birthdate: "1990-01-01"
        })
      )
      expect(wrongBirthdate).toMatchObject({ _tag: "NotFound" })
      // a learner already linked to another account: R32 (username), login masked
      const taken = joiners()[0]!
      const already = await h.fail(
        orga.joinCampaign(user("intruder"), {
          code: assessment.code,
          firstName: taken.firstName,
          lastName: taken.lastName,
          birthdate: taken.birthdate
        })
      )
      expect(already).toMatchObject({
        _tag: "Conflict",
        code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION",
        meta: { shortCode: "R32" }
      })
      expect(JSON.stringify(already)).toContain("***")
      // the same student twice
      const twice = await h.fail(
        orga.joinCampaign(user("student-0"), {
          code: assessment.code,
          firstName: taken.firstName,
          lastName: taken.lastName,
          birthdate: taken.birthdate
        })
      )
      expect(twice).toMatchObject({ _tag: "Conflict" })
      // unknown code
      expect(
        await h.fail(
          orga.joinCampaign(user("intruder"), {
            code: "ZZZZZZ999",
            firstName: "a",
            lastName: "b",
            birthdate: "2012-01-01"
          })
        )
      ).toMatchObject({ code: "CAMPAIGN_CODE_NOT_FOUND" })
      // the disabled student (left the school) is not found
      const left = students[0]!
      expect(
        await h.fail(
          orga.joinCampaign(user("intruder"), {
            code: assessment.code,
            firstName: left.firstName,
            lastName: left.lastName,
            birthdate: left.birthdate
          })
        )
      ).toMatchObject({ _tag: "NotFound" })
      // why refused: the staff sees the reasons
      const why = await h.run(
        orga.whyRefused(teacher, organizationId, {
          firstName: taken.firstName,
          lastName: taken.lastName,
          birthdate: taken.birthdate
        })
      )
      expect(why.candidates[0]?.reasons.map((r) => r.code)).toContain("ALREADY_LINKED")
      expect(why.verdict?.code).toBe("ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION")
      const whyBirthdate = await h.run(
        orga.whyRefused(teacher, organizationId, {
          firstName: intruder.firstName,
          lastName: intruder.lastName,
          birthdate: "1990-01-01"
        })
      )
      expect(whyBirthdate.candidates[0]?.reasons.map((r) => r.code)).toContain("BIRTHDATE_DIFFERS")
      const whyLeft = await h.run(
        orga.whyRefused(teacher, organizationId, {
          firstName: left.firstName,
          lastName: left.lastName,
          birthdate: left.birthdate
        })
      )
      expect(whyLeft.candidates[0]?.reasons.map((r) => r.code)).toContain("LEARNER_DISABLED")
    })

    it("results by class: outcomes are recorded, shared, and show in results, by division and in the CSV export", async () => {
      const results = await h.run(orga.campaignResults(teacher, assessment.campaignId))
      expect(results.participationsCount).toBe(joiners().length)
      for (const [index, participant] of results.participants.entries()) {
        const owner = `student-${joiners().findIndex((s) => s.lastName === participant.lastName && s.firstName === participant.firstName)}`
        const validated = ["sk-1", "sk-2", "sk-6", "sk-9"].slice(0, (index % 4) + 1)
        // One participant in five has not finished the assessment: no outcome yet, nothing to share.
        if (index % 5 !== 4)
          await h.run(
            orga.recordAssessmentOutcome(user(owner), {
              participationId: participant.participationId,
              validatedSkillIds: validated,
              testedSkillIds: ["sk-3"]
            })
          )
        if (index % 5 !== 4)
          await h.run(orga.shareResults(user(owner), { participationId: participant.participationId }))
        else
          expect(
            await h.fail(orga.shareResults(user(owner), { participationId: participant.participationId }))
          ).toMatchObject({ code: "ASSESSMENT_NOT_COMPLETED" })
      }
      const after = await h.run(orga.campaignResults(teacher, assessment.campaignId))
      expect(after.sharedParticipationsCount).toBe(results.participants.filter((_, i) => i % 5 !== 4).length)
      expect(after.averageResult).toBeGreaterThan(0)
      const byDivision = await h.run(orga.resultsByDivision(teacher, assessment.campaignId))
      expect(byDivision.reduce((sum, d) => sum + d.participants, 0)).toBe(joiners().length)
      const division = after.participants[0]!.division!
      const filtered = await h.run(orga.campaignResults(teacher, assessment.campaignId, { divisions: [division] }))
      expect(filtered.participants.every((p) => p.division === division)).toBe(true)
      const csv = await h.run(orga.exportResults(teacher, assessment.campaignId))
      const text = [...csv.lines].join("")
      expect(csv.fileName).toMatch(/^Resultats-Évaluation 6e-.+-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/)
      expect(text.split("\r\n").filter((l) => l !== "").length).toBe(joiners().length + 1)
      expect(text).toContain("Classe")
      // Sorted by class, then last name and first name (§6.2 update), whatever the order students joined in.
      const [head = "", ...lines] = text
        .slice(1)
        .split("\r\n")
        .filter((l) => l !== "")
      const columns = head.split(";")
      const keys = lines.map((line) => {
        const cells = line.split(";")
        return ["Classe", "Nom du Participant", "Prénom du Participant"].map((c) => cells[columns.indexOf(c)] ?? "")
      })
      const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true })
      const byKey = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
        collator.compare(a[0]!, b[0]!) || collator.compare(a[1]!, b[1]!) || collator.compare(a[2]!, b[2]!)
      expect(keys).toEqual([...keys].sort(byKey))
      expect(new Set(keys.map((key) => key[0])).size).toBeGreaterThan(1)
      expect(await h.fail(orga.exportResults(outsider, assessment.campaignId))).toMatchObject({ _tag: "Forbidden" })
      // The same export as an effect Stream of chunks, filtered by class.
      const streamed = await h.run(
        Stream.mkString(orga.exportResultsStream(teacher, assessment.campaignId, { divisions: [division] }))
      )
      expect(streamed.split("\r\n").filter((l) => l !== "").length).toBe(filtered.participants.length + 1)
      expect(await h.fail(Stream.mkString(orga.exportResultsStream(anonymous, assessment.campaignId)))).toMatchObject({
        code: "UNAUTHENTICATED"
      })
    })

    it("profile collection and certificability: shared profiles show per class against the deadline", async () => {
      for (const [index, student] of joiners().entries()) {
        if (index >= 6) continue
        const joined = await h.run(
          orga.joinCampaign(user(`student-${index}`), {
            code: collection.code,
            firstName: student.firstName,
            lastName: student.lastName,
            birthdate: student.birthdate
          })
        )
        const pix = index % 2 === 0 ? { "1.1": 16, "1.2": 8, "2.1": 9, "3.4": 12, "5.2": 8 } : { "1.1": 16 }
        await h.run(
          orga.shareProfile(user(`student-${index}`), { participationId: joined.participationId, pixByCompetence: pix })
        )
      }
      const report = await h.run(orga.certificability(teacher, organizationId))
      expect(report.deadline).toBe("2027-04-07")
      const certifiable = report.divisions.flatMap((d) => d.certifiable)
      const notCertifiable = report.divisions.flatMap((d) => d.notCertifiable)
      expect(certifiable.length).toBe(3)
      expect(notCertifiable.length).toBe(3)
      expect(report.divisions.reduce((sum, d) => sum + d.learners, 0)).toBe(students.length)
      await h.run(orga.setCollectionDeadline(principal, { organizationId, schoolYear: "2026", deadline: "2027-03-20" }))
      expect((await h.run(orga.certificability(teacher, organizationId))).deadline).toBe("2027-03-20")
      const learners = await h.run(orga.learners(teacher, organizationId))
      expect(learners.filter((l) => l.certificability === "Certifiable").length).toBe(3)
      const csv = [...(await h.run(orga.exportResults(teacher, collection.campaignId))).lines].join("")
      expect(csv).toContain("Certifiable (O/N)")
      expect(csv.split("\r\n").filter((l) => l !== "").length).toBe(7)
    })

    it("audit: the admin reads who did what and when", async () => {
      const trail = (await h.run(orga.auditTrail(principal, organizationId, { limit: 1000 }))).entries
      const useCases = new Set(trail.map((entry) => entry.useCase))
      for (const name of [
        "registerOrganization",
        "importSiecleFile",
        "inviteMembers",
        "createCampaign",
        "joinCampaign",
        "shareProfile"
      ])
        expect(useCases).toContain(name)
      expect(await h.fail(orga.auditTrail(teacher, organizationId))).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS" })
    })
  })
