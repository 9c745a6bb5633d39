/**
 * The académie's generator, small: 2 schools × 20 students written into SQLite through the store (shredding on),
 * then read back by the library itself, so that the generated events are the ones its read models understand.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { EventStore } from "@orga/event-store"
import { Orga, Reports, Rosters, Runtime, TargetProfiles, Team } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import * as Academie from "../src/Academie.ts"
import * as Seed from "../src/Seed.ts"

const options: Academie.Options = { schools: 2, students: 20, members: 2, assessmentsPerLevel: 1, headline: 10 }

describe("the académie's log", () => {
  it("writes each school's team, import, campaigns and participations, as the library reads them", async () => {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-scale-"))
    const file = Path.join(dir, "orga.db")
    const store = Sqlite.layer(file, { personalData: { masterKeyFile: Path.join(dir, "key") } })
    const seeded = await Effect.runPromise(Effect.scoped(Seed.seed(options).pipe(Effect.provide(store))))

    const library = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: [Academie.pixAdminId] }).pipe(
      Layer.provideMerge(Layer.merge(store, Runtime.live))
    )
    const read = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const events = yield* (yield* EventStore.EventStore).readAll({ after: 0n, maxCount: 1_000_000 })
          const schools = []
          for (let index = 0; index < options.schools; index++) {
            const plan = Academie.school(index, options)
            const admin = Orga.user(plan.adminId)
            const learners = yield* (yield* Rosters.Rosters).learners(admin, plan.organizationId)
            const results = yield* (yield* Reports.Reports).campaignResults(admin, plan.headline.campaignId)
            const members = yield* (yield* Team.Team).members(admin, plan.organizationId)
            schools.push({ plan, learners, results, members })
          }
          // The rentrée's file of the first school: the 3e gone, the others a level up, new 6e.
          const first = Academie.school(0, options)
          const rentree = yield* (yield* Rosters.Rosters).importSiecleFile(Orga.user(first.adminId), {
            organizationId: first.organizationId,
            fileName: "ElevesSansAdresses.xml",
            bytes: Academie.siecleBytes(Academie.nextYear(first, options))
          })
          return { events, schools, rentree }
        }).pipe(Effect.provide(library))
      )
    )
    Fs.rmSync(dir, { recursive: true, force: true })

    const count = (type: string) => read.events.filter((event) => event.type === type).length
    expect(read.events.length).toBe(seeded.events)
    const students = Array.from(
      { length: options.schools },
      (_, index) => Academie.siecle(Academie.school(index, options), options).expected.students.length
    )
    const all = students.reduce((sum, n) => sum + n, 0)
    expect(count("OrganizationRegistered")).toBe(options.schools)
    expect(count("MemberJoined")).toBe(options.schools * (1 + options.members))
    expect(count("StudentImported")).toBe(all)
    expect(count("StudentAccountLinked")).toBe(all)
    // Pix Admin, then each school's administrator, teachers and students.
    expect(count("UserRegistered")).toBe(1 + options.schools * (1 + options.members) + all)
    expect(count("CampaignCreated")).toBe(options.schools * (1 + 4 * (1 + options.assessmentsPerLevel)))
    // Every participation is started and linked; the headline has its participants in each school.
    expect(count("ParticipationLinked")).toBe(count("ParticipationStarted"))
    expect(count("ParticipationShared")).toBe(count("AssessmentCompleted"))
    for (const [index, school] of read.schools.entries()) {
      expect(school.learners.length).toBe(students[index])
      expect(school.results.participationsCount).toBe(Math.min(options.headline, students[index]!))
      expect(school.members.length).toBe(1 + options.members)
    }
    expect(read.rentree.added).toBeGreaterThan(0)
    expect(read.rentree.updated).toBeGreaterThan(0)
    expect(read.rentree.disabled).toBeGreaterThan(0)
  }, 60_000)
})
