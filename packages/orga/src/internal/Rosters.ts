/**
 * The roster of a school: the SIECLE file is read and decided without writing (preview), then imported in one
 * append (a refused file is recorded in the import history); a student's account is linked to a learner by
 * reconciliation (see `reconcileRequest`, used when joining a campaign and to explain a refusal).
 *
 * @since 0.1.0
 */
import { ImportCommand, Siecle, type SiecleError } from "@orga/siecle"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { OrgaShape, TypedIdentity } from "../Orga.ts"
import type * as Views from "../Views.ts"
import { type Actor, Policy, type Reconciliation, Roster, RosterDecider, type StudentRecordSchema } from "./Domain.ts"
import { check, fromResult, type Plumbing, userOf } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import type * as Streams from "./Streams.ts"

/**
 * The school year a date falls in, named by its first calendar year (it starts in August).
 *
 * @since 0.1.0
 */
export const schoolYearAt = (iso: string): string => {
  const date = new Date(iso)
  return String(date.getUTCMonth() >= 7 ? date.getUTCFullYear() : date.getUTCFullYear() - 1)
}

const reconciliationLearners = (
  roster: ReadModels.RosterView,
  organizationId: string
): Array<Reconciliation.Learner> => {
  const learners: Array<Reconciliation.Learner> = []
  for (const learner of roster.learners.values())
    learners.push({
      learnerId: learner.learnerId,
      organizationId,
      firstName: learner.record.firstName,
      middleName: learner.record.middleName,
      thirdName: learner.record.thirdName,
      lastName: learner.record.lastName,
      preferredLastName: learner.record.preferredLastName,
      birthdate: learner.record.birthdate,
      nationalStudentId: learner.record.nationalStudentId,
      userId: learner.userId,
      isDisabled: learner.isDisabled
    })
  return learners
}

/**
 * What reconciliation needs to recognise a student in an organization's roster: its learners, the accounts
 * already linked to them (here or, by INE, anywhere) and the user's own links.
 *
 * @since 0.1.0
 */
export const reconcileRequest = (
  models: ReadModels.ReadModels,
  organizationId: string,
  userId: string | null,
  typed: TypedIdentity
): Reconciliation.ReconcileRequest => {
  const roster = ReadModels.rosterOf(models, organizationId)
  const learners = reconciliationLearners(roster, organizationId)
  const reconciledByIne: Array<Reconciliation.LinkedLearner> = []
  const accountIds = new Set<string>()
  for (const learner of learners) {
    if (learner.userId !== null) accountIds.add(learner.userId)
    if (learner.nationalStudentId === null) continue
    const linked = models.linkedByIne.get(learner.nationalStudentId)
    if (linked !== undefined) {
      reconciledByIne.push(linked)
      accountIds.add(linked.userId)
    }
  }
  const userLearners = userId === null ? [] : [...(models.linksByUser.get(userId)?.values() ?? [])]
  const accounts: Array<Reconciliation.Account> = []
  for (const id of accountIds) {
    const account = models.accounts.get(id)
    if (account !== undefined)
      accounts.push({
        userId: id,
        authenticationMethods: { samlId: account.samlId, username: account.username, email: account.email }
      })
  }
  return { userId, organizationId, typed, learners, reconciledByIne, userLearners, accounts }
}

/**
 * Builds the roster use cases of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "previewSiecleImport" | "importSiecleFile"> => {
  const { clock, ids, models, commit, write, useCase, query, organizationOf } = plumbing

  /** Reads the file and decides the import, without writing anything. */
  const planImport = (actor: Actor.Actor, input: { organizationId: string; fileName: string; bytes: Uint8Array }) =>
    Effect.gen(function* () {
      const organization = yield* organizationOf(input.organizationId)
      yield* check(Policy.canImportStudents(actor, organization))
      const actorId = yield* userOf(actor)
      const now = yield* clock.now
      const read = Siecle.read(input.bytes, { uai: organization.registration?.uai ?? "" })
      if (Result.isFailure(read)) return { _tag: "Refused" as const, actorId, now, failure: read.failure }
      const file = read.success
      const roster = ReadModels.rosterOf(models, input.organizationId)
      // Aligned with the file's students: a fresh id where the INE is new, the known learner's id (ignored)
      // elsewhere; accounts already linked to these INEs anywhere are carried over (§1.7).
      const newLearnerIds: Array<string> = []
      const knownAccounts: Array<ReadModels.Linked> = []
      for (const student of file.students) {
        const known = roster.byIne.get(student.nationalStudentId)
        newLearnerIds.push(known ?? (yield* ids.next))
        const linked = models.linkedByIne.get(student.nationalStudentId)
        if (linked !== undefined && linked.nationalStudentId !== null) knownAccounts.push(linked)
      }
      // The one mapping from read records to the domain's command (stricter field checks, Pix's codes).
      const command = ImportCommand.toImportCommand(file, {
        organizationId: input.organizationId as never,
        actorId: actorId as never,
        newLearnerIds: newLearnerIds as never,
        knownAccounts: knownAccounts as never,
        schoolYear: schoolYearAt(now) as never,
        fileName: input.fileName,
        now: now as never
      })
      if (Result.isFailure(command)) return { _tag: "Refused" as const, actorId, now, failure: command.failure }
      const records = command.success.records
      const schoolYear: string = command.success.schoolYear
      const events = yield* fromResult(RosterDecider.decide(command.success, roster as unknown as Roster.Roster))
      return { _tag: "Planned" as const, actorId, now, schoolYear, records, events, roster }
    })

  const summarize = (planned: {
    records: ReadonlyArray<StudentRecordSchema.StudentRecord>
    events: ReadonlyArray<Streams.DomainEvent>
    roster: ReadModels.RosterView
  }) => {
    const line = (record: { nationalStudentId: string; lastName: string; firstName: string; division: string }) => ({
      nationalStudentId: record.nationalStudentId,
      lastName: record.lastName,
      firstName: record.firstName,
      division: record.division
    })
    const added: Array<Views.PreviewLearner> = []
    const updated: Array<Views.PreviewLearner> = []
    const disabled: Array<Views.PreviewLearner> = []
    const reenabled: Array<Views.PreviewLearner> = []
    for (const event of planned.events as ReadonlyArray<Streams.DomainEvent & Record<string, never>>) {
      if (event._tag === "StudentImported") {
        const imported = event as unknown as StudentRecordSchema.StudentRecord & { learnerId: string }
        ;(planned.roster.learners.has(imported.learnerId) ? updated : added).push(line(imported))
      } else if (event._tag === "StudentDisabled" || event._tag === "StudentReenabled") {
        const learner = planned.roster.learners.get((event as unknown as { learnerId: string }).learnerId)
        if (learner !== undefined) (event._tag === "StudentDisabled" ? disabled : reenabled).push(line(learner.record))
      }
    }
    const changed = new Set([...added, ...updated].map((learner) => learner.nationalStudentId))
    return { added, updated, disabled, reenabled, unchanged: planned.records.length - changed.size }
  }

  const recordRefusal = (
    organizationId: string,
    fileName: string,
    planned: { actorId: string; now: string; failure: SiecleError.SiecleImportFailed }
  ) => {
    const event: ReadModels.SiecleImportRejected = {
      _tag: "SiecleImportRejected",
      organizationId,
      fileName,
      schoolYear: null,
      errors: planned.failure.errors.map((error) => ({ code: error.code, message: error.message, meta: error.meta })),
      actorId: planned.actorId,
      occurredAt: planned.now
    }
    return commit(
      [{ streamId: ReadModels.importsStreamName(organizationId), expectedVersion: undefined, events: [event] }],
      { actorId: planned.actorId, useCase: "importSiecleFile", organizationId },
      planned.now
    )
  }

  const previewSiecleImport: OrgaShape["previewSiecleImport"] = (actor, input) =>
    query(
      Effect.gen(function* () {
        const planned = yield* planImport(actor, input)
        if (planned._tag === "Refused") return yield* Effect.fail(planned.failure)
        return {
          fileName: input.fileName,
          schoolYear: planned.schoolYear,
          studentsInFile: planned.records.length,
          ...summarize(planned)
        }
      })
    )

  const importSiecleFile: OrgaShape["importSiecleFile"] = (actor, input) =>
    useCase(
      Effect.gen(function* () {
        const planned = yield* planImport(actor, input)
        if (planned._tag === "Refused") {
          yield* recordRefusal(input.organizationId, input.fileName, planned)
          return yield* Effect.fail(planned.failure)
        }
        const summary = summarize(planned)
        const appended = yield* commit(
          [write(Roster.streamName(input.organizationId as never), planned.events)],
          { actorId: planned.actorId, useCase: "importSiecleFile", organizationId: input.organizationId },
          planned.now
        )
        return {
          status: "IMPORTED" as const,
          fileName: input.fileName,
          schoolYear: planned.schoolYear,
          added: summary.added.length,
          updated: summary.updated.length,
          disabled: summary.disabled.length,
          reenabled: summary.reenabled.length,
          unchanged: summary.unchanged,
          eventsAppended: appended
        }
      })
    )

  return { previewSiecleImport, importSiecleFile }
}
