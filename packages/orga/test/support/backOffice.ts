/**
 * The back office's organizations and places, as a scenario run on every store: Pix Admin registers a school, gives
 * it places and switches the maximum on; students join until the school is full, and the next one is refused with
 * `MAXIMUM_PLACES_REACHED` (nothing written); a new lot lets him in. The school's staff asks for its administrator
 * invitation by UAI: it goes to the school's mailbox. Pix Admin lists and shows the organization, then archives it:
 * invitations cancelled, members out, campaigns archived, no new invitation.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const uai = "0331234X"
const organizationId = "college-jean-moulin"
const admin = Orga.user(pixAdmin)
const principal = Orga.user("principal")
const school = SiecleTesting.generateSchool({ seed: 7, students: 8, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")
const students = school.expected.students

export const backOffice = (
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
    let code = ""
    let campaignId = ""

    const join = (index: number) => {
      const student = students[index]!
      return orga.joinCampaign(Orga.user(`student-${index}`), {
        code,
        firstName: student.firstName,
        lastName: student.lastName,
        birthdate: student.birthdate
      })
    }
    const logSize = async () =>
      (await h.run(orga.auditTrail(principal, organizationId, { limit: 1000 }))).entries.length

    beforeAll(async () => {
      const given = store()
      cleanup = given.cleanup
      h = harness(given.layer)
      orga = await h.orga()
      await h.run(orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" }))
      await h.run(
        orga.registerUser({
          userId: "principal",
          firstName: "Claire",
          lastName: "Martin",
          email: "principal@college.fr"
        })
      )
      for (const index of [0, 1, 2, 3, 4])
        await h.run(
          orga.registerUser({
            userId: `student-${index}`,
            firstName: students[index]!.firstName,
            lastName: students[index]!.lastName,
            username: `eleve.${index}`
          })
        )
      await h.run(
        orga.registerOrganization(admin, {
          organizationId,
          name: "Collège Jean Moulin",
          type: "SCO",
          uai,
          isManagingStudents: true,
          contactEmail: "ce.0331234x@ac-bordeaux.fr"
        })
      )
      const invitation = await h.run(orga.inviteFirstAdmin(admin, { organizationId, email: "principal@college.fr" }))
      await h.run(orga.acceptInvitation(principal, { organizationId, ...invitation }))
      await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "eleves.xml", bytes }))
      const campaign = await h.run(
        orga.createCampaign(principal, { organizationId, name: "Collecte 3e", type: "PROFILES_COLLECTION" })
      )
      code = campaign.code
      campaignId = campaign.campaignId
    })

    afterAll(async () => {
      await h.dispose()
      await cleanup()
    })

    it("Pix Admin gives the school places; only the active lots count", async () => {
      await h.run(
        orga.addPlacesLot(admin, {
          organizationId,
          lotId: "lot-1",
          count: 2,
          category: "T1",
          reference: " DEVIS-2026-042 ",
          activationDate: "2026-09-01",
          expirationDate: "2027-08-31"
        })
      )
      await h.run(
        orga.addPlacesLot(admin, {
          organizationId,
          lotId: "lot-next-year",
          count: 100,
          category: "T0",
          reference: "DEVIS-2027",
          activationDate: "2027-09-01",
          expirationDate: "2028-08-31"
        })
      )
      await h.run(orga.setPlacesLimit(admin, { organizationId, enabled: true }))
      const places = await h.run(orga.places(principal, organizationId))
      expect(places).toMatchObject({ total: 2, occupied: 0, available: 2, limitEnabled: true })
      expect(places.hasReachedMaximumPlacesLimit).toBe(false)
      expect(places.lots.map((lot) => [lot.lotId, lot.reference, lot.statusLabel, lot.categoryLabel])).toEqual([
        ["lot-1", "DEVIS-2026-042", "Actif", "Tarif public"],
        ["lot-next-year", "DEVIS-2027", "À venir", "Gratuit"]
      ])
    })

    it("a lot Pix Admin's form refuses changes nothing", async () => {
      const before = await logSize()
      const error = await h.fail(
        orga.addPlacesLot(admin, {
          organizationId,
          count: 10,
          category: "T1",
          reference: "X",
          activationDate: "2026-09-01",
          expirationDate: "2026-08-01"
        })
      )
      expect(error).toMatchObject({
        _tag: "InvalidInput",
        code: "PLACES_EXPIRATION_BEFORE_ACTIVATION",
        message: "La date d'expiration doit être postérieure à la date d'activation."
      })
      expect(await logSize()).toBe(before)
    })

    it("a full school refuses the next student with MAXIMUM_PLACES_REACHED (2 places, Pix's 10 % tolerance)", async () => {
      for (const index of [0, 1, 2]) await h.run(join(index))
      const full = await h.run(orga.places(principal, organizationId))
      expect(full).toMatchObject({ total: 2, occupied: 3, available: 0, hasReachedMaximumPlacesLimit: true })
      const before = await logSize()
      const refused = await h.fail(join(3))
      expect(refused).toMatchObject({ _tag: "Forbidden", code: "MAXIMUM_PLACES_REACHED" })
      expect(await logSize()).toBe(before)
      const results = await h.run(orga.campaignResults(principal, campaignId))
      expect(results.participants).toHaveLength(3)
    })

    it("a new lot lets him in; switching the limit off lets anyone in", async () => {
      await h.run(
        orga.addPlacesLot(admin, {
          organizationId,
          lotId: "lot-2",
          count: 1,
          category: "T2bis",
          reference: "AVENANT-1",
          activationDate: "2026-09-14",
          expirationDate: "2027-08-31"
        })
      )
      await h.run(join(3))
      expect(await h.run(orga.places(principal, organizationId))).toMatchObject({ total: 3, occupied: 4 })
      await h.run(orga.deletePlacesLot(admin, { organizationId, lotId: "lot-2" }))
      expect((await h.fail(join(4))) as { code: string }).toMatchObject({ code: "MAXIMUM_PLACES_REACHED" })
      await h.run(orga.setPlacesLimit(admin, { organizationId, enabled: false }))
      await h.run(join(4))
      expect(await h.run(orga.places(principal, organizationId))).toMatchObject({
        total: 2,
        occupied: 5,
        hasReachedMaximumPlacesLimit: false
      })
    })

    it("the school's staff asks for its administrator invitation by UAI: it goes to the school's mailbox", async () => {
      const sent = await h.run(
        orga.sendScoInvitation(Orga.anonymous, { uai: " 0331234x ", firstName: "Paul", lastName: "Durand" })
      )
      expect(sent).toMatchObject({
        organizationId,
        organizationName: "Collège Jean Moulin",
        email: "ce.0331234x@ac-bordeaux.fr"
      })
      expect(Object.keys(sent)).not.toContain("code")
      const again = await h.run(
        orga.sendScoInvitation(Orga.anonymous, { uai: "0331234X", firstName: "Paul", lastName: "Durand" })
      )
      expect(again.invitationId).toBe(sent.invitationId)
      const invitations = await h.run(orga.invitations(principal, organizationId))
      expect(invitations.filter((invitation) => invitation.email === "ce.0331234x@ac-bordeaux.fr")).toMatchObject([
        { invitationId: sent.invitationId, role: "ADMIN" }
      ])
      const before = await logSize()
      expect(
        await h.fail(orga.sendScoInvitation(Orga.anonymous, { uai: "0339999Z", firstName: "Paul", lastName: "Durand" }))
      ).toMatchObject({
        _tag: "NotFound",
        code: "UAI_NOT_RECOGNIZED",
        message: "L'UAI/RNE 0339999Z de l'établissement n’est pas reconnu."
      })
      expect(await logSize()).toBe(before)
    })

    it("Pix Admin lists and shows the organization", async () => {
      const listed = await h.run(orga.organizationsForAdmin(admin, { name: "jean moulin" }))
      expect(listed).toMatchObject([
        { organizationId, name: "Collège Jean Moulin", uai, type: "SCO", membersCount: 1, archivedAt: null }
      ])
      expect(await h.run(orga.organizationsForAdmin(admin, { type: "PRO" }))).toEqual([])
      const details = await h.run(orga.organizationForAdmin(admin, organizationId))
      expect(details).toMatchObject({
        organizationId,
        contactEmail: "ce.0331234x@ac-bordeaux.fr",
        pendingInvitationsCount: 1,
        campaignsCount: 1,
        learnersCount: students.length,
        places: { total: 2, occupied: 5 }
      })
    })

    it("Pix Admin archives it: invitations cancelled, members out, campaigns archived; nothing more joins it", async () => {
      await h.run(orga.archiveOrganization(admin, { organizationId }))
      const details = await h.run(orga.organizationForAdmin(admin, organizationId))
      expect(details).toMatchObject({ membersCount: 0, pendingInvitationsCount: 0 })
      expect(details.archivedAt).not.toBeNull()
      expect(await h.run(orga.organizationsForAdmin(admin, { archived: true }))).toHaveLength(1)
      expect(await h.run(orga.organizationsForAdmin(admin, { archived: false }))).toHaveLength(0)
      expect(await h.fail(orga.archiveOrganization(admin, { organizationId }))).toMatchObject({
        code: "ORGANIZATION_ARCHIVED"
      })
      expect(
        await h.fail(orga.sendScoInvitation(Orga.anonymous, { uai, firstName: "Paul", lastName: "Durand" }))
      ).toMatchObject({ code: "ORGANIZATION_ARCHIVED" })
      expect(await h.fail(orga.campaigns(principal, organizationId))).toMatchObject({ _tag: "Forbidden" })
      expect(await h.fail(join(0))).toMatchObject({ code: "CAMPAIGN_ARCHIVED" })
    })
  })
