/**
 * The import report for people, as a scenario run on every store: a file with a student of each skip reason
 * (left on a date, no INE, no class, only "Inactifs") shows each in the preview, the outcome and the history,
 * with names, classes and counts; an identical re-import appends no roster event but gets its history entry; a
 * refused file keeps its capped report; a file over 20 MB is an `UPLOAD_ERROR`; a re-delivered import answers its
 * first outcome, report included.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const uai = "0331234X"
const organizationId = "college-victor-hugo"
const principal = Orga.user("principal")

const { eleve, inDivision, validStudent } = SiecleTesting

/** Two students imported, and one of each reason to leave a student out. */
const document: SiecleTesting.SiecleDocument = {
  uai,
  schoolYear: "2026",
  eleves: [
    eleve("1", validStudent("1000000001A", { NOM_DE_FAMILLE: "ARNAUD", PRENOM: "Inès" })),
    eleve("2", validStudent("1000000002B", { NOM_DE_FAMILLE: "BERNARD", PRENOM: "Hugo", DATE_SORTIE: "03/11/2026" })),
    eleve("3", validStudent("x", { ID_NATIONAL: null, NOM_DE_FAMILLE: "CAMARA", PRENOM: "Awa" })),
    eleve("4", validStudent("1000000004D", { NOM_DE_FAMILLE: "DUBOIS", PRENOM: "Théo" })),
    eleve("5", validStudent("1000000005E", { NOM_DE_FAMILLE: "ESTEVE", PRENOM: "Lou" })),
    eleve("6", validStudent("1000000006F", { NOM_DE_FAMILLE: "FABRE", PRENOM: "Nina" }))
  ],
  structures: [
    inDivision("1", "3A"),
    inDivision("2", "4B"),
    inDivision("3", "6C"),
    { eleveId: "5", structures: [{ code: "Inactifs", type: "D" }] },
    inDivision("6", "3A")
  ]
}
const bytes = SiecleTesting.encode(SiecleTesting.render(document), "ISO-8859-15")

const expectedSkipped = [
  {
    reason: "LEFT",
    nationalStudentId: "1000000002B",
    lastName: "BERNARD",
    firstName: "Hugo",
    division: "4B",
    leftOn: "2026-11-03"
  },
  { reason: "NO_INE", nationalStudentId: null, lastName: "CAMARA", firstName: "Awa", division: "6C", leftOn: null },
  {
    reason: "NO_DIVISION",
    nationalStudentId: "1000000004D",
    lastName: "DUBOIS",
    firstName: "Théo",
    division: null,
    leftOn: null
  },
  {
    reason: "NO_DIVISION",
    nationalStudentId: "1000000005E",
    lastName: "ESTEVE",
    firstName: "Lou",
    division: "Inactifs",
    leftOn: null
  }
]
const expectedCounts = { left: 1, notArrived: 1, noDivision: 2 }

export const importReport = (
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

    beforeAll(async () => {
      const given = store()
      cleanup = given.cleanup
      h = harness(given.layer)
      orga = await h.orga()
      for (const [userId, firstName, lastName, email] of [
        [pixAdmin, "Pix", "Admin", "admin@pix.fr"],
        ["principal", "Claire", "Martin", "principal@college.fr"]
      ] as const)
        await h.run(orga.registerUser({ userId, firstName, lastName, email }))
      await h.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId,
          name: "Collège Victor Hugo",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const invitation = await h.run(
        orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "principal@college.fr" })
      )
      await h.run(
        orga.acceptInvitation(principal, {
          organizationId,
          invitationId: invitation.invitationId,
          code: invitation.code
        })
      )
    })

    afterAll(async () => {
      await h.dispose()
      await cleanup()
    })

    it("the preview lists each student left out, with the reason, names and class, and the counts", async () => {
      const preview = await h.run(
        orga.previewSiecleImport(principal, { organizationId, fileName: "eleves.xml", bytes })
      )
      expect(preview.studentsInFile).toBe(2)
      expect(preview.added.map((learner) => learner.lastName)).toEqual(["ARNAUD", "FABRE"])
      expect(preview.skipped).toEqual(expectedCounts)
      expect(preview.skippedStudents).toEqual(expectedSkipped)
    })

    it("the outcome and the history list them too", async () => {
      const outcome = await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "eleves.xml", bytes }))
      expect(outcome).toMatchObject({ status: "IMPORTED", added: 2, studentsInFile: 2, skipped: expectedCounts })
      expect(outcome.skippedStudents).toEqual(expectedSkipped)
      const history = await h.run(orga.importHistory(principal, organizationId))
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({
        fileName: "eleves.xml",
        schoolYear: "2026",
        status: "IMPORTED",
        importedBy: "principal",
        importedByName: "Claire Martin",
        counts: { imported: 2, disabled: 0, reenabled: 0 },
        skipped: expectedCounts
      })
      expect(history[0]?.skippedStudents).toEqual(expectedSkipped)
    })

    it("an identical re-import appends no roster event, and still gets its history entry (new date, who)", async () => {
      const learnersBefore = await h.run(orga.learners(principal, organizationId, { includeDisabled: true }))
      h.clock.advance(60_000)
      const again = await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "encore.xml", bytes }))
      expect(again).toMatchObject({ added: 0, updated: 0, disabled: 0, eventsAppended: 0, skipped: expectedCounts })
      expect(await h.run(orga.learners(principal, organizationId, { includeDisabled: true }))).toEqual(learnersBefore)
      const history = await h.run(orga.importHistory(principal, organizationId))
      expect(history.map((entry) => [entry.fileName, entry.status, entry.counts.imported])).toEqual([
        ["eleves.xml", "IMPORTED", 2],
        ["encore.xml", "IMPORTED", 0]
      ])
      expect(history[1]?.skippedStudents).toEqual(expectedSkipped)
    })

    it("a refused file keeps its capped report; a file over 20 MB is an UPLOAD_ERROR", async () => {
      const duplicated = SiecleTesting.encode(
        SiecleTesting.render({
          ...document,
          eleves: [...document.eleves, eleve("7", validStudent("1000000001A"))],
          structures: [...document.structures, inDivision("7", "3B")]
        }),
        "ISO-8859-15"
      )
      await h.fail(orga.importSiecleFile(principal, { organizationId, fileName: "double.xml", bytes: duplicated }))
      const huge = new Uint8Array(20 * 1024 * 1024 + 1)
      const tooLarge = await h.fail(
        orga.importSiecleFile(principal, { organizationId, fileName: "enorme.xml", bytes: huge })
      )
      expect(tooLarge).toMatchObject({ _tag: "SiecleImportFailed", errorCounts: { PAYLOAD_TOO_LARGE: 1 } })
      const history = await h.run(orga.importHistory(principal, organizationId))
      expect(
        history.slice(2).map((entry) => [entry.fileName, entry.status, entry.errorTotal, entry.errorCounts])
      ).toEqual([
        ["double.xml", "VALIDATION_ERROR", 1, { INE_UNIQUE: 1 }],
        ["enorme.xml", "UPLOAD_ERROR", 1, { PAYLOAD_TOO_LARGE: 1 }]
      ])
    })

    it("a re-delivered import (same command id) answers its first outcome, report included, and records nothing more", async () => {
      const options = { commandId: "import-rentree" }
      const input = { organizationId, fileName: "rentree.xml", bytes }
      const first = await h.run(orga.importSiecleFile(principal, input, options))
      const before = await h.run(orga.importHistory(principal, organizationId))
      const again = await h.run(orga.importSiecleFile(principal, input, options))
      expect(again).toEqual(first)
      expect(again.skippedStudents).toEqual(expectedSkipped)
      expect(await h.run(orga.importHistory(principal, organizationId))).toEqual(before)
    })
  })
