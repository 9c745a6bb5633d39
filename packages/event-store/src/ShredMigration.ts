/**
 * Seals the personal fields of a log written before crypto-shredding (docs/adr/0049-crypto-shredding.md): the
 * events are read in global order, batch by batch; those with personal fields in clear are sealed (their
 * subjects' keys made on the way) and written back in place, each batch in one transaction with the migration's
 * checkpoint. Resumable and safe to interrupt: a stop loses at most the batch in flight, which the next run does
 * again (keys already made are reused; sealed events are left alone). Positions, ids, streams and versions do not
 * change: readers' checkpoints stay valid, and a rebuild reads the same facts.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { EventStoreError } from "./EventStoreError.ts"
import type * as Shredding from "./Shredding.ts"

/**
 * A stored event as the migration reads and writes it: its position, type and data as JSON text.
 *
 * @category models
 * @since 0.1.0
 */
export interface Row {
  readonly position: bigint
  readonly type: string
  readonly data: string
}

/**
 * What a store gives the migration.
 *
 * @category models
 * @since 0.1.0
 */
export interface Target {
  /** The last position the migration finished (0n before its first batch). */
  readonly checkpoint: Effect.Effect<bigint, EventStoreError>
  /** The events after `after`, at most `limit`, in global order. */
  readonly read: (after: bigint, limit: number) => Effect.Effect<ReadonlyArray<Row>, EventStoreError>
  /** Writes back the sealed events and the new checkpoint, in one transaction. */
  readonly write: (
    rows: ReadonlyArray<Pick<Row, "position" | "data">>,
    checkpoint: bigint
  ) => Effect.Effect<void, EventStoreError>
  /** Once every event is sealed: removes the clear bytes the store may still hold (free pages, its own log). */
  readonly finish: Effect.Effect<void, EventStoreError>
}

/**
 * How far a run went.
 *
 * @category models
 * @since 0.1.0
 */
export interface Progress {
  readonly scanned: number
  readonly sealed: number
  readonly checkpoint: bigint
}

/**
 * Runs the migration to the log's end (or `maxBatches` batches, for a run that must stop early).
 *
 * @category constructors
 * @since 0.1.0
 */
export const run = (
  target: Target,
  shredder: Shredding.Shredder,
  options: { readonly batchSize?: number; readonly maxBatches?: number } = {}
): Effect.Effect<Progress, EventStoreError | Shredding.ShreddingError> =>
  Effect.gen(function* () {
    const batchSize = Math.max(1, options.batchSize ?? 1_000)
    let checkpoint = yield* target.checkpoint
    let scanned = 0
    let sealed = 0
    for (let batch = 0; options.maxBatches === undefined || batch < options.maxBatches; batch++) {
      const rows = yield* target.read(checkpoint, batchSize)
      if (rows.length === 0) {
        yield* target.finish
        break
      }
      const events = rows.map((row) => ({ id: String(row.position), type: row.type, data: JSON.parse(row.data) }))
      const after = yield* shredder.sealAll(events)
      const changed = rows.flatMap((row, index) =>
        after[index] === events[index] ? [] : [{ position: row.position, data: JSON.stringify(after[index]!.data) }]
      )
      checkpoint = rows[rows.length - 1]!.position
      yield* target.write(changed, checkpoint)
      scanned += rows.length
      sealed += changed.length
    }
    return { scanned, sealed, checkpoint }
  })
