/**
 * `verify`'s comparison: every answer the library gives about the acting user's organizations (organization,
 * team, invitations, students, classes, imports, campaigns, results, results by class, certificability, audit,
 * CSV exports), asked of two instances rebuilt from the same log by two paths, compared as JSON.
 *
 * @since 0.1.0
 */
import { BackOffice, Orga } from "@orga/orga"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Result from "effect/Result"

type Answers = Map<string, string>

const text = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "undefined"

/** Every answer of one instance, keyed by the question. */
const answers = (actor: Orga.OrgaActor) =>
  Effect.gen(function* () {
    const orga = yield* Orga.all
    const found: Answers = new Map()
    const ask = <A, E>(key: string, question: Effect.Effect<A, E>) =>
      Effect.map(Effect.result(question), (result) => {
        const value = Result.isSuccess(result)
          ? result.success
          : { failure: (result.failure as { _tag?: string })._tag ?? "?" }
        found.set(key, text(value))
        return Result.isSuccess(result) ? result.success : undefined
      })
    const organizations = (yield* ask("organizations", orga.logIntoOrga(actor))) ?? []
    for (const { organizationId: id } of organizations) {
      yield* ask(`${id} organization`, orga.organization(actor, id))
      yield* ask(`${id} members`, orga.members(actor, id))
      yield* ask(`${id} invitations`, orga.invitations(actor, id))
      yield* ask(`${id} learners`, orga.learners(actor, id, { includeDisabled: true }))
      yield* ask(`${id} divisions`, orga.divisions(actor, id))
      yield* ask(`${id} importHistory`, orga.importHistory(actor, id))
      yield* ask(`${id} certificability`, orga.certificability(actor, id))
      yield* ask(`${id} auditTrail`, orga.auditTrail(actor, id, { limit: 1000 }))
      const campaigns = (yield* ask(`${id} campaigns`, orga.campaigns(actor, id))) ?? []
      for (const { campaignId } of campaigns) {
        yield* ask(`${campaignId} campaignResults`, orga.campaignResults(actor, campaignId))
        yield* ask(`${campaignId} resultsByDivision`, orga.resultsByDivision(actor, campaignId))
        yield* ask(
          `${campaignId} exportResults`,
          Effect.map(orga.exportResults(actor, campaignId), (csv) => [...csv.lines].join(""))
        )
      }
    }
    const rebuild = (yield* BackOffice.BackOffice).rebuild
    return { found, organizations: organizations.length, rebuild }
  })

/**
 * Asks both instances (one after the other, each closed before the next starts) and lists the differences.
 *
 * @category constructors
 * @since 0.1.0
 */
export const run = <E1, E2>(
  actor: Orga.OrgaActor,
  live: Layer.Layer<Orga.Services, E1>,
  scratch: Layer.Layer<Orga.Services, E2>
) =>
  Effect.gen(function* () {
    const first = yield* Effect.provide(answers(actor), live)
    const second = yield* Effect.provide(answers(actor), scratch)
    const keys = new Set([...first.found.keys(), ...second.found.keys()])
    const differences = [...keys].filter((key) => first.found.get(key) !== second.found.get(key))
    return {
      organizations: first.organizations,
      answersCompared: keys.size,
      differences,
      live: first.rebuild,
      scratch: second.rebuild
    }
  })
