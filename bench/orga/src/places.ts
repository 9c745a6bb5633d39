/**
 * What places cost: a lycée of N students (3,000 by default) joins one campaign on the in-memory store; the last
 * 400 joins alternate, by tens, between the maximum off and on (on, a join counts the places used: every
 * participation of the school), then the places query runs 200 times. Prints medians and p95 side by side, from one
 * run (this machine is shared: compare the two columns, not runs).
 *
 * Run: `pnpm exec node bench/orga/src/places.ts [students]`.
 */
import { performance } from "node:perf_hooks"
import { Orga, Runtime, Stores, TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"

const students = Number(process.argv[2] ?? 3000)
const school = SiecleTesting.generateSchool({ seed: 5, students, uai: "0331234X", schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")
const managed = ManagedRuntime.make(
  Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
    Layer.provide(Layer.merge(Stores.memory, Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z" }).layer))
  )
)
const orga = await managed.runPromise(Orga.all)
const run = <A, E>(effect: Effect.Effect<A, E>) => managed.runPromise(effect)
const pix = Orga.user("pix")
const principal = Orga.user("principal")
await run(orga.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" }))
await run(orga.registerUser({ userId: "principal", firstName: "Claire", lastName: "Martin", email: "c@lycee.fr" }))
await run(
  orga.registerOrganization(pix, {
    organizationId: "org",
    name: "Lycée",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
)
const invitation = await run(orga.inviteFirstAdmin(pix, { organizationId: "org", email: "c@lycee.fr" }))
await run(orga.acceptInvitation(principal, { organizationId: "org", ...invitation }))
await run(orga.importSiecleFile(principal, { organizationId: "org", fileName: "eleves.xml", bytes }))
const { code } = await run(
  orga.createCampaign(principal, { organizationId: "org", name: "Collecte", type: "PROFILES_COLLECTION" })
)
await run(
  orga.addPlacesLot(pix, {
    organizationId: "org",
    count: 100_000,
    category: "T1",
    reference: "BENCH",
    activationDate: "2026-09-01",
    expirationDate: "2027-08-31"
  })
)

const joins = { off: [] as Array<number>, on: [] as Array<number> }
const learners = school.expected.students
for (const [index, student] of learners.entries()) {
  await run(
    orga.registerUser({
      userId: `s${index}`,
      firstName: student.firstName,
      lastName: student.lastName,
      username: `e${index}`
    })
  )
  const measured = index >= learners.length - 400
  const limited = index % 20 < 10
  if (measured && index % 10 === 0) await run(orga.setPlacesLimit(pix, { organizationId: "org", enabled: limited }))
  const start = performance.now()
  const joined = await managed.runPromiseExit(
    orga.joinCampaign(Orga.user(`s${index}`), {
      code,
      firstName: student.firstName,
      lastName: student.lastName,
      birthdate: student.birthdate
    })
  )
  // Homonyms born the same day are refused by reconciliation, as in Pix: not a join, not measured.
  if (joined._tag === "Success" && measured) (limited ? joins.on : joins.off).push(performance.now() - start)
}
const queries: Array<number> = []
for (let round = 0; round < 200; round++) {
  const start = performance.now()
  await run(orga.places(principal, "org"))
  queries.push(performance.now() - start)
}
const at = (values: ReadonlyArray<number>, q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]?.toFixed(3) ?? "-"
const places = await run(orga.places(principal, "org"))
console.log(`places used: ${places.occupied} (of ${learners.length} students)`)
console.log(`join, maximum off: median ${at(joins.off, 0.5)} ms, p95 ${at(joins.off, 0.95)} ms (${joins.off.length})`)
console.log(`join, maximum on:  median ${at(joins.on, 0.5)} ms, p95 ${at(joins.on, 0.95)} ms (${joins.on.length})`)
console.log(`places query:      median ${at(queries, 0.5)} ms, p95 ${at(queries, 0.95)} ms (200)`)
await managed.dispose()
