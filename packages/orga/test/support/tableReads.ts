/**
 * Test support: what an instance serving from the read-model tables reads from them, counted through its tables'
 * sink: the keys of the rows it asks (and in which reads), and how many times it read every row.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ReadModelTables from "../../src/ReadModelTables.ts"
import * as Sqlite from "../../src/stores/Sqlite.ts"
import { type Harness, harness, sqliteStore } from "./harness.ts"

export interface Reads {
  /** Every key asked, in order. */
  keys: Array<string>
  /** The keys of each read, one entry a read. */
  reads: Array<ReadonlyArray<string>>
  /** Reads of every row (`scan`). */
  scans: number
}

export const noReads = (): Reads => ({ keys: [], reads: [], scans: 0 })

export const clear = (reads: Reads): void => {
  reads.keys.length = 0
  reads.reads.length = 0
  reads.scans = 0
}

/** The store layer, its tables' sink counting into `reads`. */
export const counting = (layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>, reads: Reads) =>
  Layer.effectContext(
    Effect.map(Effect.context<ReadModelTables.ReadModelTables>(), (context) => {
      const tables = Context.get(context, ReadModelTables.ReadModelTables)
      return Context.add(context, ReadModelTables.ReadModelTables, {
        ...tables,
        sink: {
          ...tables.sink,
          readAt: (keys) => {
            reads.keys.push(...keys)
            reads.reads.push([...keys])
            return tables.sink.readAt(keys)
          },
          scan: Effect.suspend(() => {
            reads.scans++
            return tables.sink.scan
          })
        }
      } satisfies ReadModelTables.ReadModelTablesShape)
    })
  ).pipe(Layer.provide(layer)) as unknown as Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>

/** The schools among keys (`org:`), each once, sorted. */
export const schoolsOf = (keys: ReadonlyArray<string>): Array<string> =>
  [...new Set(keys.filter((key) => key.startsWith("org:")))].sort()

/**
 * Two instances over one SQLite file: one serving from its read-model tables (keeping `cacheSchools` schools, its
 * reads counted into `reads`), and one folding the whole log in memory, the reference its answers are compared with.
 */
export const servedBesideMemory = (
  filename: string,
  cacheSchools: number,
  reads: Reads
): { readonly served: Harness; readonly memory: Harness; readonly dispose: () => Promise<void> } => {
  const served = harness(
    counting(Sqlite.layer(filename, { durability: "normal", readModels: "tables", cacheSchools }), reads),
    { idPrefix: "served" }
  )
  const memory = harness(sqliteStore(filename), { idPrefix: "memory" })
  return { served, memory, dispose: async () => void (await Promise.all([served.dispose(), memory.dispose()])) }
}
