/**
 * Housekeeping, as a scenario run on every store: the campaign list's tabs and filters with the owner's names; the
 * learner list's filters (certificability, connection method) and pages; deleting a participant's participations
 * and a batch of campaigns, after which no read model and no export shows them (the participations anonymised,
 * the certificability they gave gone); and a student known in another school joining by his INE alone (§5.4.1).
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const { eleve, inDivision, validStudent } = SiecleTesting

const college = "college-jean-moulin"
const lycee = "lycee-marie-curie"
const principal = Orga.user("principal")
const teacher = Orga.user("teacher")
const proviseur = Orga.user("proviseur")

// Six students of the collège; Inès ARNAUD goes on to the lycée (same INE) the next year.
const students = [
  { id: "1", ine: "1000000001A", lastName: "ARNAUD", firstName: "Inès", birth: "14/03/2012", division: "3A" },
  { id: "2", ine: "1000000002B", lastName: "BERNARD", firstName: "Hugo", birth: "02/05/2012", division: "3A" },
  { id: "3", ine: "1000000003C", lastName: "CAMARA", firstName: "Awa", birth: "21/07/2012", division: "3A" },
  { id: "4", ine: "1000000004D", lastName: "DUBOIS", firstName: "Théo", birth: "30/01/2012", division: "3B" },
  { id: "5", ine: "1000000005E", lastName: "ESTEVE", firstName: "Lou", birth: "11/11/2012", division: "3B" },
  { id: "6", ine: "1000000006F", lastName: "FABRE", firstName: "Nina", birth: "08/08/2012", division: "3B" }
] as const

const fileOf = (uai: string, rows: ReadonlyArray<(typeof students)[number]>, division?: string) =>
  SiecleTesting.encode(
    SiecleTesting.render({
      uai,
      schoolYear: "2026",
      eleves: rows.map((row) =>
        eleve(
          row.id,
          validStudent(row.ine, { NOM_DE_FAMILLE: row.lastName, PRENOM: row.firstName, DATE_NAISS: row.birth })
        )
      ),
      structures: rows.map((row) => inDivision(row.id, division ?? row.division))
    }),
    "ISO-8859-15"
  )

const isoOf = (birth: string) => birth.split("/").reverse().join("-")
const identity = (row: (typeof students)[number]) => ({
  firstName: row.firstName,
  lastName: row.lastName,
  birthdate: isoOf(row.birth)
})

// Level 1 in five competences: certifiable (§7).
const certifiable = { "1.1": 8, "1.2": 8, "2.1": 8, "2.2": 8, "3.1": 8 }
const notCertifiable = { "1.1": 8 }

export const housekeeping = (
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
    const code: Record<string, string> = {}
    const campaign: Record<string, string> = {}
    const participation: Record<string, string> = {}

    const studentUser = (row: (typeof students)[number]) => Orga.user(`student-${row.id}`)

    beforeAll(async () => {
      const given = store()
      cleanup = given.cleanup
      h = harness(given.layer)
      orga = await h.orga()
      for (const [userId, firstName, lastName, email] of [
        [pixAdmin, "Pix", "Admin", "admin@pix.fr"],
        ["principal", "Claire", "Martin", "principal@college.fr"],
        ["teacher", "Étienne", "Lefèvre", "prof@college.fr"],
        ["proviseur", "Jeanne", "Roux", "proviseur@lycee.fr"]
      ] as const)
        await h.run(orga.registerUser({ userId, firstName, lastName, email }))
      // Students log in by e-mail (1, 2), by username (3, 4), through the GAR (5); 6 has no account.
      for (const row of students.slice(0, 5))
        await h.run(
          orga.registerUser({
            userId: `student-${row.id}`,
            firstName: row.firstName,
            lastName: row.lastName,
            ...(row.id <= "2"
              ? { email: `eleve${row.id}@mail.fr` }
              : row.id <= "4"
                ? { username: `eleve.${row.id}` }
                : { samlId: `gar-${row.id}` })
          })
        )
      for (const [organizationId, orgName, uai, adminUser, email] of [
        [college, "Collège Jean Moulin", "0331234X", principal, "principal@college.fr"],
        [lycee, "Lycée Marie Curie", "0335678A", proviseur, "proviseur@lycee.fr"]
      ] as const) {
        await h.run(
          orga.registerOrganization(Orga.user(pixAdmin), {
            organizationId,
            name: orgName,
            type: "SCO",
            uai,
            isManagingStudents: true
          })
        )
        const invitation = await h.run(orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email }))
        await h.run(orga.acceptInvitation(adminUser, { organizationId, ...invitation }))
      }
      const [sent] = await h.run(
        orga.inviteMembers(principal, { organizationId: college, emails: ["prof@college.fr"], role: "MEMBER" })
      )
      await h.run(orga.acceptInvitation(teacher, { organizationId: college, ...sent! }))
      await h.run(
        orga.importSiecleFile(principal, {
          organizationId: college,
          fileName: "eleves.xml",
          bytes: fileOf("0331234X", students)
        })
      )
      // The lycée's file: Inès (same INE) and Hugo, in 2nde.
      await h.run(
        orga.importSiecleFile(proviseur, {
          organizationId: lycee,
          fileName: "eleves.xml",
          bytes: fileOf("0335678A", [students[0], students[1]], "2NDE1")
        })
      )
      for (const [key, actor, campaignName, extra] of [
        [
          "collecte",
          teacher,
          "Collecte des profils 3e",
          { externalIdLabel: "Numéro d'élève", externalIdType: "STRING" }
        ],
        ["rentree", teacher, "Rentrée numérique", {}],
        ["bilan", principal, "Bilan de fin d'année", {}],
        ["ancienne", principal, "Ancienne collecte", {}]
      ] as const) {
        const created = await h.run(
          orga.createCampaign(actor, {
            organizationId: college,
            name: campaignName,
            type: "PROFILES_COLLECTION",
            ...extra
          })
        )
        campaign[key] = created.campaignId
        code[key] = created.code
      }
      await h.run(orga.archiveCampaign(principal, { campaignId: campaign.ancienne! }))
      // Students 1-3 join the "collecte" (1 and 2 certifiable, 3 not); 4 and 5 join the "bilan" (4 certifiable).
      for (const [row, key, profile] of [
        [students[0], "collecte", certifiable],
        [students[1], "collecte", certifiable],
        [students[2], "collecte", notCertifiable],
        [students[3], "bilan", certifiable],
        [students[4], "bilan", notCertifiable]
      ] as const) {
        const joined = await h.run(
          orga.joinCampaign(studentUser(row), {
            code: code[key]!,
            ...identity(row),
            ...(key === "collecte" ? { participantExternalId: `EXT-${row.id}` } : {})
          })
        )
        participation[row.id] = joined.participationId
        await h.run(
          orga.shareProfile(studentUser(row), { participationId: joined.participationId, pixByCompetence: profile })
        )
      }
    })

    afterAll(async () => {
      await h.dispose()
      await cleanup()
    })

    const names = (list: ReadonlyArray<{ readonly name: string }>) => list.map((item) => item.name)

    it("the campaign list shows each owner's names and filters by tab, status, owner and name", async () => {
      const all = await h.run(orga.campaigns(teacher, college))
      expect(names(all)).toEqual([
        "Collecte des profils 3e",
        "Rentrée numérique",
        "Bilan de fin d'année",
        "Ancienne collecte"
      ])
      expect(all[0]).toMatchObject({ ownerFirstName: "Étienne", ownerLastName: "Lefèvre", participationsCount: 3 })
      expect(all[2]).toMatchObject({ ownerFirstName: "Claire", ownerLastName: "Martin" })
      expect(names(await h.run(orga.campaigns(teacher, college, { mine: true })))).toEqual([
        "Collecte des profils 3e",
        "Rentrée numérique"
      ])
      expect(names(await h.run(orga.campaigns(teacher, college, { status: "archived" })))).toEqual([
        "Ancienne collecte"
      ])
      expect(names(await h.run(orga.campaigns(teacher, college, { status: "active", ownerName: "martin" })))).toEqual([
        "Bilan de fin d'année"
      ])
      expect(names(await h.run(orga.campaigns(teacher, college, { ownerName: "lefevre etienne" })))).toHaveLength(2)
      expect(names(await h.run(orga.campaigns(teacher, college, { ownerId: "principal", name: "COLLECTE" })))).toEqual([
        "Ancienne collecte"
      ])
    })

    it("the learner list filters by certificability and connection method, and pages", async () => {
      const lastNames = (rows: ReadonlyArray<{ readonly lastName: string }>) => rows.map((row) => row.lastName)
      const all = await h.run(orga.learners(teacher, college))
      expect(lastNames(all)).toEqual(["ARNAUD", "BERNARD", "CAMARA", "DUBOIS", "ESTEVE", "FABRE"])
      expect(all.map((row) => row.connectionMethods)).toEqual([
        ["email"],
        ["email"],
        ["identifiant"],
        ["identifiant"],
        ["mediacentre"],
        []
      ])
      expect(lastNames(await h.run(orga.learners(teacher, college, { certificability: ["eligible"] })))).toEqual([
        "ARNAUD",
        "BERNARD",
        "DUBOIS"
      ])
      expect(
        lastNames(await h.run(orga.learners(teacher, college, { certificability: ["non-eligible", "not-available"] })))
      ).toEqual(["CAMARA", "ESTEVE", "FABRE"])
      expect(lastNames(await h.run(orga.learners(teacher, college, { connectionTypes: ["none"] })))).toEqual(["FABRE"])
      expect(
        lastNames(await h.run(orga.learners(teacher, college, { connectionTypes: ["identifiant", "mediacentre"] })))
      ).toEqual(["CAMARA", "DUBOIS", "ESTEVE"])
      expect(
        lastNames(
          await h.run(orga.learners(teacher, college, { connectionTypes: ["without_mediacentre"], divisions: ["3B"] }))
        )
      ).toEqual(["DUBOIS", "FABRE"])
      const first = await h.run(orga.learnersPage(teacher, college, { pageSize: 4 }))
      const second = await h.run(orga.learnersPage(teacher, college, { pageSize: 4, page: 2 }))
      expect(first.pagination).toEqual({ page: 1, pageSize: 4, rowCount: 6, pageCount: 2 })
      expect([...lastNames(first.learners), ...lastNames(second.learners)]).toEqual(lastNames(all))
      const past = await h.run(orga.learnersPage(teacher, college, { pageSize: 4, page: 3 }))
      expect(past).toEqual({ learners: [], pagination: { page: 3, pageSize: 4, rowCount: 6, pageCount: 2 } })
    })

    it("a member who does not own the campaign may not delete it or its participations; nothing changes", async () => {
      const member = await h.fail(
        orga.deleteCampaigns(teacher, { organizationId: college, campaignIds: [campaign.collecte!, campaign.bilan!] })
      )
      expect(member).toMatchObject({ _tag: "Forbidden", code: "INSUFFICIENT_PERMISSIONS" })
      const participationOfOthers = await h.fail(
        orga.deleteParticipation(teacher, { campaignId: campaign.bilan!, participationId: participation["4"]! })
      )
      expect(participationOfOthers).toMatchObject({ _tag: "Forbidden" })
      expect(await h.run(orga.campaigns(teacher, college))).toHaveLength(4)
    })

    it("deleting a participation removes the participant's results everywhere; deleting it twice is refused", async () => {
      await h.run(
        orga.deleteParticipation(principal, { campaignId: campaign.bilan!, participationId: participation["4"]! })
      )
      const results = await h.run(orga.campaignResults(principal, campaign.bilan!))
      expect(results.participants.map((row) => row.lastName)).toEqual(["ESTEVE"])
      const csv = [...(await h.run(orga.exportResults(principal, campaign.bilan!))).lines].join("")
      expect(csv).not.toContain("DUBOIS")
      expect(csv).toContain("ESTEVE")
      const dubois = (await h.run(orga.learners(principal, college))).find((row) => row.lastName === "DUBOIS")
      expect(dubois).toMatchObject({ participationCount: 0, certificability: "Non communiqué" })
      expect(await h.run(orga.myParticipations(studentUser(students[3])))).toEqual([])
      const again = await h.fail(
        orga.deleteParticipation(principal, { campaignId: campaign.bilan!, participationId: participation["4"]! })
      )
      expect(again).toMatchObject({ code: "CAMPAIGN_PARTICIPATION_DELETED" })
      const bilan = (await h.run(orga.campaigns(principal, college))).find((row) => row.campaignId === campaign.bilan)
      expect(bilan).toMatchObject({ participationsCount: 1, sharedParticipationsCount: 1 })
    })

    it("a batch naming a campaign of another organization deletes nothing", async () => {
      const lyceeCampaign = await h.run(
        orga.createCampaign(proviseur, { organizationId: lycee, name: "Collecte 2nde", type: "PROFILES_COLLECTION" })
      )
      campaign.lycee = lyceeCampaign.campaignId
      code.lycee = lyceeCampaign.code
      const error = await h.fail(
        orga.deleteCampaigns(principal, {
          organizationId: college,
          campaignIds: [campaign.collecte!, lyceeCampaign.campaignId]
        })
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", code: "CAMPAIGN_NOT_IN_ORGANIZATION" })
      expect(await h.run(orga.campaigns(principal, college))).toHaveLength(4)
    })

    it("deleting campaigns anonymises their participations in every read model and export", async () => {
      const deleted = await h.run(
        orga.deleteCampaigns(teacher, {
          organizationId: college,
          campaignIds: [campaign.collecte!, campaign.rentree!, campaign.collecte!]
        })
      )
      expect(deleted).toEqual({ campaignIds: [campaign.collecte, campaign.rentree], participationsDeleted: 3 })
      expect(names(await h.run(orga.campaigns(principal, college)))).toEqual([
        "Bilan de fin d'année",
        "Ancienne collecte"
      ])
      const gone: ReadonlyArray<Effect.Effect<unknown, Orga.OrgaError>> = [
        orga.campaignResults(principal, campaign.collecte!),
        orga.exportResults(principal, campaign.collecte!),
        orga.resultsByDivision(principal, campaign.collecte!)
      ]
      for (const query of gone) expect(await h.fail(query)).toMatchObject({ code: "CAMPAIGN_NOT_FOUND" })
      const learners = await h.run(orga.learners(principal, college))
      for (const lastName of ["ARNAUD", "BERNARD", "CAMARA"])
        expect(learners.find((row) => row.lastName === lastName)).toMatchObject({
          participationCount: 0,
          certificability: "Non communiqué"
        })
      expect(await h.run(orga.learners(principal, college, { certificability: ["eligible"] }))).toEqual([])
      const report = await h.run(orga.certificability(principal, college))
      expect(report.divisions.find((division) => division.division === "3A")?.certifiable).toEqual([])
      for (const row of students.slice(0, 3)) expect(await h.run(orga.myParticipations(studentUser(row)))).toEqual([])
      // The audit trail says who deleted what (one event per campaign, one per participation).
      const trail = (await h.run(orga.auditTrail(principal, college, { limit: 1000 }))).entries
      expect(trail.filter((entry) => entry.event === "CampaignDeleted")).toHaveLength(2)
      expect(trail.filter((entry) => entry.event === "ParticipationDeleted")).toHaveLength(4)
      // The deleted participations' own events name nobody any more; their deletion names who deleted.
      const onDeleted = trail.filter((entry) => entry.streamId.startsWith(`participation-${campaign.collecte}-`))
      expect(onDeleted.map((entry) => entry.event).sort()).toEqual(
        [
          ...Array(3).fill("ParticipationStarted"),
          ...Array(3).fill("ParticipationLinked"),
          ...Array(3).fill("ProfileShared"),
          ...Array(3).fill("ParticipationDeleted")
        ].sort()
      )
      for (const entry of onDeleted)
        expect(entry.actorId).toBe(entry.event === "ParticipationDeleted" ? "teacher" : null)
      // The participation kept in the "bilan" still names its participant.
      expect(
        trail.find(
          (entry) =>
            entry.streamId.includes(campaign.bilan!) &&
            entry.event === "ParticipationStarted" &&
            entry.actorId === "student-5"
        )
      ).toBeDefined()
      const again = await h.fail(
        orga.deleteCampaigns(principal, { organizationId: college, campaignIds: [campaign.collecte!] })
      )
      expect(again).toMatchObject({ code: "CAMPAIGN_ALREADY_DELETED" })
      const join = await h.fail(
        orga.joinCampaign(studentUser(students[4]), { code: code.collecte!, ...identity(students[4]) })
      )
      expect(join).toMatchObject({ code: "CAMPAIGN_NOT_FOUND" })
    })

    it("a student known in another school joins by his INE alone (§5.4.1)", async () => {
      const ines = studentUser(students[0])
      const joined = await h.run(orga.joinCampaign(ines, { code: code.lycee! }))
      const lyceeLearners = await h.run(orga.learners(proviseur, lycee))
      const learner = lyceeLearners.find((row) => row.lastName === "ARNAUD")
      expect(joined.learnerId).toBe(learner?.learnerId)
      expect(learner).toMatchObject({ isLinkedToAccount: true, participationCount: 1, connectionMethods: ["email"] })
    })

    it("a student not known elsewhere, or whose INE the school does not have, must type who he is", async () => {
      // CAMARA was linked at the collège, but the lycée has no learner of her INE.
      const unknownIne = await h.fail(orga.joinCampaign(studentUser(students[2]), { code: code.lycee! }))
      expect(unknownIne).toMatchObject({ code: "USER_COULD_NOT_BE_RECONCILED" })
      await h.run(orga.registerUser({ userId: "newcomer", firstName: "Hugo", lastName: "BERNARD", email: "h@b.fr" }))
      const newcomer = await h.fail(orga.joinCampaign(Orga.user("newcomer"), { code: code.lycee! }))
      expect(newcomer).toMatchObject({ code: "USER_COULD_NOT_BE_RECONCILED" })
      // Typed, he is judged as before (§5.4.2): Hugo's INE is linked to Hugo's account at the collège.
      const typed = await h.fail(
        orga.joinCampaign(Orga.user("newcomer"), { code: code.lycee!, ...identity(students[1]) })
      )
      expect(typed).toMatchObject({ code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" })
      // Hugo himself needs nothing but the code.
      const hugo = await h.run(orga.joinCampaign(studentUser(students[1]), { code: code.lycee! }))
      expect(hugo.learnerId).not.toBe("")
    })
  })
