/**
 * A changed stored shape does not cost the start-up rebuild its fast path: the store's replay pages carry data
 * without versions, and the codec brings it up by shape (`upcastUnversioned`). Here a refused import written as
 * version 1 (its errors, no counts) is read, after a restart on SQLite's replay pages, with its counts.
 */
import { EventStore, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { afterAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import { harness, pixAdmin, sqliteStore, tempSqlite } from "./support/harness.ts"

describe("a version 1 event in the log, rebuilt from replay pages (SQLite)", () => {
  const file = tempSqlite()
  const admin = "admin-claire"
  afterAll(() => file.cleanup())

  it("folds the refused import with the counts its version 2 carries", async () => {
    const first = harness(sqliteStore(file.filename), { idPrefix: "first" })
    const { organizationId } = await first.run(
      Effect.gen(function* () {
        const orga = yield* Orga.all
        const { organizationId } = yield* orga.registerOrganization(Orga.user(pixAdmin), {
          name: "Collège Jean Moulin",
          type: "SCO",
          uai: "0331234X",
          isManagingStudents: true
        })
        // Its first administrator, who reads the import history.
        yield* orga.registerUser({ userId: admin, firstName: "Claire", lastName: "Martin", email: "claire@college.fr" })
        yield* orga.acceptPixOrgaTerms(Orga.user(admin))
        const invitation = yield* orga.inviteFirstAdmin(Orga.user(pixAdmin), {
          organizationId,
          email: "claire@college.fr"
        })
        yield* orga.acceptInvitation(Orga.user(admin), {
          organizationId,
          invitationId: invitation.invitationId,
          code: invitation.code
        })
        return { organizationId }
      })
    )
    await first.dispose()
    // Written by a release that knew only version 1: the whole list of errors, no counts, no schemaVersion.
    const error = (code: string) => ({ code, message: "Erreur.", meta: {} })
    await Effect.runPromise(
      Effect.flatMap(EventStore.EventStore, (store) =>
        store.append([
          {
            streamId: `siecle-imports-${organizationId}`,
            expectedVersion: ExpectedVersion.any,
            events: [
              {
                id: "old-refusal",
                type: "SiecleImportRejected",
                data: {
                  _tag: "SiecleImportRejected",
                  organizationId,
                  fileName: "eleves.xml",
                  schoolYear: "2026",
                  errors: [error("INE_REQUIRED"), error("INE_REQUIRED"), error("BIRTHDATE_REQUIRED")],
                  actorId: pixAdmin,
                  occurredAt: "2026-09-14T09:00:00.000Z"
                },
                metadata: { organizationId }
              }
            ]
          }
        ])
      ).pipe(Effect.provide(sqliteStore(file.filename)))
    )
    const restarted = harness(sqliteStore(file.filename), { idPrefix: "second" })
    try {
      const history = await restarted.run(
        Effect.flatMap(Orga.all, (orga) => orga.importHistory(Orga.user(admin), organizationId))
      )
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({
        status: "VALIDATION_ERROR",
        errorCounts: { INE_REQUIRED: 2, BIRTHDATE_REQUIRED: 1 },
        errorTotal: 3
      })
    } finally {
      await restarted.dispose()
    }
  })
})
