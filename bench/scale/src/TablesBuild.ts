/**
 * The read-model tables' first build done by the bench itself (`SCALE_TABLES_BUILD=bench`), in batches of
 * `SCALE_TABLES_BATCH` events, before any instance starts: the same fold and table as the instances' leader
 * (`ReadModelTables.definition()` into the code's version's table, `<schema>.rm_orga_read_models_v2`, through `PostgresPartitions`, rows and
 * checkpoint in one transaction per batch), fed by `ProjectionRunner.catchUp` over the store in clear.
 *
 * Why: the leader inside an instance folds batches of 1,000 events, and every batch rewrites the router's row,
 * which grows with the log (2.7 MB at 1.2 million events of the académie): on the académie its rate fell from
 * about 10,000 to 1,400 events/s, too slow to build the 4.1 million events' tables in a run. Larger batches
 * rewrite the router once per batch.
 *
 * @since 0.3.0
 */
import { EventStore, ProjectionRunner } from "@orga/event-store"
import { ReadModelTables, TablesVersion } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
// Not a dependency of the bench: the adapter the store layer runs on, as `tables.ts` reaches it.
import { PostgresEventStore, PostgresPartitions } from "../../../packages/event-store-postgres/src/index.ts"

/**
 * What a build did: events folded, from which checkpoint, the checkpoint reached, milliseconds.
 *
 * @category models
 * @since 0.3.0
 */
export interface Built {
  readonly from: bigint
  readonly to: bigint
  readonly millis: number
}

/**
 * Folds the log of `schema` at `url` into the code's version's table (`TablesVersion.version`) from its checkpoint to the head, in batches
 * of `batchSize`; `onBatch` is told the checkpoint after each batch.
 *
 * @category constructors
 * @since 0.3.0
 */
export const build = (options: {
  readonly url: string
  readonly schema: string
  readonly masterKey: string
  readonly batchSize: number
  readonly onBatch?: ((checkpoint: bigint) => void) | undefined
}): Promise<Built> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        // The store in clear (personal data opened with the master key), without the tables' leader of its own.
        const context = yield* Layer.build(
          Postgres.layer(options.url, options.schema, {
            personalData: { masterKey: options.masterKey },
            readModelTables: false
          })
        )
        const clear = Context.get(context, EventStore.EventStore)
        const target = yield* PostgresEventStore.make({ connectionString: options.url, schema: options.schema })
        // The code's version's table: a fresh schema starts at it (no table of version 1 is made, so the instances
        // find no older version to upgrade from).
        const sink = yield* PostgresPartitions.make(target, {
          ...ReadModelTables.definition(),
          name: TablesVersion.nameOf(TablesVersion.version)
        })
        const from = yield* sink.checkpoint
        const began = performance.now()
        const reporting = {
          ...sink,
          apply: (events: Parameters<typeof sink.apply>[0]) =>
            Effect.tap(
              sink.apply(events),
              Effect.sync(() => options.onBatch?.(events.at(-1)?.globalPosition ?? 0n))
            )
        }
        const to = yield* ProjectionRunner.catchUp(clear, reporting, { batchSize: options.batchSize })
        return { from, to, millis: performance.now() - began }
      })
    )
  )
