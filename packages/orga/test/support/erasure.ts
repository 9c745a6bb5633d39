/**
 * Erasing a student, as a scenario run on every store that keeps bytes (SQLite, PostgreSQL): a school imports its
 * students, two of them join a collection and an assessment and share; Pix Admin exports one student's data, then
 * erases them. The raw bytes of the store hold no student's names, INE or birthdate in clear (the other students'
 * only as ciphertext, which the services read back), the destroyed key is gone from the bytes, the erased student
 * is counted but not named in the results, the CSV export, the certificability report and the audit trail, and a
 * restart (a full rebuild) answers the same; bad inputs are typed French refusals that change nothing.
 */
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ReadModels from "../../src/internal/ReadModels.ts"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

/**
 * A store under test: a fresh layer over the same database each call (a restart), and its raw bytes.
 */
export interface ErasureStore {
  readonly layer: () => Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
  /** Every byte the store keeps (files, write-ahead log, every table), at the time of the call. */
  readonly bytes: () => Promise<Buffer>
  /** The stored (wrapped) key of a subject, as the key table holds it. */
  readonly wrappedKey: (subject: string) => Promise<Buffer | null | undefined>
  /** The read-model snapshots the store holds (ADR 0056): the layer writes them often, so one predates the erasure. */
  readonly snapshots: () => Promise<ReadonlyArray<{ readonly position: bigint; readonly keySubject: string | null }>>
  readonly cleanup: () => Promise<void>
  /**
   * The store keeps the read-model tables (`ReadModelTables`), whose rows hold everyone's data in clear: only the
   * erased subject's data must be gone from the bytes (`bytes` waits for the tables to reach the log's head).
   */
  readonly clearTables?: boolean
  /**
   * The instance writes read-model snapshots (default): an instance serving from the read-model tables writes none,
   * and the scenario then checks no snapshot.
   */
  readonly writesSnapshots?: boolean
}

const uai = "0331234X"
const user = Orga.user

const csvOf = (file: { readonly lines: Iterable<string> }) => [...file.lines].join("")

const quoted = (text: string) => Buffer.from(JSON.stringify(text))

export const erasureScenario = (name: string, store: () => ErasureStore) =>
  describe(name, () => {
    let given: ErasureStore
    let h: Harness
    let orga: Orga.OrgaShape
    const organizationId = "college-effacement"
    const principal = user("principal")
    const admin = user(pixAdmin)
    const school = SiecleTesting.generateSchool({ seed: 4242, students: 30, uai, schoolYear: "2026" })
    const students = school.expected.students
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const [erased, kept] = [students[0]!, students[1]!]
    let erasedId = ""
    let keptId = ""
    let collection = { campaignId: "", code: "" }
    let assessment = { campaignId: "", code: "" }
    let erasedAssessment = ""

    // What a person would search the bytes for: names (as stored, JSON strings), INE and birthdate.
    const clues = (student: (typeof students)[number]) => [
      quoted(student.firstName),
      quoted(student.lastName),
      Buffer.from(student.nationalStudentId),
      Buffer.from(student.birthdate)
    ]

    beforeAll(async () => {
      given = store()
      h = harness(given.layer())
      orga = await h.orga()
      for (const [userId, firstName, lastName, email] of [
        [pixAdmin, "Pix", "Admin", "admin@pix.fr"],
        ["principal", "Claire", "Martin", "principal@college.fr"],
        ["student-erased", erased.firstName, erased.lastName, "eleve.efface@mail.fr"],
        ["student-kept", kept.firstName, kept.lastName, "eleve.garde@mail.fr"]
      ] as const)
        await h.run(orga.registerUser({ userId, firstName, lastName, email }))
      await h.run(
        orga.registerOrganization(admin, {
          organizationId,
          name: "Collège",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const invitation = await h.run(orga.inviteFirstAdmin(admin, { organizationId, email: "principal@college.fr" }))
      await h.run(
        orga.acceptInvitation(principal, {
          organizationId,
          invitationId: invitation.invitationId,
          code: invitation.code
        })
      )
      await h.run(orga.acceptPixOrgaTerms(principal))
      await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "eleves.xml", bytes }))
      const learners = await h.run(orga.learners(principal, organizationId))
      erasedId = learners.find((learner) => learner.nationalStudentId === erased.nationalStudentId)!.learnerId
      keptId = learners.find((learner) => learner.nationalStudentId === kept.nationalStudentId)!.learnerId
      collection = await h.run(
        orga.createCampaign(principal, { organizationId, name: "Collecte", type: "PROFILES_COLLECTION" })
      )
      assessment = await h.run(
        orga.createCampaign(principal, {
          organizationId,
          name: "Évaluation",
          type: "ASSESSMENT",
          targetProfileId: "tp-socle"
        })
      )
      for (const [userId, student] of [
        ["student-erased", erased],
        ["student-kept", kept]
      ] as const) {
        const identity = { firstName: student.firstName, lastName: student.lastName, birthdate: student.birthdate }
        const joined = await h.run(orga.joinCampaign(user(userId), { code: collection.code, ...identity }))
        await h.run(
          orga.shareProfile(user(userId), {
            participationId: joined.participationId,
            pixByCompetence: { "1.1": 16, "1.2": 8, "2.1": 9, "3.4": 12, "5.2": 8 }
          })
        )
        const started = await h.run(orga.joinCampaign(user(userId), { code: assessment.code, ...identity }))
        if (userId === "student-erased") erasedAssessment = started.participationId
      }
    }, 120_000)

    afterAll(async () => {
      await h.dispose()
      await given.cleanup()
    })

    it("stores no student's names, INE or birthdate in clear, before any erasure", async () => {
      const raw = await given.bytes()
      expect(raw.includes(Buffer.from('"$personal"'))).toBe(true)
      // The tables keep the partitions' keys in clear: the school's row is there.
      if (given.clearTables === true) expect(raw.includes(Buffer.from(`org:${organizationId}`))).toBe(true)
      else
        for (const student of students.slice(0, 10))
          for (const clue of clues(student)) expect(raw.includes(clue), clue.toString()).toBe(false)
      // The services read them back: the ciphertext is the students' data.
      const learners = await h.run(orga.learners(principal, organizationId))
      expect(learners.find((learner) => learner.learnerId === keptId)).toMatchObject({
        firstName: kept.firstName,
        lastName: kept.lastName,
        birthdate: kept.birthdate
      })
    })

    it("exports everything about a student, decrypted, for a right-of-access request (Pix Admin only)", async () => {
      const data = await h.run(orga.learnerData(admin, { organizationId, learnerId: erasedId }))
      const json = JSON.stringify(data)
      expect(json).toContain(erased.nationalStudentId)
      expect(json).toContain(JSON.stringify(erased.lastName))
      expect(data.events.map((event) => event.type)).toEqual(
        expect.arrayContaining(["StudentImported", "StudentAccountLinked", "ParticipationStarted", "ProfileShared"])
      )
      expect(json).not.toContain(kept.nationalStudentId)
      expect(await h.fail(orga.learnerData(principal, { organizationId, learnerId: erasedId }))).toMatchObject({
        code: "PIX_ADMIN_REQUIRED"
      })
    })

    let before: { readonly results: unknown; readonly csv: string; readonly report: unknown }
    let wrapped: Buffer | null | undefined
    let logBefore: ReadonlyArray<EventStore.RecordedEvent> = []
    let snapshotKeys: Array<Buffer> = []

    it("erases a student: an event without personal data, the key destroyed, the read models updated at once", async () => {
      before = {
        results: await h.run(orga.campaignResults(principal, assessment.campaignId)),
        csv: csvOf(await h.run(orga.exportResults(principal, collection.campaignId))),
        report: await h.run(orga.certificability(principal, organizationId))
      }
      // The pages keep sorted rows between queries: they are read once before, so that the erasure must reach them.
      expect(JSON.stringify(await h.run(orga.resultsPage(principal, assessment.campaignId)))).toContain(
        JSON.stringify(erased.lastName)
      )
      expect(
        (await h.run(orga.learnersPage(principal, organizationId, { search: erased.lastName }))).learners.map(
          (learner) => learner.learnerId
        )
      ).toContain(erasedId)
      logBefore = await logOf(given.layer())
      wrapped = await given.wrappedKey(`learner:${erasedId}`)
      expect(wrapped?.length).toBe(32)
      // A snapshot of the read models as they stand, the erased student's names in it (sealed), is stored first.
      const head = logBefore[logBefore.length - 1]!.globalPosition
      const snapshotting = given.writesSnapshots !== false
      for (let waited = 0; snapshotting && waited < 20_000; waited += 25) {
        if ((await given.snapshots()).some((snapshot) => snapshot.position === head)) break
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      const snapshotsBefore = await given.snapshots()
      if (snapshotting) expect(snapshotsBefore.map((snapshot) => snapshot.position)).toContain(head)
      snapshotKeys = []
      for (const snapshot of snapshotsBefore) {
        const key = await given.wrappedKey(snapshot.keySubject!)
        expect(key).toBeInstanceOf(Buffer)
        snapshotKeys.push(key!)
      }
      const done = await h.run(orga.eraseLearner(admin, { organizationId, learnerId: erasedId }))
      expect(done.subject).toBe(`learner:${erasedId}`)
      expect(await given.wrappedKey(`learner:${erasedId}`)).toBeNull()
      // Every snapshot taken before the erasure is gone, its key destroyed; any one left was taken after it.
      for (const snapshot of snapshotsBefore) expect(await given.wrappedKey(snapshot.keySubject!)).toBeNull()
      for (const snapshot of await given.snapshots()) expect(snapshot.position).toBeGreaterThan(head)
      const learners = await h.run(orga.learners(principal, organizationId))
      expect(learners).toHaveLength(students.length)
      expect(learners.find((learner) => learner.learnerId === erasedId)).toMatchObject({
        firstName: "Élève",
        lastName: "effacé",
        nationalStudentId: expect.stringMatching(/^EFFACE/)
      })
      expect(learners.find((learner) => learner.learnerId === keptId)).toMatchObject({ lastName: kept.lastName })
    })

    it("leaves no trace of the erased student's data or key in the bytes; the others' stay ciphertext", async () => {
      const raw = await given.bytes()
      for (const clue of clues(erased)) expect(raw.includes(clue), clue.toString()).toBe(false)
      if (given.clearTables !== true)
        for (const clue of clues(kept)) expect(raw.includes(clue), clue.toString()).toBe(false)
      expect(raw.includes(wrapped!)).toBe(false)
      for (const key of snapshotKeys) expect(raw.includes(key)).toBe(false)
      expect(raw.includes(Buffer.from("LearnerErased"))).toBe(true)
    })

    it("results, CSV export, certificability and audit trail still work: the erased student counted, not named", async () => {
      const results = await h.run(orga.campaignResults(principal, assessment.campaignId))
      expect(results.participationsCount).toBe((before.results as typeof results).participationsCount)
      const csv = csvOf(await h.run(orga.exportResults(principal, collection.campaignId)))
      expect(csv.split("\r\n").filter((line) => line !== "").length).toBe(
        before.csv.split("\r\n").filter((line) => line !== "").length
      )
      expect(csv).not.toContain(erased.lastName)
      expect(csv).toContain("effacé")
      expect(csv).toContain(kept.lastName)
      const report = await h.run(orga.certificability(principal, organizationId))
      const learnersOf = (value: unknown) =>
        (value as typeof report).divisions.reduce((sum, division) => sum + division.learners, 0)
      expect(learnersOf(report)).toBe(learnersOf(before.report))
      const fullName = `${erased.lastName} ${erased.firstName}`
      expect(JSON.stringify(before.report)).toContain(fullName)
      expect(JSON.stringify(report)).not.toContain(fullName)
      expect(JSON.stringify(report)).toContain("effacé Élève")
      const trail = await h.run(orga.auditTrail(principal, organizationId))
      expect(trail.entries.length).toBeGreaterThan(0)
      expect(JSON.stringify(trail)).not.toContain(fullName)
    })

    it("the analysis, results pages, participant detail and learner pages show the erased student, not named", async () => {
      const page = await h.run(orga.resultsPage(principal, assessment.campaignId))
      expect(page.total).toBe(2)
      expect(JSON.stringify(page)).not.toContain(JSON.stringify(erased.lastName))
      expect(page.participants.find((row) => row.participationId === erasedAssessment)).toMatchObject({
        firstName: "Élève",
        lastName: "effacé"
      })
      expect((await h.run(orga.resultsPage(principal, assessment.campaignId, { search: erased.lastName }))).total).toBe(
        erased.lastName === kept.lastName ? 1 : 0
      )
      expect((await h.run(orga.resultsPage(principal, assessment.campaignId, { search: "effacé" }))).total).toBe(1)
      const detail = await h.run(orga.participantDetail(principal, assessment.campaignId, erasedAssessment))
      expect(detail.participant).toMatchObject({ firstName: "Élève", lastName: "effacé" })
      expect(JSON.stringify(detail)).not.toContain(JSON.stringify(erased.lastName))
      const division = page.participants.find((row) => row.participationId === erasedAssessment)?.division
      const analysis = await h.run(
        orga.campaignAnalysis(principal, assessment.campaignId, division == null ? {} : { division })
      )
      expect(JSON.stringify(analysis)).not.toContain(JSON.stringify(erased.lastName))
      const learnersPage = await h.run(orga.learnersPage(principal, organizationId, { search: "effacé" }))
      expect(learnersPage.learners.map((learner) => learner.learnerId)).toEqual([erasedId])
      const byName = await h.run(orga.learnersPage(principal, organizationId, { search: erased.lastName }))
      expect(byName.learners.map((learner) => learner.learnerId)).not.toContain(erasedId)
      const all = await h.run(orga.learnersPage(principal, organizationId, { pageSize: 100 }))
      expect(all.pagination).toMatchObject({ rowCount: students.length })
      expect(JSON.stringify(all)).not.toContain(erased.nationalStudentId)
    })

    it("refuses erasing twice, an unknown student, a non-admin and a bad input, in French, changing nothing", async () => {
      const head = () => Effect.runPromise(Effect.scoped(headOf(given.layer())))
      const start = await head()
      expect(await h.fail(orga.eraseLearner(admin, { organizationId, learnerId: erasedId }))).toMatchObject({
        _tag: "Conflict",
        code: "ALREADY_ERASED",
        message: "Les données de cette personne ont déjà été effacées."
      })
      expect(await h.fail(orga.eraseLearner(admin, { organizationId, learnerId: "inconnu" }))).toMatchObject({
        _tag: "NotFound",
        code: "LEARNER_NOT_FOUND"
      })
      expect(await h.fail(orga.eraseLearner(principal, { organizationId, learnerId: keptId }))).toMatchObject({
        code: "PIX_ADMIN_REQUIRED"
      })
      expect(await h.fail(orga.eraseLearner(admin, { organizationId, learnerId: "x".repeat(500) }))).toMatchObject({
        _tag: "InvalidInput"
      })
      expect(await h.fail(orga.eraseUser(admin, { userId: "personne" }))).toMatchObject({ code: "USER_NOT_FOUND" })
      expect(await h.fail(orga.learnerData(admin, { organizationId, learnerId: erasedId }))).toMatchObject({
        code: "ALREADY_ERASED"
      })
      expect(await head()).toBe(start)
    })

    it("a restart (a full rebuild) answers the same, and the rebuilt read models equal the live ones", async () => {
      const answers = async (target: Harness, service: Orga.OrgaShape) => ({
        learners: await target.run(service.learners(principal, organizationId, { includeDisabled: true })),
        results: await target.run(service.campaignResults(principal, assessment.campaignId)),
        csv: csvOf(await target.run(service.exportResults(principal, collection.campaignId))),
        report: await target.run(service.certificability(principal, organizationId)),
        history: await target.run(service.importHistory(principal, organizationId)),
        account: await target.run(service.account("student-erased"))
      })
      const live = await answers(h, orga)
      const restarted = harness(given.layer())
      try {
        expect(await answers(restarted, await restarted.orga())).toEqual(live)
      } finally {
        await restarted.dispose()
      }
      // The live path (the events as they read before the erasure, then the rest) and the rebuild (the whole log
      // as it reads now, the erased student's events with the erased values).
      const now = await logOf(given.layer())
      const last = logBefore[logBefore.length - 1]!.globalPosition
      const livePath = ReadModels.make()
      livePath.apply(logBefore)
      livePath.apply(now.filter((event) => event.globalPosition > last))
      expect(JSON.stringify(logBefore.map((event) => event.data))).toContain(erased.nationalStudentId)
      expect(JSON.stringify(now.map((event) => event.data))).not.toContain(erased.nationalStudentId)
      const rebuilt = ReadModels.make()
      rebuilt.apply(now)
      expect(rebuilt.rosters).toEqual(livePath.rosters)
      expect(rebuilt.linkedByIne).toEqual(livePath.linkedByIne)
      expect(rebuilt.linksByUser).toEqual(livePath.linksByUser)
      expect(rebuilt.participationStreams).toEqual(livePath.participationStreams)
      expect(rebuilt.accounts).toEqual(livePath.accounts)
      expect(rebuilt.versions).toEqual(livePath.versions)
      expect(rebuilt.erased).toEqual(livePath.erased)
    })

    it("erases a user too: the account reads Utilisateur effacé, the login is gone, a second time is refused", async () => {
      // A username added by the school is the user's personal data too: sealed, its login stream named by a hash.
      const { username } = await h.run(orga.addUsername(principal, { organizationId, learnerId: keptId }))
      expect((await h.run(orga.account("student-kept")))?.username).toBe(username)
      if (given.clearTables !== true) expect((await given.bytes()).includes(Buffer.from(username))).toBe(false)
      await h.run(orga.eraseUser(admin, { userId: "student-kept" }))
      expect(await h.run(orga.account("student-kept"))).toMatchObject({
        firstName: "Utilisateur",
        lastName: "effacé"
      })
      expect(await h.fail(orga.eraseUser(admin, { userId: "student-kept" }))).toMatchObject({ code: "ALREADY_ERASED" })
      // The learner the account was linked to keeps its own data: it is another subject.
      const learners = await h.run(orga.learners(principal, organizationId))
      expect(learners.find((learner) => learner.learnerId === keptId)).toMatchObject({ lastName: kept.lastName })
      const raw = await given.bytes()
      expect(raw.includes(Buffer.from("eleve.garde@mail.fr"))).toBe(false)
      expect(await h.run(orga.account("student-kept"))).toMatchObject({ username: null })
    })

    it("a campaign whose owner is erased lists its owner as Utilisateur effacé", async () => {
      const listed = () => h.run(orga.campaigns(principal, organizationId))
      expect((await listed()).map((campaign) => campaign.ownerLastName)).toContain("Martin")
      await h.run(orga.eraseUser(admin, { userId: "principal" }))
      const campaigns = await listed()
      expect(campaigns.length).toBe(2)
      for (const campaign of campaigns)
        expect(campaign).toMatchObject({ ownerFirstName: "Utilisateur", ownerLastName: "effacé" })
      expect(await h.run(orga.campaigns(principal, organizationId, { ownerName: "Martin" }))).toEqual([])
    })
  })

const headOf = (layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>) =>
  Effect.provide(
    Effect.gen(function* () {
      const store = yield* EventStore.EventStore
      return yield* store.head
    }),
    layer
  )

/** The whole log as a restarted app reads it (opened with the keys there are). */
const logOf = (layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.provide(
        Effect.gen(function* () {
          const store = yield* EventStore.EventStore
          return yield* store.readAll({ after: 0n, maxCount: 1_000_000 })
        }),
        layer
      )
    )
  )
