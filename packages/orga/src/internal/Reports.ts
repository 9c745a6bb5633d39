/**
 * Reports that explain: the certificability of each class against the collection deadline, why a student was
 * not recognised (the nearest learners and what differs), and the audit trail of an organization's events.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import * as Anonymised from "./Anonymised.ts"
import { Account, Levenshtein, NameMatching, Reconciliation } from "./Domain.ts"
import type { Plumbing } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Rosters from "./Rosters.ts"
import * as SchoolIndex from "./SchoolIndex.ts"

// The page size of `auditTrail` unless told (`Inputs.maxAuditTrailLimit` at most).
const defaultAuditPage = 100

// Lycée divisions in SIECLE start with the level: 2nde, 1ère, Terminale.
const isLyceeDivision = (division: string): boolean => /^(2|1|T)/i.test(division.trim())

/**
 * Builds the reports of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "certificability" | "whyRefused" | "auditTrail"> => {
  const { store, clock, models, query, asMember, asAdmin } = plumbing

  const index = SchoolIndex.of(models)

  // The classes of an organization with their active learners by certificability, in order: made from the sorted
  // learners and their latest profiles' certifiability, kept while both are the same (not per position of the log:
  // other schools' writes move it and change nothing here); per school, bounded (`SchoolIndex.keptSchools`).
  const classesKept = SchoolIndex.bySchool<{
    readonly learners: ReadonlyArray<SchoolIndex.SortedLearner>
    readonly certifiable: ReadonlyMap<string, boolean>
    readonly divisions: ReadonlyArray<Views.DivisionCertificability>
  }>({ models })
  const classesOf = (organizationId: string): ReadonlyArray<Views.DivisionCertificability> => {
    const learners = index.learners(organizationId)
    const certifiable = index.certifiable(organizationId)
    const before = classesKept.get(organizationId)
    if (before !== undefined && before.learners === learners && before.certifiable === certifiable)
      return before.divisions
    const byDivision = new Map<
      string,
      { learners: number; certifiable: Array<string>; notCertifiable: Array<string>; notSharedYet: Array<string> }
    >()
    for (const { learner, name } of learners) {
      if (learner.isDisabled) continue
      let entry = byDivision.get(learner.record.division)
      if (entry === undefined) {
        entry = { learners: 0, certifiable: [], notCertifiable: [], notSharedYet: [] }
        byDivision.set(learner.record.division, entry)
      }
      entry.learners++
      const isCertifiable = certifiable.get(learner.learnerId)
      if (isCertifiable === undefined) entry.notSharedYet.push(name)
      else (isCertifiable ? entry.certifiable : entry.notCertifiable).push(name)
    }
    const divisions = [...byDivision.entries()]
      .sort(([a], [b]) => SchoolIndex.collator.compare(a, b))
      .map(([division, entry]) => ({ division, ...entry }))
    classesKept.set(organizationId, { learners, certifiable, divisions })
    return divisions
  }

  const certificability: OrgaShape["certificability"] = (actor, organizationId) =>
    query(
      Effect.gen(function* () {
        yield* asMember(actor, organizationId)
        const now = yield* clock.now
        const roster = ReadModels.rosterOf(models, organizationId)
        const schoolYear = roster.lastImport?.schoolYear ?? Rosters.schoolYearAt(now)
        const set = models.deadlines.get(organizationId)
        // The classes listed are the active divisions (those with an active learner), in the same order.
        const divisions = classesOf(organizationId)
        const lycee =
          divisions.length > 0 &&
          divisions.filter(({ division }) => isLyceeDivision(division)).length * 2 >= divisions.length
        // Lycées collect around 10 December, collèges around 7 April (settings of the school year).
        const deadline =
          set !== undefined && set.schoolYear === schoolYear
            ? set.deadline
            : lycee
              ? `${schoolYear}-12-10`
              : `${Number(schoolYear) + 1}-04-07`
        const daysLeft = Math.ceil((Date.parse(`${deadline}T23:59:59.999Z`) - Date.parse(now)) / 86_400_000)
        return { organizationId, schoolYear, deadline, daysLeft, divisions }
      })
    )

  const whyRefused: OrgaShape["whyRefused"] = (actor, organizationId, typed) =>
    query(
      Effect.gen(function* () {
        yield* asMember(actor, organizationId)
        const request = Rosters.reconcileRequest(models, organizationId, null, typed)
        const verdict = Reconciliation.reconcile(request)
        const typedFirst = NameMatching.normalize(typed.firstName)
        const typedLast = NameMatching.normalize(typed.lastName)
        const distanceTo = (typedName: string, names: ReadonlyArray<string | null | undefined>) => {
          let best = Number.POSITIVE_INFINITY
          for (const name of names)
            if (name !== null && name !== undefined && name.trim() !== "")
              best = Math.min(best, Levenshtein.ratio(typedName, NameMatching.normalize(name)))
          return best
        }
        const roster = ReadModels.rosterOf(models, organizationId)
        const scored = [...roster.learners.values()].map((learner) => {
          const first = distanceTo(typedFirst, [
            learner.record.firstName,
            learner.record.middleName,
            learner.record.thirdName
          ])
          const last = distanceTo(typedLast, [learner.record.lastName, learner.record.preferredLastName])
          const sameBirthdate = learner.record.birthdate === typed.birthdate
          return { learner, first, last, sameBirthdate, score: first + last + (sameBirthdate ? 0 : 0.5) }
        })
        scored.sort((a, b) => a.score - b.score)
        const candidates = scored.slice(0, 5).map(({ learner, first, last, sameBirthdate }): Views.RefusalCandidate => {
          const reasons: Array<{ code: string; message: string }> = []
          if (!sameBirthdate)
            reasons.push({
              code: "BIRTHDATE_DIFFERS",
              message: `La date de naissance saisie (${French.calendarDate(typed.birthdate)}) diffère de celle de la base élèves (${French.calendarDate(learner.record.birthdate)}).`
            })
          const limit = NameMatching.maxDistanceRate
          if (first > limit || last > limit)
            reasons.push({
              code: "NAME_TOO_DIFFERENT",
              message: `Le nom ou le prénom saisi est trop éloigné (écart prénom ${Math.round(Math.min(first, 9) * 100)} %, nom ${Math.round(Math.min(last, 9) * 100)} % ; au plus ${limit * 100} % accepté).`
            })
          if (learner.isDisabled)
            reasons.push({
              code: "LEARNER_DISABLED",
              message: "L'élève ne figure plus dans le dernier import SIECLE (élève désactivé)."
            })
          if (learner.userId !== null) {
            const account = models.accounts.get(learner.userId)
            const login = account === undefined ? null : Account.maskLogin(account)
            reasons.push({
              code: "ALREADY_LINKED",
              message:
                login === null
                  ? "L'élève est déjà associé à un compte (connexion par le Médiacentre ou compte inconnu)."
                  : `L'élève est déjà associé au compte ${login} : qu'il se connecte avec ce compte.`
            })
          }
          return {
            learnerId: learner.learnerId,
            lastName: learner.record.lastName,
            firstName: learner.record.firstName,
            division: learner.record.division,
            reasons
          }
        })
        return {
          verdict: Result.isSuccess(verdict) ? null : { code: verdict.failure.code, message: verdict.failure.message },
          candidates
        }
      })
    )

  // A page of the organization's events through the store's scope index: work bounded by the page, whatever the
  // log's length (ADR 0041). One event more than asked says whether an older page exists.
  const auditTrail: OrgaShape["auditTrail"] = (actor, organizationId, options) =>
    query(
      Effect.gen(function* () {
        yield* asAdmin(actor, organizationId)
        const limit = options?.limit ?? defaultAuditPage
        const events = yield* store.readScope(organizationId, {
          maxCount: limit + 1,
          ...(options?.before === undefined ? {} : { before: BigInt(options.before) })
        })
        const page = events.slice(0, limit)
        // People read names: the actor's as the accounts read model has it now.
        const nameOf = (userId: string): string | null => {
          const account = models.accounts.get(userId)
          return account === undefined ? null : `${account.firstName} ${account.lastName}`
        }
        return {
          entries: page.map((event): Views.AuditEntry => {
            // A deleted participation's events name nobody (§4.4).
            const shown = Anonymised.auditEntry(models, {
              streamId: event.streamId,
              actorId: (event.metadata.actorId as string | null | undefined) ?? null,
              event: event.type
            })
            return {
              position: String(event.globalPosition),
              occurredAt: String(event.metadata.occurredAt ?? event.recordedAt.toISOString()),
              actorId: shown.actorId,
              useCase: String(event.metadata.useCase ?? ""),
              event: event.type,
              streamId: shown.streamId,
              actorName: shown.actorId === null ? null : nameOf(shown.actorId)
            }
          }),
          next: events.length > limit ? String(page[page.length - 1]!.globalPosition) : null
        }
      })
    )

  return { certificability, whyRefused, auditTrail }
}
