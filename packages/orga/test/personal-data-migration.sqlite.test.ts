/**
 * A SQLite log written before crypto-shredding (personal data in clear) is sealed in place by
 * `Sqlite.migratePersonalData`: stopped after one batch, then run again to the end, it leaves no student's name,
 * INE or birthdate in the file, the services answer as before, and a student can then be erased.
 */
import { readFileSync } from "node:fs"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { harness, pixAdmin, tempSqlite } from "./support/harness.ts"

const uai = "0331234X"
const organizationId = "org"
const principal = Orga.user("principal")
const school = SiecleTesting.generateSchool({ seed: 99, students: 40, uai, schoolYear: "2026" })
const students = school.expected.students
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")

describe("sealing a log written before crypto-shredding (SQLite)", () => {
  const file = tempSqlite()
  afterAll(() => file.cleanup())
  const raw = () => Buffer.concat([readFileSync(file.filename), readFileSync(`${file.filename}-wal`, { flag: "a+" })])
  const clue = (text: string) => Buffer.from(JSON.stringify(text))
  let before: unknown

  it("starts from a log with the students in clear", async () => {
    const h = harness(Sqlite.layer(file.filename, { durability: "normal", personalData: false }))
    try {
      const orga = await h.orga()
      for (const userId of [pixAdmin, "principal"])
        await h.run(orga.registerUser({ userId, firstName: "Claire", lastName: userId, email: `${userId}@x.fr` }))
      await h.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId,
          name: "C",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const invitation = await h.run(
        orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "principal@x.fr" })
      )
      await h.run(orga.acceptInvitation(principal, { organizationId, ...invitation }))
      await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "e.xml", bytes }))
      before = await h.run(orga.learners(principal, organizationId))
    } finally {
      await h.dispose()
    }
    expect(raw().includes(Buffer.from(students[0]!.nationalStudentId))).toBe(true)
  })

  it("stops after a batch when told to, and goes on from its checkpoint when run again", async () => {
    const first = await Effect.runPromise(Sqlite.migratePersonalData(file.filename, { batchSize: 10, maxBatches: 1 }))
    expect(first).toMatchObject({ scanned: 10, checkpoint: 10n })
    const rest = await Effect.runPromise(Sqlite.migratePersonalData(file.filename, { batchSize: 10 }))
    expect(rest.scanned).toBeGreaterThan(students.length - 10)
    expect(first.sealed + rest.sealed).toBeGreaterThanOrEqual(students.length)
    const again = await Effect.runPromise(Sqlite.migratePersonalData(file.filename))
    expect(again).toMatchObject({ scanned: 0, sealed: 0 })
  })

  it("leaves no student's names, INE or birthdate in the file; the services answer as before; erasure works", async () => {
    const bytesNow = raw()
    for (const student of students.slice(0, 10)) {
      expect(bytesNow.includes(Buffer.from(student.nationalStudentId))).toBe(false)
      expect(bytesNow.includes(Buffer.from(student.birthdate))).toBe(false)
      expect(bytesNow.includes(clue(student.lastName))).toBe(false)
    }
    const h = harness(Sqlite.layer(file.filename, { durability: "normal" }))
    try {
      const orga = await h.orga()
      const learners = await h.run(orga.learners(principal, organizationId))
      expect(learners).toEqual(before)
      await h.run(orga.eraseLearner(Orga.user(pixAdmin), { organizationId, learnerId: learners[0]!.learnerId }))
      const after = await h.run(orga.learners(principal, organizationId))
      expect(after.find((learner) => learner.learnerId === learners[0]!.learnerId)?.lastName).toBe("effacé")
    } finally {
      await h.dispose()
    }
  })
})
