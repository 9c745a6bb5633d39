/**
 * A PostgreSQL log written before crypto-shredding is sealed in place by `Postgres.migratePersonalData`: stopped
 * after one batch, then run to the end, its events table holds no student's INE or birthdate, the services answer
 * as before, and a student can then be erased.
 */
import { PostgresEventStore } from "@orga/event-store-postgres"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { describe, expect, inject, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Postgres from "../src/stores/Postgres.ts"
import { harness, pixAdmin } from "./support/harness.ts"

const uai = "0331234X"
const organizationId = "org"
const principal = Orga.user("principal")
const school = SiecleTesting.generateSchool({ seed: 98, students: 30, uai, schoolYear: "2026" })
const students = school.expected.students
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")

describe("sealing a log written before crypto-shredding (PostgreSQL)", () => {
  const url = inject("databaseUrl")
  const schema = `orga_migration_${process.pid}_${Date.now()}`
  const eventsText = () =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* PostgresEventStore.make({ connectionString: url, schema })
          const rows = yield* Effect.promise(() => store.pool.query(`SELECT data::text AS data FROM ${schema}.events`))
          return rows.rows.map((row: { data: string }) => row.data).join("\n")
        })
      )
    )

  it("seals the students in place, resumably; the services answer as before; erasure then works", async () => {
    let before: unknown
    const clear = harness(Postgres.layer(url, schema, { personalData: false }))
    try {
      const orga = await clear.orga()
      for (const userId of [pixAdmin, "principal"])
        await clear.run(orga.registerUser({ userId, firstName: "Claire", lastName: userId, email: `${userId}@x.fr` }))
      await clear.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId,
          name: "C",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const invitation = await clear.run(
        orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "principal@x.fr" })
      )
      await clear.run(orga.acceptInvitation(principal, { organizationId, ...invitation }))
      await clear.run(orga.importSiecleFile(principal, { organizationId, fileName: "e.xml", bytes }))
      before = await clear.run(orga.learners(principal, organizationId))
    } finally {
      await clear.dispose()
    }
    expect(await eventsText()).toContain(students[0]!.nationalStudentId)
    const first = await Effect.runPromise(Postgres.migratePersonalData(url, schema, { batchSize: 10, maxBatches: 1 }))
    expect(first).toMatchObject({ scanned: 10, checkpoint: 10n })
    const rest = await Effect.runPromise(Postgres.migratePersonalData(url, schema, { batchSize: 10 }))
    expect(first.sealed + rest.sealed).toBeGreaterThanOrEqual(students.length)
    const text = await eventsText()
    for (const student of students) {
      expect(text).not.toContain(student.nationalStudentId)
      expect(text).not.toContain(student.birthdate)
    }
    const h = harness(Postgres.layer(url, schema))
    try {
      const orga = await h.orga()
      const learners = await h.run(orga.learners(principal, organizationId))
      expect(learners).toEqual(before)
      await h.run(orga.eraseLearner(Orga.user(pixAdmin), { organizationId, learnerId: learners[0]!.learnerId }))
      expect(
        (await h.run(orga.learners(principal, organizationId))).find((l) => l.learnerId === learners[0]!.learnerId)
          ?.lastName
      ).toBe("effacé")
    } finally {
      await h.dispose()
    }
  }, 120_000)
})
