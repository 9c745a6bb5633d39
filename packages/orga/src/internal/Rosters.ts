/**
 * The roster of a school: the SIECLE file is read and decided without writing (preview), then imported in one
 * append (a refused file is recorded in the import history); a student's account is linked to a learner by
 * reconciliation (see `reconcileRequest`, used when joining a campaign and to explain a refusal).
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { RosterError } from "@orga/domain"
import { ImportCommand, Siecle, SiecleError, type SiecleFile } from "@orga/siecle"
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
  type StudentRecordSchema,
  type Timestamp
} from "./Domain.ts"
import * as ImportPlans from "./ImportPlans.ts"
import * as Inputs from "./Inputs.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
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
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "previewSiecleImport" | "importSiecleFile" | "confirmSiecleImport"> => {
  const { now: clockNow, ids, models, write, useCase, query, organizationOf } = plumbing
  // Serving from the tables, the file's INEs are loaded once it is read (a no-op in memory mode).
  const ensureInes = (file: SiecleFile) =>
    plumbing.ensure(file.students.map((student) => PartitionRouter.ine(student.nationalStudentId)))
  // The previews' plans, for their confirmation (ADR 0052): in this process only, never in the log.
  const plans = ImportPlans.make<Planned>()

  /** The accounts already linked, anywhere, to the INEs of the file's students (carried over, §1.7). */
  const knownAccountsOf = (file: SiecleFile): Array<ReadModels.Linked> => {
    const known: Array<ReadModels.Linked> = []
    for (const student of file.students) {
      const linked = models.linkedByIne.get(student.nationalStudentId)
      if (linked !== undefined && linked.nationalStudentId !== null) known.push(linked)
    }
    return known
  }

  /** Decides the import of a file read (a SIECLE file's students) on the roster as it is now. */
  const planFile = (
    file: SiecleFile,
    context: {
      organizationId: Ids.OrganizationId
      actorId: Ids.UserId
      fileName: string
      now: Timestamp.Timestamp
    }
  ) =>
    Effect.gen(function* () {
      const { organizationId, actorId, fileName, now } = context
      const roster = ReadModels.rosterOf(models, organizationId)
      const rosterVersion = models.versions.get(Roster.streamName(organizationId)) ?? 0n
      // Aligned with the file's students: a fresh id where the INE is new, the known learner's id (ignored)
      // elsewhere; accounts already linked to these INEs anywhere are carried over (§1.7).
      const newLearnerIds: Array<string> = []
      for (const student of file.students) {
        const known = roster.byIne.get(student.nationalStudentId)
        newLearnerIds.push(known ?? (yield* ids.next))
      }
      yield* ensureInes(file)
      const knownAccounts = knownAccountsOf(file)
      // The one mapping from read records to the domain's command (stricter field checks, Pix's codes).
      // Branded in one decode each (an import draws thousands of ids).
      const command = ImportCommand.toImportCommand(file, {
        organizationId,
        actorId,
        newLearnerIds: yield* brand(Schema.Array(Ids.LearnerId))(newLearnerIds),
        knownAccounts: yield* brand(Schema.Array(RosterCommand.KnownAccount))(knownAccounts),
        schoolYear: yield* brand(SchoolYear.SchoolYear)(schoolYearAt(now)),
        fileName,
        now
      })
      if (Result.isFailure(command)) return { _tag: "Refused" as const, actorId, now, failure: command.failure }
      const records = command.success.records
      const schoolYear: string = command.success.schoolYear
      const events = yield* fromResult(RosterDecider.decide(command.success, roster as unknown as Roster.Roster))
      const planned: Planned = {
        _tag: "Planned",
        organizationId,
        actorId,
        now,
        schoolYear,
        records,
        events,
        roster,
        rosterVersion,
        file,
        knownAccounts,
        // The students the reader left out, for the people who import (the first of each reason, exact counts).
        skipped: file.report.skipped,
        skippedStudents: file.report.skippedStudents
      }
      return planned
    })

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
      return yield* planFile(read.success, {
        organizationId: input.organizationId,
        actorId,
        fileName: input.fileName,
        now
      })
    })

  /**
   * A preview's plan as an import decided now would be: the same events, stamped now, when nothing it was decided
   * on changed (the roster's version, the accounts linked to the file's INEs, the school year); decided again on
   * the file it read otherwise (never a stale write).
   */
  const replan = (entry: ImportPlans.Entry<Planned>, plan: Planned, actorId: Ids.UserId, now: Timestamp.Timestamp) =>
    Effect.andThen(ensureInes(plan.file), () => replanLoaded(entry, plan, actorId, now))

  const replanLoaded = (
    entry: ImportPlans.Entry<Planned>,
    plan: Planned,
    actorId: Ids.UserId,
    now: Timestamp.Timestamp
  ) => {
    const known = knownAccountsOf(plan.file)
    const unchanged =
      (models.versions.get(Roster.streamName(plan.organizationId)) ?? 0n) === plan.rosterVersion &&
      schoolYearAt(now) === plan.schoolYear &&
      known.length === plan.knownAccounts.length &&
      known.every((account, index) => sameAccount(account, plan.knownAccounts[index]))
    if (unchanged)
      return Effect.succeed({
        ...plan,
        now,
        events: plan.events.map((event) => ({ ...event, occurredAt: now }) as StoredEvent.StoredEvent)
      } satisfies Planned)
    return planFile(plan.file, { organizationId: plan.organizationId, actorId, fileName: entry.fileName, now })
  }

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
        const previewId = yield* ids.next
        const nowMillis = Date.parse(planned.now)
        const expiresAt = nowMillis + ImportPlans.defaults.ttlMillis
        plans.put(
          {
            previewId,
            organizationId: planned.organizationId,
            actorId: planned.actorId,
            fileName: input.fileName,
            digest: digestOf(input.bytes),
            expiresAt,
            state: "planned",
            plan: planned
          },
          nowMillis
        )
        return {
          fileName: input.fileName,
          schoolYear: planned.schoolYear,
          studentsInFile: planned.records.length,
          skipped: planned.skipped,
          skippedStudents: planned.skippedStudents,
          ...summarize(planned),
          previewId,
          expiresAt: new Date(expiresAt).toISOString()
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

  /** The writes and answer of a planned import: the roster's events and the import's history entry. */
  const appendPlanned = (planned: Planned, fileName: string) => {
    const meta = { actorId: planned.actorId, organizationId: planned.organizationId, occurredAt: planned.now }
    const summary = summarize(planned)
    // Every import gets its history entry, an identical file included (it writes no roster event).
    const record = ImportRecord.SiecleImportRecorded.make({
      organizationId: planned.organizationId,
      fileName,
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
  }

  const answered = (answer: Imported) =>
    answer._tag === "Refused" ? Effect.fail(answer.failure) : Effect.succeed(answer.outcome)

  /**
   * The plan of a preview, taken for its confirmation by the user who previewed, in the organization it was made
   * for (and for the same file, when the file is sent again); `previewNotFound` or `previewAlreadyConfirmed`.
   */
  const take = (
    previewId: string,
    organizationId: string,
    actorId: string,
    now: string,
    digest?: string
  ): Result.Result<ImportPlans.Entry<Planned>, DomainError.DomainError> => {
    const entry = plans.get(previewId, Date.parse(now))
    if (
      entry === undefined ||
      entry.organizationId !== organizationId ||
      entry.actorId !== actorId ||
      (digest !== undefined && entry.digest !== digest)
    )
      return Result.fail(RosterError.previewNotFound(previewId))
    if (entry.state !== "planned" || entry.plan === null)
      return Result.fail(RosterError.previewAlreadyConfirmed(previewId))
    entry.state = "confirming"
    return Result.succeed(entry)
  }

  /** After a confirmation: its preview is done (kept without its plan until it expires), or confirmable again. */
  const settle = (taken: ImportPlans.Entry<Planned> | undefined, succeeded: boolean) => {
    if (taken === undefined) return
    if (succeeded) {
      taken.state = "confirmed"
      taken.plan = null
    } else taken.state = "planned"
  }

  const importSiecleFile: OrgaShape["importSiecleFile"] = (actor, input, options) =>
    // With the id of this file's preview, its plan is used (the file is not read again); without, or with an id
    // this process does not know, the file is read and planned. `taken` is each run's own.
    Effect.suspend(() => {
      let taken: ImportPlans.Entry<Planned> | undefined
      return useCase(
        "importSiecleFile",
        options,
        Effect.gen(function* () {
          const previewId = input.previewId
          let reused: Planned | undefined
          if (previewId !== undefined) {
            yield* Inputs.decode(Inputs.SiecleFile)(input)
            yield* Inputs.decode(Inputs.PreviewId)(previewId)
            const organization = yield* organizationOf(input.organizationId)
            yield* check(Policy.canImportStudents(actor, organization))
            const actorId = yield* userOf(actor)
            const now = yield* clockNow
            if (taken === undefined) {
              const found = take(previewId, input.organizationId, actorId, now, digestOf(input.bytes))
              if (Result.isSuccess(found)) taken = found.success
            }
            const plan = taken?.plan ?? null
            if (taken !== undefined && plan !== null) {
              const replanned = yield* replan(taken, plan, actorId, now)
              if (replanned._tag === "Planned") reused = replanned
            }
          }
          const planned = reused ?? (yield* planImport(actor, input))
          if (planned._tag === "Refused") {
            const refused: Imported = { _tag: "Refused", failure: planned.failure }
            const meta = { actorId: planned.actorId, organizationId: input.organizationId, occurredAt: planned.now }
            return outcome([refusal(input.organizationId, input.fileName, planned)], refused, meta)
          }
          return appendPlanned(planned, input.fileName)
        }),
        replayImport
      ).pipe(
        Effect.onExit((exit) => Effect.sync(() => settle(taken, exit._tag === "Success"))),
        Effect.flatMap(answered)
      )
    })

  const confirmSiecleImport: OrgaShape["confirmSiecleImport"] = (actor, raw, options) =>
    // The preview's plan, taken once per run: a decision run again (a concurrent writer) decides on it again, and
    // a second confirmation of the same preview finds it taken.
    Effect.suspend(() => {
      let taken: ImportPlans.Entry<Planned> | undefined
      return useCase(
        "confirmSiecleImport",
        options,
        Effect.gen(function* () {
          const input = yield* Inputs.decode(Inputs.ConfirmSiecleImport)(raw)
          const organization = yield* organizationOf(input.organizationId)
          yield* check(Policy.canImportStudents(actor, organization))
          const actorId = yield* userOf(actor)
          const now = yield* clockNow
          if (taken === undefined) taken = yield* fromResult(take(input.previewId, input.organizationId, actorId, now))
          const plan = taken.plan
          if (plan === null) return yield* Effect.fail(RosterError.previewAlreadyConfirmed(input.previewId))
          const planned = yield* replan(taken, plan, actorId, now)
          if (planned._tag === "Refused") {
            const refused: Imported = { _tag: "Refused", failure: planned.failure }
            const meta = { actorId, organizationId: input.organizationId, occurredAt: now }
            return outcome([refusal(input.organizationId, taken.fileName, planned)], refused, meta)
          }
          return appendPlanned(planned, taken.fileName)
        }),
        replayImport
      ).pipe(
        Effect.onExit((exit) => Effect.sync(() => settle(taken, exit._tag === "Success"))),
        Effect.flatMap(answered)
      )
    })

  return { previewSiecleImport, importSiecleFile, confirmSiecleImport }
}

/** A decided import, and what it was decided on (kept by a preview for its confirmation). */
interface Planned {
  readonly _tag: "Planned"
  readonly organizationId: Ids.OrganizationId
  readonly actorId: Ids.UserId
  readonly now: Timestamp.Timestamp
  readonly schoolYear: string
  readonly records: ReadonlyArray<StudentRecordSchema.StudentRecord>
  readonly events: ReadonlyArray<StoredEvent.StoredEvent>
  readonly roster: ReadModels.RosterView
  readonly rosterVersion: bigint
  readonly file: SiecleFile
  readonly knownAccounts: ReadonlyArray<ReadModels.Linked>
  readonly skipped: SiecleFile["report"]["skipped"]
  readonly skippedStudents: SiecleFile["report"]["skippedStudents"]
}

const sameAccount = (one: ReadModels.Linked, other: ReadModels.Linked | undefined): boolean =>
  other !== undefined &&
  one.userId === other.userId &&
  one.organizationId === other.organizationId &&
  one.nationalStudentId === other.nationalStudentId &&
  one.birthdate === other.birthdate

/** The SHA-256 of a file, what a preview is bound to. */
const digestOf = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")
