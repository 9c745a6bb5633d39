/**
 * Loading and writing the read models' snapshots (docs/adr/0056-read-model-snapshots.md). At start, the newest
 * snapshot whose format and fingerprint are the running code's, that opens and decodes, is put in place and the
 * replay goes on after its position; anything else (none, another version, a destroyed key, damaged bytes) means
 * the next older one, then a full replay: never a wrong state. While the instance runs, a fiber writes a snapshot
 * when enough events were folded or enough time passed (only while this instance leads, on PostgreSQL).
 *
 * @since 0.1.0
 */
import type { EventStoreError, SnapshotStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type * as Snapshots from "../Snapshots.ts"
import type * as ReadModels from "./ReadModels.ts"
import * as SnapshotCodec from "./SnapshotCodec.ts"

/**
 * A loaded snapshot: its position and id.
 *
 * @category models
 * @since 0.1.0
 */
export interface Loaded {
  readonly id: string
  readonly position: bigint
}

const openBytes = (snapshots: Snapshots.SnapshotsShape, header: SnapshotStore.Header) =>
  Effect.gen(function* () {
    const stored = yield* snapshots.store.read(header.id)
    if (stored === undefined) return undefined
    if (header.keySubject === null) return snapshots.sealer === undefined ? stored : undefined
    if (snapshots.sealer === undefined) return undefined
    return yield* snapshots.sealer.open(header.keySubject, stored)
  })

/**
 * Puts the newest usable snapshot in place of the (empty) read models; `undefined` when there is none (the read
 * models are left empty, for a full replay).
 *
 * @category constructors
 * @since 0.1.0
 */
export const load = (
  snapshots: Snapshots.SnapshotsShape,
  models: ReadModels.ReadModels
): Effect.Effect<Loaded | undefined> =>
  Effect.gen(function* () {
    const fingerprint = SnapshotCodec.fingerprint(models)
    const headers = yield* snapshots.store.list
    for (const header of headers) {
      if (header.format !== SnapshotCodec.formatVersion || header.fingerprint !== fingerprint) continue
      const bytes = yield* openBytes(snapshots, header)
      if (bytes === undefined) continue
      const roots = yield* Effect.try({ try: () => SnapshotCodec.decode(models, bytes), catch: (cause) => cause }).pipe(
        Effect.option
      )
      if (roots._tag === "None") continue
      SnapshotCodec.restore(models, roots.value)
      return { id: header.id, position: header.position }
    }
    return undefined
  }).pipe(
    // A store that cannot be read is a start without a snapshot, not a failed start.
    Effect.catch(() => Effect.succeed(undefined))
  )

/**
 * Writes a snapshot of the read models as they stand (captured synchronously, so at exactly `position()`), then
 * sealed and stored; older ones beyond `keep` are removed with their keys. Answers the position written, or
 * `undefined` when the store refused it (an erasure's floor above it).
 *
 * @category constructors
 * @since 0.1.0
 */
export const write = (
  snapshots: Snapshots.Writing,
  models: ReadModels.ReadModels,
  position: () => bigint,
  now: () => string = () => new Date().toISOString()
): Effect.Effect<bigint | undefined, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    const { at, clear } = yield* Effect.sync(() => ({ at: position(), clear: SnapshotCodec.capture(models) }))
    const id = `${at.toString().padStart(20, "0")}-${crypto.randomUUID()}`
    const sealed =
      snapshots.sealer === undefined ? { keySubject: null, sealed: clear } : yield* snapshots.sealer.seal(id, clear)
    const header: SnapshotStore.Header = {
      id,
      position: at,
      format: SnapshotCodec.formatVersion,
      fingerprint: SnapshotCodec.fingerprint(models),
      keySubject: sealed.keySubject,
      size: sealed.sealed.length,
      createdAt: now()
    }
    const outcome = yield* snapshots.store.write(header, sealed.sealed, snapshots.options.keep)
    yield* destroyKeys(snapshots, outcome.removed)
    if (!outcome.written) {
      if (sealed.keySubject !== null) yield* destroyKeys(snapshots, [header])
      return undefined
    }
    return at
  })

const destroyKeys = (snapshots: Snapshots.SnapshotsShape, removed: ReadonlyArray<SnapshotStore.Header>) =>
  Effect.forEach(
    removed,
    (header) =>
      header.keySubject === null || snapshots.sealer === undefined
        ? Effect.void
        : snapshots.sealer.destroy(header.keySubject),
    { discard: true }
  )

/**
 * Drops every snapshot below `position` (an erasure folded at or before it) and destroys their keys: no readable
 * copy of the erased person's data is left, and none written before can be stored afterwards.
 *
 * @category combinators
 * @since 0.1.0
 */
export const dropBelow = (
  snapshots: Snapshots.SnapshotsShape,
  position: bigint
): Effect.Effect<number, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    const removed = yield* snapshots.store.dropBelow(position)
    yield* destroyKeys(snapshots, removed)
    return removed.length
  })

/**
 * Writes snapshots for the life of the scope: once at once if the log moved past `since`, then whenever
 * `everyEvents` events were folded or `everySeconds` passed with the log moved. On PostgreSQL the loop runs only
 * while this instance holds the leader lock (another takes it within a second when the leader dies). A failed
 * write is retried at the next tick.
 *
 * @category constructors
 * @since 0.1.0
 */
export const writer = (
  snapshots: Snapshots.Writing,
  models: ReadModels.ReadModels,
  position: () => bigint,
  since: bigint,
  onWritten: (position: bigint) => void = () => undefined
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { everyEvents, everySeconds } = snapshots.options
    const tick = Math.max(10, Math.min(1_000, everySeconds * 1_000))
    let written = since
    let writtenAt = performance.now()
    let first = true
    const loop = Effect.gen(function* () {
      for (;;) {
        const at = position()
        const moved = at > written
        const due =
          moved && (first || at - written >= BigInt(everyEvents) || performance.now() - writtenAt >= everySeconds * 1e3)
        if (due) {
          const done = yield* write(snapshots, models, position).pipe(
            Effect.catchCause(() => Effect.succeed(undefined))
          )
          writtenAt = performance.now()
          first = false
          if (done !== undefined) {
            written = done
            onWritten(done)
          } else written = at
        } else first = false
        yield* Effect.sleep(tick)
      }
    })
    const lead = snapshots.lead
    // A lost lock connection: wait for the lock again (meanwhile another instance may lead).
    const run =
      lead === undefined
        ? loop
        : Effect.scoped(
            Effect.flatMap(lead(), () =>
              Effect.suspend(() => {
                // A new leader writes at once if it is ahead of the last snapshot it knows of.
                first = true
                return loop
              })
            )
          ).pipe(Effect.retry(Schedule.spaced("1 second")))
    yield* Effect.forkScoped(run.pipe(Effect.catchCause(() => Effect.void)))
  })
