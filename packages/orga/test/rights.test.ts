/**
 * The rights table (§3.2): every use case × anonymous, outsider, member of another organization, member,
 * campaign owner, admin. Each cell runs in a fresh world (memory store) so no cell sees another's effects.
 * "allowed" means the use case succeeds; a refused cell fails with `Forbidden` (`UNAUTHENTICATED` for the
 * anonymous actor), except leaving an organization one does not belong to, which is `NotFound`.
 */
import { TargetProfileCatalogue } from "@orga/domain"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Stores from "../src/Stores.ts"
import { harness, pixAdmin } from "./support/harness.ts"

type ActorName = "anonymous" | "outsider" | "otherOrgMember" | "member" | "owner" | "admin"
const actorNames: ReadonlyArray<ActorName> = ["anonymous", "outsider", "otherOrgMember", "member", "owner", "admin"]
const actorOf = (name: ActorName): Orga.OrgaActor => (name === "anonymous" ? Orga.anonymous : Orga.user(name))

const uai = "0331234X"
const school = SiecleTesting.generateSchool({ seed: 11, students: 12, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")
const student = school.expected.students[0]!
const participant = school.expected.students[1]!

interface World {
  readonly orga: Orga.OrgaShape
  readonly campaignId: string
  readonly code: string
  readonly invitationId: string
  readonly participationId: string
}

const setup = async () => {
  const h = harness(Stores.memory)
  const orga = await h.orga()
  const as = (userId: string) => Orga.user(userId)
  for (const userId of [
    pixAdmin,
    "admin",
    "admin2",
    "member",
    "member2",
    "owner",
    "outsider",
    "otherOrgMember",
    "student",
    "participant"
  ])
    await h.run(
      orga.registerUser({ userId, firstName: userId, lastName: "Test", email: `${userId.toLowerCase()}@test.fr` })
    )
  for (const [organizationId, name] of [
    ["org", "Collège A"],
    ["other", "Collège B"]
  ] as const)
    await h.run(
      orga.registerOrganization(as(pixAdmin), {
        organizationId,
        name,
        type: "SCO",
        uai: organizationId === "org" ? uai : "0339999Z",
        isManagingStudents: true,
        contactEmail: organizationId === "org" ? "ce.0331234x@ac-bordeaux.fr" : null
      })
    )
  const first = await h.run(orga.inviteFirstAdmin(as(pixAdmin), { organizationId: "org", email: "admin@test.fr" }))
  await h.run(orga.acceptInvitation(as("admin"), { organizationId: "org", ...first }))
  const otherFirst = await h.run(
    orga.inviteFirstAdmin(as(pixAdmin), { organizationId: "other", email: "otherorgmember@test.fr" })
  )
  await h.run(orga.acceptInvitation(as("otherOrgMember"), { organizationId: "other", ...otherFirst }))
  const sent = await h.run(
    orga.inviteMembers(as("admin"), {
      organizationId: "org",
      emails: ["member@test.fr", "member2@test.fr", "owner@test.fr"],
      role: "MEMBER"
    })
  )
  for (const [index, userId] of ["member", "member2", "owner"].entries())
    await h.run(orga.acceptInvitation(as(userId), { organizationId: "org", ...sent[index]! }))
  const [second] = await h.run(
    orga.inviteMembers(as("admin"), { organizationId: "org", emails: ["admin2@test.fr"], role: "ADMIN" })
  )
  await h.run(orga.acceptInvitation(as("admin2"), { organizationId: "org", ...second! }))
  const [pending] = await h.run(
    orga.inviteMembers(as("admin"), { organizationId: "org", emails: ["someone@test.fr"], role: null })
  )
  await h.run(orga.importSiecleFile(as("admin"), { organizationId: "org", fileName: "eleves.xml", bytes }))
  const campaign = await h.run(
    orga.createCampaign(as("owner"), { organizationId: "org", name: "Collecte", type: "PROFILES_COLLECTION" })
  )
  for (const definition of TargetProfileCatalogue.definitions)
    await h.run(orga.createTargetProfile(as(pixAdmin), { definition }))
  await h.run(orga.attachTargetProfile(as(pixAdmin), { organizationId: "org", targetProfileId: "tp-college-3e" }))
  // A participation the deletion rows delete (another student than the one the join row types).
  const joined = await h.run(
    orga.joinCampaign(as("participant"), {
      code: campaign.code,
      firstName: participant.firstName,
      lastName: participant.lastName,
      birthdate: participant.birthdate
    })
  )
  const world: World = {
    orga,
    campaignId: campaign.campaignId,
    code: campaign.code,
    invitationId: pending!.invitationId,
    participationId: joined.participationId
  }
  return { h, world }
}

type UseCase = (world: World, actor: Orga.OrgaActor) => Effect.Effect<unknown, Orga.OrgaError>

const members: ReadonlyArray<ActorName> = ["member", "owner", "admin"]
const admins: ReadonlyArray<ActorName> = ["admin"]
const ownerOrAdmin: ReadonlyArray<ActorName> = ["owner", "admin"]
const nobody: ReadonlyArray<ActorName> = []
const logged: ReadonlyArray<ActorName> = ["outsider", "otherOrgMember", "member", "owner", "admin"]

const table: ReadonlyArray<readonly [string, ReadonlyArray<ActorName>, UseCase]> = [
  [
    "registerOrganization (Pix Admin only)",
    nobody,
    (w, a) => w.orga.registerOrganization(a, { name: "C", type: "SCO", uai: "0330000A", isManagingStudents: true })
  ],
  [
    "inviteFirstAdmin (Pix Admin only)",
    nobody,
    (w, a) => w.orga.inviteFirstAdmin(a, { organizationId: "other", email: "x@test.fr" })
  ],
  ["acceptPixOrgaTerms (oneself)", logged, (w, a) => w.orga.acceptPixOrgaTerms(a)],
  ["logIntoOrga", ["otherOrgMember", "member", "owner", "admin"], (w, a) => w.orga.logIntoOrga(a)],
  ["organization", members, (w, a) => w.orga.organization(a, "org")],
  ["members", members, (w, a) => w.orga.members(a, "org")],
  ["invitations", admins, (w, a) => w.orga.invitations(a, "org")],
  [
    "inviteMembers",
    admins,
    (w, a) => w.orga.inviteMembers(a, { organizationId: "org", emails: ["new@test.fr"], role: "MEMBER" })
  ],
  [
    "resendInvitation",
    admins,
    (w, a) => w.orga.resendInvitation(a, { organizationId: "org", invitationId: w.invitationId })
  ],
  [
    "cancelInvitation",
    admins,
    (w, a) => w.orga.cancelInvitation(a, { organizationId: "org", invitationId: w.invitationId })
  ],
  [
    "changeMemberRole",
    admins,
    (w, a) => w.orga.changeMemberRole(a, { organizationId: "org", userId: "member2", role: "ADMIN" })
  ],
  ["removeMember", admins, (w, a) => w.orga.removeMember(a, { organizationId: "org", userId: "member2" })],
  ["leaveOrganization", members, (w, a) => w.orga.leaveOrganization(a, { organizationId: "org" })],
  [
    "setCollectionDeadline",
    admins,
    (w, a) => w.orga.setCollectionDeadline(a, { organizationId: "org", schoolYear: "2026", deadline: "2027-04-07" })
  ],
  [
    "previewSiecleImport",
    admins,
    (w, a) => w.orga.previewSiecleImport(a, { organizationId: "org", fileName: "e.xml", bytes })
  ],
  [
    "importSiecleFile",
    admins,
    (w, a) => w.orga.importSiecleFile(a, { organizationId: "org", fileName: "e.xml", bytes })
  ],
  ["learners", members, (w, a) => w.orga.learners(a, "org")],
  ["divisions", members, (w, a) => w.orga.divisions(a, "org")],
  ["importHistory", members, (w, a) => w.orga.importHistory(a, "org")],
  [
    "createCampaign",
    members,
    (w, a) => w.orga.createCampaign(a, { organizationId: "org", name: "N", type: "PROFILES_COLLECTION" })
  ],
  ["updateCampaign", ownerOrAdmin, (w, a) => w.orga.updateCampaign(a, { campaignId: w.campaignId, name: "Renommée" })],
  ["archiveCampaign", ownerOrAdmin, (w, a) => w.orga.archiveCampaign(a, { campaignId: w.campaignId })],
  ["campaigns", members, (w, a) => w.orga.campaigns(a, "org")],
  ["campaignResults", members, (w, a) => w.orga.campaignResults(a, w.campaignId)],
  ["resultsByDivision", members, (w, a) => w.orga.resultsByDivision(a, w.campaignId)],
  ["exportResults", members, (w, a) => w.orga.exportResults(a, w.campaignId)],
  ["certificability", members, (w, a) => w.orga.certificability(a, "org")],
  [
    "whyRefused",
    members,
    (w, a) => w.orga.whyRefused(a, "org", { firstName: "A", lastName: "B", birthdate: "2012-01-01" })
  ],
  ["auditTrail", admins, (w, a) => w.orga.auditTrail(a, "org")],
  // A student use case: any logged user may try to join with his own identity (reconciliation decides);
  // here every logged actor types the identity of a real student, so the first to try is linked.
  [
    "joinCampaign",
    logged,
    (w, a) =>
      w.orga.joinCampaign(a, {
        code: w.code,
        firstName: student.firstName,
        lastName: student.lastName,
        birthdate: student.birthdate
      })
  ],
  [
    "eraseLearner (Pix Admin only)",
    nobody,
    (w, a) => w.orga.eraseLearner(a, { organizationId: "org", learnerId: "learner-1" })
  ],
  ["eraseUser (Pix Admin only)", nobody, (w, a) => w.orga.eraseUser(a, { userId: "student" })],
  [
    "learnerData (Pix Admin only)",
    nobody,
    (w, a) => w.orga.learnerData(a, { organizationId: "org", learnerId: "learner-1" })
  ],
  ["userData (Pix Admin only)", nobody, (w, a) => w.orga.userData(a, { userId: "student" })],
  ["applyRetention (Pix Admin only)", nobody, (w, a) => w.orga.applyRetention(a, {}, { dryRun: true })],
  [
    "setOrganizationFeature (Pix Admin only)",
    nobody,
    (w, a) =>
      w.orga.setOrganizationFeature(a, { organizationId: "org", feature: "MULTIPLE_SENDING_ASSESSMENT", enabled: true })
  ],
  ["organizationFeatures", members, (w, a) => w.orga.organizationFeatures(a, "org")],
  [
    "createTargetProfile (Pix Admin only)",
    nobody,
    (w, a) => w.orga.createTargetProfile(a, { definition: { ...TargetProfileCatalogue.lycee2nde, id: "tp-new" } })
  ],
  [
    "attachTargetProfile (Pix Admin only)",
    nobody,
    (w, a) => w.orga.attachTargetProfile(a, { organizationId: "org", targetProfileId: "tp-lycee-2nde" })
  ],
  [
    "detachTargetProfile (Pix Admin only)",
    nobody,
    (w, a) => w.orga.detachTargetProfile(a, { organizationId: "org", targetProfileId: "tp-college-3e" })
  ],
  ["availableTargetProfiles", members, (w, a) => w.orga.availableTargetProfiles(a, "org")],
  ["archiveOrganization (Pix Admin only)", nobody, (w, a) => w.orga.archiveOrganization(a, { organizationId: "org" })],
  ["organizationsForAdmin (Pix Admin only)", nobody, (w, a) => w.orga.organizationsForAdmin(a)],
  ["organizationForAdmin (Pix Admin only)", nobody, (w, a) => w.orga.organizationForAdmin(a, "org")],
  [
    "addPlacesLot (Pix Admin only)",
    nobody,
    (w, a) =>
      w.orga.addPlacesLot(a, {
        organizationId: "org",
        count: 30,
        category: "T1",
        reference: "DEVIS-1",
        activationDate: "2026-09-01",
        expirationDate: "2027-08-31"
      })
  ],
  [
    "deletePlacesLot (Pix Admin only)",
    nobody,
    (w, a) => w.orga.deletePlacesLot(a, { organizationId: "org", lotId: "l1" })
  ],
  [
    "setPlacesLimit (Pix Admin only)",
    nobody,
    (w, a) => w.orga.setPlacesLimit(a, { organizationId: "org", enabled: true })
  ],
  ["places", members, (w, a) => w.orga.places(a, "org")],
  // Public (no login): the invitation goes to the school's own mailbox, whoever asks.
  [
    "sendScoInvitation (public)",
    ["anonymous", ...logged],
    (w, a) => w.orga.sendScoInvitation(a, { uai, firstName: "Paul", lastName: "Durand" })
  ],
  ["campaignAnalysis", members, (w, a) => w.orga.campaignAnalysis(a, w.campaignId)],
  ["campaignAnalysis of one class", members, (w, a) => w.orga.campaignAnalysis(a, w.campaignId, { division: "3A" })],
  ["campaignActivity", members, (w, a) => w.orga.campaignActivity(a, w.campaignId)],
  ["resultsPage", members, (w, a) => w.orga.resultsPage(a, w.campaignId, { page: 1, size: 10, search: "a" })],
  [
    "participantDetail (of a student who joined)",
    members,
    (w, a) =>
      Effect.flatMap(
        w.orga.joinCampaign(Orga.user("student"), {
          code: w.code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        }),
        (joined) => w.orga.participantDetail(a, w.campaignId, joined.participationId)
      )
  ],
  [
    "learnersPage",
    members,
    (w, a) => w.orga.learnersPage(a, "org", { certificability: ["not-available"], page: 1, pageSize: 10 })
  ],
  ["campaigns (filtered)", members, (w, a) => w.orga.campaigns(a, "org", { mine: true, status: "active" })],
  [
    "deleteCampaigns (the owner of every one, or an admin)",
    ownerOrAdmin,
    (w, a) => w.orga.deleteCampaigns(a, { organizationId: "org", campaignIds: [w.campaignId] })
  ],
  [
    "deleteParticipation (the campaign's owner, or an admin)",
    ownerOrAdmin,
    (w, a) => w.orga.deleteParticipation(a, { campaignId: w.campaignId, participationId: w.participationId })
  ],
  // The admin previews; the actor confirms (a preview is its author's: another admin is refused it as unknown).
  [
    "confirmSiecleImport",
    ["admin"],
    (w, a) =>
      Effect.flatMap(
        w.orga.previewSiecleImport(Orga.user("admin"), { organizationId: "org", fileName: "e.xml", bytes }),
        (preview) => w.orga.confirmSiecleImport(a, { organizationId: "org", previewId: preview.previewId })
      )
  ],
  // The student joins (his learner linked to his e-mail account), then the actor adds him a username.
  [
    "addUsername",
    members,
    (w, a) =>
      Effect.flatMap(
        w.orga.joinCampaign(Orga.user("student"), {
          code: w.code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        }),
        (joined) => w.orga.addUsername(a, { organizationId: "org", learnerId: joined.learnerId })
      )
  ],
  ["auditTrail before a cursor", admins, (w, a) => w.orga.auditTrail(a, "org", { limit: 5, before: "1000" })]
]

describe("rights: every use case × every kind of actor", () => {
  for (const [name, allowed, run] of table) {
    describe(name, () => {
      for (const actorName of actorNames) {
        const expected = allowed.includes(actorName) ? "allowed" : "refused"
        it(`${actorName}: ${expected}`, async () => {
          const { h, world } = await setup()
          try {
            const effect = run(world, actorOf(actorName))
            if (expected === "allowed") await h.run(effect)
            else {
              const error = (await h.fail(effect)) as { _tag: string; code: string }
              // Leaving an organization one is not a member of is "membership not found" in the domain.
              expect(error._tag).toBe(
                name === "leaveOrganization" && actorName !== "anonymous" ? "NotFound" : "Forbidden"
              )
              if (actorName === "anonymous") expect(error.code).toBe("UNAUTHENTICATED")
            }
          } finally {
            await h.dispose()
          }
        })
      }
    })
  }

  it("Pix Admin may do what the back office offers, and read an organization's features and profiles", async () => {
    const { h, world } = await setup()
    try {
      const admin = Orga.user(pixAdmin)
      await h.run(
        world.orga.setOrganizationFeature(admin, {
          organizationId: "org",
          feature: "MULTIPLE_SENDING_ASSESSMENT",
          enabled: true
        })
      )
      expect(await h.run(world.orga.organizationFeatures(admin, "org"))).toEqual(["MULTIPLE_SENDING_ASSESSMENT"])
      await h.run(world.orga.attachTargetProfile(admin, { organizationId: "org", targetProfileId: "tp-lycee-2nde" }))
      await h.run(world.orga.detachTargetProfile(admin, { organizationId: "org", targetProfileId: "tp-college-3e" }))
      expect((await h.run(world.orga.availableTargetProfiles(admin, "org"))).map((p) => p.targetProfileId)).toEqual([
        "tp-socle",
        "tp-lycee-2nde"
      ])
    } finally {
      await h.dispose()
    }
  })

  it("participation use cases are the participant's own: anyone else is refused", async () => {
    const { h, world } = await setup()
    try {
      const student_ = Orga.user("student")
      const joined = await h.run(
        world.orga.joinCampaign(student_, {
          code: world.code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        })
      )
      for (const actorName of actorNames) {
        const error = (await h.fail(
          world.orga.shareProfile(actorOf(actorName), { participationId: joined.participationId, pixByCompetence: {} })
        )) as { _tag: string }
        expect(error._tag).toBe("Forbidden")
      }
      await h.run(
        world.orga.shareProfile(student_, { participationId: joined.participationId, pixByCompetence: { "1.1": 8 } })
      )
    } finally {
      await h.dispose()
    }
  })
})
