/**
 * The back office's personal-data use cases (docs/adr/0049-crypto-shredding.md): erasing a learner or a user
 * (an erasure event with no personal data, then the subject's key destroyed), and the export of everything the
 * log and the read models hold about one person, decrypted, for a right-of-access request. Pix Admin only.
 *
 * The erasure event is appended before the key is destroyed: if the process stops in between, the next start
 * destroys the keys of every subject the log says is erased (`reconcile`), so an erasure is never half done.
 *
 * @since 0.1.0
 */
import { ErasureError, ErasureEvent, PersonalSubjects, Retention, RosterError } from "@orga/domain"
import type { EventStore, EventStoreError, Shredding } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { CommandOptions, OrgaActor, OrgaError } from "../Orga.ts"
import type * as Privacy from "../Privacy.ts"
import { Account, AccountError, type Actor, Ids, Policy, Roster } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { outcome, type Plumbing, unauthenticated } from "./Plumbing.ts"
import * as SnapshotStorage from "./Snapshots.ts"

const Reason = Schema.optional(ErasureEvent.Reason)

/**
 * The input of `eraseLearner` and `learnerData`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnerInput = Schema.Struct({
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  reason: Reason
})

/**
 * The input of `eraseUser` and `userData`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UserInput = Schema.Struct({ userId: Ids.UserId, reason: Reason })

/**
 * The input of `applyRetention` (each limit defaults to `Retention.defaults`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const RetentionInput = Schema.Struct({
  disabledSchoolYears: Schema.optional(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 0, maximum: 50 })))),
  inactiveDays: Schema.optional(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 30, maximum: 36_500 }))))
})

/**
 * Builds the personal-data use cases over the shared plumbing and the store's shredder (none: the store was
 * started without shredding, and erasure answers `ERASURE_NOT_CONFIGURED`).
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing, shredder: Option.Option<Shredding.Shredder>) => {
  const { models, pixAdmins, now: clockNow, write, useCase, query, organizationOf, store } = plumbing

  const requirePixAdmin = (actor: Actor.Actor) =>
    actor._tag === "User" && pixAdmins.has(actor.userId)
      ? Effect.succeed(actor.userId)
      : actor._tag === "Anonymous"
        ? unauthenticated()
        : Effect.fail(Policy.pixAdminRequiredError())

  const requireShredder = Option.match(shredder, {
    onNone: () => Effect.fail(ErasureError.notConfigured()),
    onSome: (value) => Effect.succeed(value)
  })

  // The key goes after the event: a failure in between is finished by `reconcile` at the next start.
  // Then the snapshots taken before the erasure, with their keys (ADR 0056): none readable is left, and no
  // instance can store an older one afterwards (the store's floor is the position the erasure was folded at).
  const destroyKey = (subject: string) =>
    Effect.andThen(
      Option.match(shredder, {
        onNone: () => Effect.void,
        onSome: (value) => Effect.asVoid(value.erase(subject))
      }),
      Effect.suspend(() => dropSnapshots(plumbing))
    )

  const learnerOf = (organizationId: string, learnerId: string) =>
    Effect.gen(function* () {
      yield* organizationOf(organizationId)
      const learner = models.rosters.get(organizationId)?.learners.get(learnerId)
      if (learner === undefined) return yield* Effect.fail(RosterError.learnerNotFound(learnerId as Ids.LearnerId))
      return learner
    })

  const eraseLearner = (
    actor: OrgaActor,
    raw: { readonly organizationId: string; readonly learnerId: string; readonly reason?: "REQUEST" | "RETENTION" },
    options?: CommandOptions
  ): Effect.Effect<Privacy.Erased, OrgaError> =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(LearnerInput)(raw)
      const subject = PersonalSubjects.learner(input.learnerId)
      const erased = yield* useCase(
        "eraseLearner",
        options,
        Effect.gen(function* () {
          const actorId = yield* requirePixAdmin(actor)
          yield* requireShredder
          yield* learnerOf(input.organizationId, input.learnerId)
          if (models.erased.has(subject)) return yield* Effect.fail(ErasureError.alreadyErased(subject))
          const occurredAt = yield* clockNow
          const event = ErasureEvent.LearnerErased.make({
            organizationId: input.organizationId,
            learnerId: input.learnerId,
            reason: input.reason ?? "REQUEST",
            actorId,
            occurredAt
          })
          return outcome(
            [write(Roster.streamName(input.organizationId), [event])],
            { subject, erasedAt: occurredAt },
            { actorId, organizationId: input.organizationId, occurredAt }
          )
        }),
        (events) => ({
          subject,
          erasedAt: events.find((event) => event._tag === "LearnerErased")?.occurredAt ?? ""
        })
      )
      yield* destroyKey(subject)
      return erased
    })

  const eraseUser = (
    actor: OrgaActor,
    raw: { readonly userId: string; readonly reason?: "REQUEST" | "RETENTION" },
    options?: CommandOptions
  ): Effect.Effect<Privacy.Erased, OrgaError> =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(UserInput)(raw)
      const subject = PersonalSubjects.user(input.userId)
      const erased = yield* useCase(
        "eraseUser",
        options,
        Effect.gen(function* () {
          const actorId = yield* requirePixAdmin(actor)
          yield* requireShredder
          if (!models.accounts.has(input.userId)) return yield* Effect.fail(AccountError.userNotFound(input.userId))
          if (models.erased.has(subject)) return yield* Effect.fail(ErasureError.alreadyErased(subject))
          const occurredAt = yield* clockNow
          const event = ErasureEvent.UserErased.make({
            userId: input.userId,
            reason: input.reason ?? "REQUEST",
            actorId,
            occurredAt
          })
          return outcome(
            [write(Account.streamName(input.userId), [event])],
            { subject, erasedAt: occurredAt },
            { actorId, organizationId: null, occurredAt }
          )
        }),
        (events) => ({ subject, erasedAt: events.find((event) => event._tag === "UserErased")?.occurredAt ?? "" })
      )
      yield* destroyKey(subject)
      return erased
    })

  // Every event of the log that `keep` selects, opened by the store (a back-office request: one pass).
  const eventsWhere = (keep: (event: EventStore.RecordedEvent) => boolean) =>
    Effect.gen(function* () {
      const found: Array<Privacy.DataExport["events"][number]> = []
      let after = 0n
      while (true) {
        const batch = yield* store.readAll({ after, maxCount: 5_000 })
        for (const event of batch)
          if (keep(event))
            found.push({
              type: event.type,
              streamId: event.streamId,
              position: event.globalPosition.toString(),
              recordedAt: event.recordedAt.toISOString(),
              data: event.data
            })
        if (batch.length < 5_000) return found
        after = batch[batch.length - 1]!.globalPosition
      }
    })

  const fieldOf = (event: EventStore.RecordedEvent, field: string): unknown =>
    typeof event.data === "object" && event.data !== null ? (event.data as Record<string, unknown>)[field] : undefined

  const participationsWhere = (
    keep: (participation: { userId: string | null; learnerId: string | null }) => boolean
  ) => {
    const views = []
    for (const ids of models.participationsByCampaign.values())
      for (const participationId of ids) {
        const view = models.participation(participationId)
        if (view !== undefined && keep(view)) views.push(view)
      }
    return views
  }

  const learnerData = (
    actor: OrgaActor,
    raw: { readonly organizationId: string; readonly learnerId: string }
  ): Effect.Effect<Privacy.DataExport, OrgaError> =>
    query(
      Effect.gen(function* () {
        const input = yield* Inputs.decode(LearnerInput)(raw)
        yield* requirePixAdmin(actor)
        const learner = yield* learnerOf(input.organizationId, input.learnerId)
        const subject = PersonalSubjects.learner(input.learnerId)
        if (models.erased.has(subject)) return yield* Effect.fail(ErasureError.alreadyErased(subject))
        const participations = participationsWhere((participation) => participation.learnerId === input.learnerId)
        const participationIds = new Set(participations.map((participation) => participation.participationId))
        const events = yield* eventsWhere(
          (event) =>
            (fieldOf(event, "learnerId") === input.learnerId &&
              fieldOf(event, "organizationId") === input.organizationId) ||
            participationIds.has(fieldOf(event, "participationId") as Ids.ParticipationId)
        )
        return { subject, readModels: { learner, participations }, events } satisfies Privacy.DataExport
      })
    )

  const userData = (actor: OrgaActor, raw: { readonly userId: string }): Effect.Effect<Privacy.DataExport, OrgaError> =>
    query(
      Effect.gen(function* () {
        const input = yield* Inputs.decode(UserInput)(raw)
        yield* requirePixAdmin(actor)
        const account = models.accounts.get(input.userId)
        if (account === undefined) return yield* Effect.fail(AccountError.userNotFound(input.userId))
        const subject = PersonalSubjects.user(input.userId)
        if (models.erased.has(subject)) return yield* Effect.fail(ErasureError.alreadyErased(subject))
        const participations = participationsWhere((participation) => participation.userId === input.userId)
        const participationIds = new Set(participations.map((participation) => participation.participationId))
        const logins = [...models.logins].filter(([, userId]) => userId === input.userId).map(([login]) => login)
        const links = [...(models.linksByUser.get(input.userId)?.values() ?? [])]
        const events = yield* eventsWhere(
          (event) =>
            fieldOf(event, "userId") === input.userId ||
            participationIds.has(fieldOf(event, "participationId") as Ids.ParticipationId)
        )
        return {
          subject,
          readModels: { account, logins, links, participations },
          events
        } satisfies Privacy.DataExport
      })
    )

  // When each user last acted or was acted on: the last event of the log that names them (as its actor, or as
  // the user of its data). One pass over the log: a back-office batch, not a query.
  const lastActivities = Effect.gen(function* () {
    const last = new Map<string, string>()
    let after = 0n
    while (true) {
      const batch = yield* store.readAll({ after, maxCount: 5_000 })
      for (const event of batch) {
        // The runtime's time of the use case (its clock), else the store's.
        const occurredAt = event.metadata.occurredAt ?? fieldOf(event, "occurredAt")
        const at = typeof occurredAt === "string" ? occurredAt : event.recordedAt.toISOString()
        for (const userId of [event.metadata.actorId, fieldOf(event, "userId")])
          if (typeof userId === "string") last.set(userId, at)
      }
      if (batch.length < 5_000) return last
      after = batch[batch.length - 1]!.globalPosition
    }
  })

  const applyRetention = (
    actor: OrgaActor,
    raw: { readonly disabledSchoolYears?: number; readonly inactiveDays?: number },
    options?: { readonly dryRun?: boolean }
  ): Effect.Effect<Privacy.RetentionOutcome, OrgaError> =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(RetentionInput)(raw)
      yield* requirePixAdmin(actor)
      if (options?.dryRun !== true) yield* requireShredder
      const limits = {
        disabledSchoolYears: input.disabledSchoolYears ?? Retention.defaults.disabledSchoolYears,
        inactiveDays: input.inactiveDays ?? Retention.defaults.inactiveDays
      }
      const now = yield* query(clockNow)
      const learners: Array<{ readonly organizationId: string; readonly learnerId: string }> = []
      for (const [organizationId, roster] of models.rosters)
        for (const learner of roster.learners.values())
          if (
            !models.erased.has(PersonalSubjects.learner(learner.learnerId)) &&
            Retention.learnerExpired(learner, now, limits)
          )
            learners.push({ organizationId, learnerId: learner.learnerId })
      const activities = yield* lastActivities
      const users = [...models.accounts.keys()].filter(
        (userId) =>
          !pixAdmins.has(userId) &&
          !models.erased.has(PersonalSubjects.user(userId)) &&
          Retention.userExpired(activities.get(userId) ?? now, now, limits)
      )
      if (options?.dryRun !== true) {
        for (const learner of learners) yield* eraseLearner(actor, { ...learner, reason: "RETENTION" })
        for (const userId of users) yield* eraseUser(actor, { userId, reason: "RETENTION" })
      }
      return { limits, learners, users, dryRun: options?.dryRun === true }
    })

  return { eraseLearner, eraseUser, learnerData, userData, applyRetention }
}

/**
 * Drops the snapshots below the position the read models stand at, with their keys (ADR 0056): after an erasure
 * (the use case's, or one a stop interrupted), no snapshot taken before it stays readable.
 *
 * @since 0.1.0
 */
export const dropSnapshots = (plumbing: Plumbing): Effect.Effect<void, EventStoreError.EventStoreError> =>
  Option.match(plumbing.snapshots, {
    onNone: () => Effect.void,
    onSome: (snapshots) => Effect.asVoid(SnapshotStorage.dropBelow(snapshots, plumbing.catchup.position()))
  })

/**
 * Finishes the erasures a stop interrupted: every subject the log says is erased loses its key (if it still has
 * one). Run once the read models are rebuilt, before the services answer.
 *
 * @since 0.1.0
 */
export const reconcile = (
  erased: ReadonlySet<string>,
  shredder: Shredding.Shredder
): Effect.Effect<number, EventStoreError.EventStoreError> =>
  Effect.map(
    Effect.forEach([...erased].filter(shredder.hasKey), (subject) => shredder.erase(subject)),
    (done) => done.length
  )
