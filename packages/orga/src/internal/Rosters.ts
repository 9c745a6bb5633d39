/**
 * The roster of a school: the SIECLE file is read and decided without writing (preview), then imported in one
 * append (a refused file is recorded in the import history); a student's account is linked to a learner by
 * reconciliation (see `reconcileRequest`, used when joining a campaign and to explain a refusal).
 *
 * @since 0.1.0
 */
import { ImportCommand, Siecle, SiecleError } from "@orga/siecle"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { OrgaShape, TypedIdentity } from "../Orga.ts"
import type * as Views from "../Views.ts"
import {
  type Actor,
  DomainError,
  Ids,
  ImportRecord,
  ImportRejection,
  Policy,
  type Reconciliation,
  Roster,
  RosterCommand,
  RosterDecider,
  SchoolYear,
  type StoredEvent,
  type StudentRecordSchema
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { brand, check, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Streams from "./Streams.ts"

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
 * Builds the roster use cases of the front door over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "previewSiecleImport" | "importSiecleFile"> => {
  const { now: clockNow, ids, models, write, useCase, query, organizationOf } = plumbing

  /** Reads the file and decides the import, without writing anything. */
  const planImport = (actor: Actor.Actor, raw: { organizationId: string; fileName: string; bytes: Uint8Array }) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(Inputs.SiecleFile)(raw)
      const organization = yield* organizationOf(input.organizationId)
      yield* check(Policy.canImportStudents(actor, organization))
      const actorId = yield* userOf(actor)
      const now = yield* clockNow
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
      // Branded in one decode each (an import draws thousands of ids).
      const command = ImportCommand.toImportCommand(file, {
        organizationId: input.organizationId,
        actorId,
        newLearnerIds: yield* brand(Schema.Array(Ids.LearnerId))(newLearnerIds),
        knownAccounts: yield* brand(Schema.Array(RosterCommand.KnownAccount))(knownAccounts),
        schoolYear: yield* brand(SchoolYear.SchoolYear)(schoolYearAt(now)),
        fileName: input.fileName,
        now
      })
      if (Result.isFailure(command)) return { _tag: "Refused" as const, actorId, now, failure: command.failure }
      const records = command.success.records
      const schoolYear: string = command.success.schoolYear
      const events = yield* fromResult(RosterDecider.decide(command.success, roster as unknown as Roster.Roster))
      return {
        _tag: "Planned" as const,
        organizationId: input.organizationId,
        actorId,
        now,
        schoolYear,
        records,
        events,
        roster,
        // The students the reader left out, for the people who import (the first of each reason, exact counts).
        skipped: file.report.skipped,
        skippedStudents: file.report.skippedStudents
      }
    })

  const summarize = (planned: {
    records: ReadonlyArray<StudentRecordSchema.StudentRecord>
    events: ReadonlyArray<StoredEvent.StoredEvent>
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
    for (const event of planned.events) {
      if (event._tag === "StudentImported") {
        ;(planned.roster.learners.has(event.learnerId) ? updated : added).push(line(event))
      } else if (event._tag === "StudentDisabled" || event._tag === "StudentReenabled") {
        const learner = planned.roster.learners.get(event.learnerId)
        if (learner !== undefined) (event._tag === "StudentDisabled" ? disabled : reenabled).push(line(learner.record))
      }
    }
    const changed = new Set([...added, ...updated].map((learner) => learner.nationalStudentId))
    return { added, updated, disabled, reenabled, unchanged: planned.records.length - changed.size }
  }

  /** A refused file, recorded for the import history (it cannot conflict: any version). */
  const refusal = (
    organizationId: string,
    fileName: string,
    planned: { actorId: string; now: string; failure: SiecleError.SiecleImportFailed }
  ) =>
    Streams.anyVersion(ImportRejection.streamName(organizationId), [
      ImportRejection.SiecleImportRejected.make({
        organizationId,
        fileName,
        schoolYear: null,
        errors: planned.failure.errors.map((error) => ({ code: error.code, message: error.message, meta: error.meta })),
        errorCounts: planned.failure.errorCounts,
        errorTotal: planned.failure.errorTotal,
        actorId: planned.actorId,
        occurredAt: planned.now
      })
    ])

  const previewSiecleImport: OrgaShape["previewSiecleImport"] = (actor, input) =>
    query(
      Effect.gen(function* () {
        const planned = yield* planImport(actor, input)
        if (planned._tag === "Refused") return yield* Effect.fail(planned.failure)
        return {
          fileName: input.fileName,
          schoolYear: planned.schoolYear,
          studentsInFile: planned.records.length,
          skipped: planned.skipped,
          skippedStudents: planned.skippedStudents,
          ...summarize(planned)
        }
      })
    )

  const outcomeOf = (record: ImportRecord.SiecleImportRecorded, eventsAppended: number): Views.ImportOutcome => ({
    status: "IMPORTED",
    fileName: record.fileName,
    schoolYear: record.schoolYear,
    studentsInFile: record.studentsInFile,
    skipped: record.skipped,
    skippedStudents: record.skippedStudents,
    added: record.added,
    updated: record.updated,
    disabled: record.disabled,
    reenabled: record.reenabled,
    unchanged: record.unchanged,
    eventsAppended
  })

  type Imported =
    | { readonly _tag: "Imported"; readonly outcome: Views.ImportOutcome }
    | { readonly _tag: "Refused"; readonly failure: SiecleError.SiecleImportFailed }

  // A re-delivered import answers what its events say: the import's record (or, for an import written before
  // records, the counts of `SiecleImportCompleted`, new and updated learners both counted as added), or the
  // refusal's errors.
  const replayImport = (events: ReadonlyArray<StoredEvent.StoredEvent>): Imported => {
    const record = events.find((event) => event._tag === "SiecleImportRecorded")
    if (record !== undefined) return { _tag: "Imported", outcome: outcomeOf(record, events.length - 1) }
    for (const event of events) {
      if (event._tag === "SiecleImportRejected")
        return {
          _tag: "Refused",
          failure: new SiecleError.SiecleImportFailed({
            errors: event.errors.map(
              (error) =>
                new DomainError.InvalidInput({
                  code: error.code,
                  message: error.message,
                  meta:
                    typeof error.meta === "object" && error.meta !== null
                      ? Object.fromEntries(Object.entries(error.meta))
                      : {}
                })
            ),
            errorCounts: event.errorCounts,
            errorTotal: event.errorTotal
          })
        }
      if (event._tag === "SiecleImportCompleted")
        return {
          _tag: "Imported",
          outcome: {
            status: "IMPORTED",
            fileName: event.fileName,
            schoolYear: event.schoolYear,
            studentsInFile: event.importedCount,
            skipped: { left: 0, notArrived: 0, noDivision: 0 },
            skippedStudents: [],
            added: event.importedCount,
            updated: 0,
            disabled: event.disabledCount,
            reenabled: event.reenabledCount,
            unchanged: 0,
            eventsAppended: events.length
          }
        }
    }
    return { _tag: "Refused", failure: SiecleError.failed([]) }
  }

  const importSiecleFile: OrgaShape["importSiecleFile"] = (actor, input, options) =>
    useCase(
      "importSiecleFile",
      options,
      Effect.gen(function* () {
        const planned = yield* planImport(actor, input)
        const meta = { actorId: planned.actorId, organizationId: input.organizationId, occurredAt: planned.now }
        if (planned._tag === "Refused") {
          const refused: Imported = { _tag: "Refused", failure: planned.failure }
          return outcome([refusal(input.organizationId, input.fileName, planned)], refused, meta)
        }
        const summary = summarize(planned)
        // Every import gets its history entry, an identical file included (it writes no roster event).
        const record = ImportRecord.SiecleImportRecorded.make({
          organizationId: planned.organizationId,
          fileName: input.fileName,
          schoolYear: planned.schoolYear,
          studentsInFile: planned.records.length,
          added: summary.added.length,
          updated: summary.updated.length,
          disabled: summary.disabled.length,
          reenabled: summary.reenabled.length,
          unchanged: summary.unchanged,
          skipped: planned.skipped,
          skippedStudents: planned.skippedStudents,
          actorId: planned.actorId,
          occurredAt: planned.now
        })
        const imported: Imported = { _tag: "Imported", outcome: outcomeOf(record, planned.events.length) }
        return outcome(
          [
            write(Roster.streamName(planned.organizationId), planned.events),
            Streams.anyVersion(ImportRejection.streamName(planned.organizationId), [record])
          ],
          imported,
          meta
        )
      }),
      replayImport
    ).pipe(
      Effect.flatMap((answer) =>
        answer._tag === "Refused" ? Effect.fail(answer.failure) : Effect.succeed(answer.outcome)
      )
    )

  return { previewSiecleImport, importSiecleFile }
}
