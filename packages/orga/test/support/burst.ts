/**
 * Test support for bursts and races: a school with its students imported, a campaign, the students' accounts
 * and pending invitations (seeded once, by one instance), then workloads any instance runs (in this process or
 * in a child, see `processes/worker.ts`), each answering one outcome per command: `ok`, or the typed error's
 * code (an untyped failure is a defect, reported as `DEFECT: ...`).
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { expect } from "vitest"
import * as Orga from "../../src/Orga.ts"
import { type Harness, pixAdmin } from "./harness.ts"

const user = Orga.user
export const uai = "0331234X"
export const organizationId = "org"

/** A generated school with at least `wanted` importable students. */
export const school = (wanted: number) => {
  let size = Math.ceil(wanted * 1.15)
  while (true) {
    const generated = SiecleTesting.generateSchool({ seed: 21, students: size, uai, schoolYear: "2026" })
    if (generated.expected.students.length >= wanted)
      return {
        bytes: SiecleTesting.encode(SiecleTesting.render(generated.document, "UTF-8"), "UTF-8"),
        students: generated.expected.students.slice(0, wanted)
      }
    size += Math.ceil(wanted * 0.05)
  }
}

/** What the seed made, for the workloads. */
export interface Seeded {
  readonly code: string
  readonly campaignId: string
  readonly students: ReadonlyArray<{
    readonly firstName: string
    readonly lastName: string
    readonly birthdate: string
  }>
  readonly invitations: ReadonlyArray<{ readonly invitationId: string; readonly code: string }>
}

/**
 * Seeds the school: Pix Admin, the organization and its admin, `students` learners imported with one account
 * each (`s<i>`, plus a rival account `r<i>` for claims), a campaign, and `invitations` pending invitations of
 * teachers `t<i>` (each with an account).
 */
export const seed = async (h: Harness, counts: { readonly students: number; readonly invitations: number }) => {
  const orga = await h.orga()
  const { bytes, students } = school(counts.students)
  for (const userId of [pixAdmin, "admin"])
    await h.run(orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
  await h.run(
    orga.registerOrganization(user(pixAdmin), { organizationId, name: "C", type: "SCO", uai, isManagingStudents: true })
  )
  const first = await h.run(orga.inviteFirstAdmin(user(pixAdmin), { organizationId, email: "admin@test.fr" }))
  await h.run(orga.acceptInvitation(user("admin"), { organizationId, ...first }))
  await h.run(orga.importSiecleFile(user("admin"), { organizationId, fileName: "e.xml", bytes }))
  const { code, campaignId } = await h.run(
    orga.createCampaign(user("admin"), { organizationId, name: "C", type: "PROFILES_COLLECTION" })
  )
  await h.run(
    Effect.forEach(
      students.keys(),
      (i) =>
        Effect.andThen(
          orga.registerUser({ userId: `s${i}`, firstName: "S", lastName: `s${i}`, username: `s${i}.0101` }),
          orga.registerUser({ userId: `r${i}`, firstName: "R", lastName: `r${i}`, username: `r${i}.0101` })
        ),
      { discard: true }
    )
  )
  const teachers = Array.from({ length: counts.invitations }, (_, i) => `t${i}`)
  await h.run(
    Effect.forEach(
      teachers,
      (userId) => orga.registerUser({ userId, firstName: "T", lastName: userId, email: `${userId}@test.fr` }),
      { discard: true }
    )
  )
  const invitations =
    teachers.length === 0
      ? []
      : await h.run(
          orga.inviteMembers(user("admin"), {
            organizationId,
            emails: teachers.map((t) => `${t}@test.fr`),
            role: "MEMBER"
          })
        )
  const seeded: Seeded = {
    code,
    campaignId,
    students: students.map((s) => ({ firstName: s.firstName, lastName: s.lastName, birthdate: s.birthdate })),
    invitations: invitations.map((i) => ({ invitationId: i.invitationId, code: i.code }))
  }
  return seeded
}

/** The outcome of one command: `ok`, a typed error's code, or `DEFECT: ...`. */
export const outcomeOf = <A, E>(
  effect: Effect.Effect<A, E, Orga.Services>
): Effect.Effect<string, never, Orga.Services> =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return "ok"
    const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail") as unknown as
      | { readonly error: { readonly code?: unknown; readonly message?: unknown } }
      | undefined
    if (failure !== undefined && typeof failure.error.code === "string") return failure.error.code
    return `DEFECT: ${String(exit.cause)}`
  })

/** The workloads: each runs its commands all at once and answers their outcomes and latencies. */
export type Workload = "join" | "claim" | "accept" | "archive" | "remove" | "create"

/**
 * Runs `workload` on `indices`, all at once (or `concurrency` at a time): `join` (student `s<i>` joins with his own name), `claim` (rival
 * `r<i>` joins with student i's name), `accept` (teacher `t<i>` accepts invitation i), `archive` (the admin
 * archives the campaign), `remove` (the admin removes teacher `t0`), `create` (teacher `t0` creates a campaign).
 */
export const runWorkload = (
  orga: Orga.OrgaShape,
  seeded: Seeded,
  workload: Workload,
  indices: ReadonlyArray<number>,
  concurrency: number | "unbounded" = "unbounded"
) =>
  Effect.forEach(
    indices,
    (i) => {
      const student = seeded.students[i] ?? seeded.students[0]!
      const command =
        workload === "join"
          ? orga.joinCampaign(user(`s${i}`), { code: seeded.code, ...student })
          : workload === "claim"
            ? orga.joinCampaign(user(`r${i}`), { code: seeded.code, ...student })
            : workload === "accept"
              ? orga.acceptInvitation(user(`t${i}`), { organizationId, ...seeded.invitations[i]! })
              : workload === "archive"
                ? orga.archiveCampaign(user("admin"), { campaignId: seeded.campaignId })
                : workload === "remove"
                  ? orga.removeMember(user("admin"), { organizationId, userId: "t0" })
                  : orga.createCampaign(user("t0"), { organizationId, name: `T${i}`, type: "PROFILES_COLLECTION" })
      return Effect.suspend(() => {
        const start = performance.now()
        return Effect.map(outcomeOf(command), (outcome) => ({ i, outcome, ms: performance.now() - start }))
      })
    },
    { concurrency }
  )

/** Counts outcomes by value. */
export const tally = (outcomes: ReadonlyArray<{ readonly outcome: string }>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const { outcome } of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1
  return counts
}

/**
 * Checks the outcomes of `learners` learners each claimed by two accounts: one link each, and one typed refusal
 * each, all of the domain's reconciliation code (never a conflict that outlasted the retries, never a defect).
 */
export const expectClaims = (
  outcomes: ReadonlyArray<{ readonly i: number; readonly outcome: string }>,
  learners: number
) => {
  const counts = tally(outcomes)
  expect(counts.ok).toBe(learners)
  const refusals = Object.keys(counts).filter((outcome) => outcome !== "ok")
  expect(refusals).toEqual(["ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION"])
  expect(counts[refusals[0]!]).toBe(learners)
  const winners = new Set(outcomes.filter((o) => o.outcome === "ok").map((o) => o.i))
  expect(winners.size).toBe(learners)
}
