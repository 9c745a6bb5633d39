/**
 * The stores under benchmark behind one small promise-based interface, so every workload runs the same code on
 * each: Orga on SQLite, Orga on PostgreSQL, and Emmett's PostgreSQL event store (same server as Orga's).
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { getPostgreSQLEventStore, readMessagesBatch } from "@event-driven-io/emmett-postgresql"
import { type EventStore, ExpectedVersion } from "@orga/event-store"
import { PostgresEventStore } from "@orga/event-store-postgres"
import { SqliteEventStore } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Payload } from "./payload.ts"
import { payload } from "./payload.ts"
import * as Pg from "./pg.ts"

/** A store under benchmark. */
export interface Subject {
  readonly name: string
  /** Appends `events` to `stream`, expecting it to hold `expected` events. */
  readonly append: (stream: string, expected: number, events: ReadonlyArray<Payload>) => Promise<void>
  /** Reads the whole log page by page; answers the number of events read. */
  readonly readAll: (pageSize: number) => Promise<number>
  /** Folds the whole log (its first `count` events) into `fold`, through the store's catch-up API. */
  readonly replay: (count: number, fold: (data: Payload, stream: string) => void) => Promise<void>
  /** Fills an empty store with `count` events as fast as it can (not measured). */
  readonly seed: (count: number) => Promise<void>
  readonly close: () => Promise<void>
}

let eventCounter = 0
const eventId = (): string => `e-${process.pid}-${++eventCounter}`

const orgaSubject = async (
  name: string,
  open: Effect.Effect<EventStore.EventStoreShape, unknown, Scope.Scope>,
  seed: (store: EventStore.EventStoreShape, count: number) => Promise<void>
): Promise<Subject> => {
  const scope = await Effect.runPromise(Scope.make())
  const store = await Effect.runPromise(Scope.provide(open, scope))
  return {
    name,
    append: (stream, expected, events) =>
      Effect.runPromise(
        Effect.asVoid(
          store.append([
            {
              streamId: stream,
              expectedVersion: ExpectedVersion.exact(expected),
              events: events.map((data) => ({ id: eventId(), type: "StudentImported", data }))
            }
          ])
        )
      ),
    readAll: async (pageSize) => {
      let after = 0n
      let count = 0
      for (;;) {
        const page = await Effect.runPromise(store.readAll({ after, maxCount: pageSize }))
        const last = page[page.length - 1]
        if (!last) return count
        count += page.length
        after = last.globalPosition
      }
    },
    replay: (count, fold) =>
      Effect.runPromise(
        store.subscribe({ after: 0n, batchSize: 5000 }).pipe(
          Stream.take(count),
          Stream.runForEachArray((events) =>
            Effect.sync(() => {
              for (const event of events) fold(event.data as Payload, event.streamId)
            })
          )
        )
      ),
    seed: (count) => seed(store, count),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** Orga on a new SQLite file in `dir`, with durable (synchronous=FULL) commits. */
export const sqliteSubject = (dir: string, file: string): Promise<Subject> => {
  const filename = Path.join(dir, file)
  for (const suffix of ["", "-wal", "-shm"]) Fs.rmSync(filename + suffix, { force: true })
  return orgaSubject("Orga SQLite", SqliteEventStore.make({ filename, durability: "full" }), async (store, count) => {
    for (let start = 0; start < count; start += 1000) {
      const size = Math.min(1000, count - start)
      await Effect.runPromise(
        store.append([
          {
            streamId: `seed-${start / 1000}`,
            expectedVersion: ExpectedVersion.noStream,
            events: Array.from({ length: size }, (_, i) => ({
              id: `seed-${start + i}`,
              type: "StudentImported",
              data: payload(start + i)
            }))
          }
        ])
      )
    }
  })
}

/** Orga on PostgreSQL, in a new schema of the database at `url`. */
export const postgresSubject = (url: string, schema: string): Promise<Subject> =>
  orgaSubject(
    "Orga PostgreSQL",
    PostgresEventStore.make({ connectionString: url, schema, poolSize: 10 }),
    async (_store, count) => {
      // Straight SQL: the seed is not what is measured, and a million appends would dominate the run.
      const client = new Pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query("BEGIN")
        await client.query(
          `INSERT INTO ${schema}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata)
           SELECT g, 'seed-' || g, 'seed-' || ((g - 1) / 1000), (g - 1) % 1000 + 1, 'StudentImported',
                  json_build_object('learner', '0123456789A', 'firstName', 'Camille', 'lastName', 'Martin',
                                    'division', '3e B', 'n', g - 1),
                  '{}'::json
             FROM generate_series(1, $1::bigint) AS g`,
          [count]
        )
        await client.query(
          `INSERT INTO ${schema}.streams (stream_id, version)
           SELECT stream_id, max(stream_version) FROM ${schema}.events GROUP BY stream_id`
        )
        await client.query(`UPDATE ${schema}.positions SET last = $1::bigint`, [count])
        await client.query("COMMIT")
        await client.query(`ANALYZE ${schema}.events`)
      } finally {
        await client.end()
      }
    }
  )

/**
 * The two indexes Emmett 0.42.4 adds to `emt_messages` for its global reader (its migration
 * `emt:postgresql:eventstore:0.42.4:add-messages-poll-indexes`, emmett PRs #378 and #379, in
 * `src/packages/emmett-postgresql/src/eventStore/schema/migrations/0_42_4/index.ts` of event-driven-io/emmett; the
 * read and append code is the same as 0.42.0's). 0.42.0, the release the registry serves here, creates neither, so
 * `readMessagesBatch` scans and sorts the whole partition for every page. Emmett's reasons, in short: the poll
 * filters on `global_position >= cursor` (served by the single-column index when a reader is caught up) and orders
 * by `transaction_id, global_position` (served by the composite one when it replays a backlog, so the scan stops
 * at the LIMIT instead of sorting). Same index names as Emmett's, so a database looks as 0.42.4 leaves it. Emmett
 * wraps them in an existence check for fresh databases; here they always run after `schema.migrate()`.
 */
export const emmett0424IndexesSql = [
  "CREATE INDEX IF NOT EXISTS idx_messages_global_position ON emt_messages (global_position)",
  "CREATE INDEX IF NOT EXISTS idx_messages_transaction_id_global_position ON emt_messages (transaction_id, global_position)"
]

/** The name of Emmett's subject, with or without the 0.42.4 indexes. */
export const emmettName = (indexed: boolean): string =>
  indexed ? "Emmett PostgreSQL + 0.42.4 indexes" : "Emmett PostgreSQL"

/**
 * Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql` 0.42.0) in the database at `url`; with
 * `indexed`, the 0.42.4 indexes are created right after its schema setup (before anything is measured).
 */
export const emmettSubject = async (url: string, indexed: boolean): Promise<Subject> => {
  const store = getPostgreSQLEventStore(url)
  await store.schema.migrate()
  if (indexed) {
    const client = new Pg.Client({ connectionString: url })
    await client.connect()
    try {
      for (const statement of emmett0424IndexesSql) await client.query(statement)
    } finally {
      await client.end()
    }
  }
  // Emmett's own global read (what its consumers and batch pullers call), over a plain pool of the same size.
  const pool = new Pg.Pool({ connectionString: url, max: 2 })
  const execute = { query: (sql: string) => pool.query(sql) } as unknown as Parameters<typeof readMessagesBatch>[0]
  return {
    name: emmettName(indexed),
    append: async (stream, expected, events) => {
      await store.appendToStream(
        stream,
        events.map((data) => ({ type: "StudentImported", data })),
        { expectedStreamVersion: BigInt(expected) }
      )
    },
    readAll: async (pageSize) => {
      let after = 0n
      let count = 0
      for (;;) {
        const batch = await readMessagesBatch(execute, { after, batchSize: pageSize })
        count += batch.messages.length
        if (batch.messages.length === 0) return count
        after = batch.currentGlobalPosition
      }
    },
    replay: async (count, fold) => {
      let after = 0n
      let seen = 0
      while (seen < count) {
        const batch = await readMessagesBatch(execute, { after, batchSize: 5000 })
        for (const message of batch.messages) {
          fold(message.data as unknown as Payload, (message.metadata as { streamName: string }).streamName)
        }
        seen += batch.messages.length
        if (batch.messages.length === 0) throw new Error("Emmett: the log ended early")
        after = batch.currentGlobalPosition
      }
    },
    seed: async (count) => {
      // One transaction per 1000-event stream, as appends would leave it: Emmett orders its reads by
      // `transaction_id, global_position`, so a log written in one transaction would not look like a real one.
      const client = new Pg.Client({ connectionString: url })
      await client.connect()
      try {
        for (let start = 0; start < count; start += 1000) {
          await client.query(
            `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
                                       message_schema_version, message_type, message_id, global_position, transaction_id)
             SELECT 'seed-' || ((g - 1) / 1000), (g - 1) % 1000 + 1, 'emt:default', 'E',
                    jsonb_build_object('learner', '0123456789A', 'firstName', 'Camille', 'lastName', 'Martin',
                                       'division', '3e B', 'n', g - 1),
                    '{}'::jsonb, '0', 'StudentImported', 'seed-' || g, g, pg_current_xact_id()
               FROM generate_series($1::bigint, $2::bigint) AS g`,
            [start + 1, Math.min(count, start + 1000)]
          )
        }
        await client.query("SELECT setval('emt_global_message_position', $1::bigint)", [count])
        await client.query("ANALYZE emt_messages")
      } finally {
        await client.end()
      }
    },
    close: async () => {
      await pool.end()
      await store.close()
    }
  }
}
