/**
 * Stages and badges in the results (issue 12): the results query and the CSV export of a 3,000-participant
 * assessment on the collège 3e profile (5 stages, 3 badges, 92 skills) beside the same campaign on the sample
 * profile (no stage, no badge), side by side in one run on the memory store, so the cost of evaluating every
 * shared participant's stage and badges shows as a ratio. Target: results p95 < 20 ms (the results query's).
 *
 * Run: `BENCH_ONLY=achievements pnpm --filter @orga/bench-orga bench` (ACHIEVEMENTS_STUDENTS changes the size).
 */
import { Orga, Runtime, Stores, TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const user = Orga.user
const pixAdmin = "bench-admin"
const uai = "0331234X"
const fmt = (value: number) => value.toFixed(2)
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** The bench: prints one line per campaign and the ratio. */
export const main = async () => {
  const wanted = Number(process.env.ACHIEVEMENTS_STUDENTS ?? 3000)
  const school = SiecleTesting.generateSchool({ seed: 9, students: Math.ceil(wanted * 1.15), uai, schoolYear: "2026" })
  const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
  const students = school.expected.students.slice(0, wanted)
  const layer = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: [pixAdmin] }).pipe(
    Layer.provide(Layer.merge(Stores.memory, Runtime.deterministic().layer))
  )
  const program = Effect.gen(function* () {
    const orga = yield* Orga.all
    const admin = user("admin")
    yield* orga.registerUser({ userId: pixAdmin, firstName: "P", lastName: "A", email: "p@pix.fr" })
    yield* orga.registerUser({ userId: "admin", firstName: "C", lastName: "M", email: "c@college.fr" })
    const { organizationId } = yield* orga.registerOrganization(user(pixAdmin), {
      name: "Collège",
      type: "SCO",
      uai,
      isManagingStudents: true
    })
    const invitation = yield* orga.inviteFirstAdmin(user(pixAdmin), { organizationId, email: "c@college.fr" })
    yield* orga.acceptInvitation(admin, { organizationId, ...invitation })
    yield* orga.importSiecleFile(admin, { organizationId, fileName: "e.xml", bytes })
    for (const definition of TargetProfiles.catalogue) yield* orga.createTargetProfile(user(pixAdmin), { definition })
    yield* orga.attachTargetProfile(user(pixAdmin), { organizationId, targetProfileId: "tp-college-3e" })
    const sample = yield* orga.createCampaign(admin, {
      organizationId,
      name: "Échantillon",
      type: "ASSESSMENT",
      targetProfileId: TargetProfiles.sample.id
    })
    const college = yield* orga.createCampaign(admin, {
      organizationId,
      name: "Parcours 3e",
      type: "ASSESSMENT",
      targetProfileId: "tp-college-3e"
    })
    const skills = {
      [sample.code]: TargetProfiles.sample.skills.map((skill) => skill.id),
      [college.code]: TargetProfiles.catalogue[0]!.tubes.flatMap((tube) =>
        Array.from({ length: tube.level }, (_, i) => `${tube.tube}${i + 1}`)
      )
    }
    for (const [index, student] of students.entries()) {
      const actor = user(`s${index}`)
      yield* orga.registerUser({ userId: `s${index}`, firstName: "É", lastName: `${index}`, username: `s${index}` })
      for (const code of [sample.code, college.code]) {
        // A generated school has a few homonyms born the same day: reconciliation refuses them, as Pix does.
        const exit = yield* Effect.exit(
          orga.joinCampaign(actor, {
            code,
            firstName: student.firstName,
            lastName: student.lastName,
            birthdate: student.birthdate
          })
        )
        if (exit._tag === "Failure") continue
        const joined = exit.value
        // Nine students in ten finish and share, with a mastery that varies from one to the next.
        if (index % 10 === 9) continue
        const validated = skills[code]!.filter((_, i) => (i * 7 + index) % 10 < index % 11)
        yield* orga.recordAssessmentOutcome(actor, {
          participationId: joined.participationId,
          validatedSkillIds: validated,
          testedSkillIds: skills[code]!
        })
        yield* orga.shareResults(actor, { participationId: joined.participationId })
      }
    }
    const runs = 100
    const times: Record<string, Array<number>> = { [sample.campaignId]: [], [college.campaignId]: [] }
    const exports: Record<string, Array<number>> = { [sample.campaignId]: [], [college.campaignId]: [] }
    for (let run = 0; run < runs; run++)
      for (const campaignId of [sample.campaignId, college.campaignId]) {
        const start = performance.now()
        yield* orga.campaignResults(admin, campaignId)
        times[campaignId]!.push(performance.now() - start)
        if (run % 10 === 0) {
          const begin = performance.now()
          const csv = yield* orga.exportResults(admin, campaignId)
          for (const _ of csv.lines);
          exports[campaignId]!.push(performance.now() - begin)
        }
      }
    const results = yield* orga.campaignResults(admin, college.campaignId)
    for (const [label, campaignId] of [
      ["sample profile (no stage, no badge)", sample.campaignId],
      ["collège 3e profile (5 stages, 3 badges)", college.campaignId]
    ] as const)
      console.log(
        `[achievements] ${label}, ${results.participationsCount} participants: results p50 ${fmt(percentile(times[campaignId]!, 50))} ms, p95 ${fmt(percentile(times[campaignId]!, 95))} ms (target p95 < 20 ms); export median ${fmt(percentile(exports[campaignId]!, 50))} ms`
      )
    console.log(
      `[achievements] 3e / sample: results p50 ${(percentile(times[college.campaignId]!, 50) / percentile(times[sample.campaignId]!, 50)).toFixed(2)}, export ${(percentile(exports[college.campaignId]!, 50) / percentile(exports[sample.campaignId]!, 50)).toFixed(2)}; stages reached: ${[
        ...new Set(results.participants.map((participant) => participant.reachedStage?.title ?? "—"))
      ].join(", ")}`
    )
  })
  await Effect.runPromise(program.pipe(Effect.provide(layer)))
}
