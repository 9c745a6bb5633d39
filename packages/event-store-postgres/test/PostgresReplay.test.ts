/**
 * A PostgreSQL store's replay pages keep the replay contract (`ReplayContract`: what `readAll` answers, for any
 * log, any start, positions past 2^53; nothing for an empty log or after the head; every position once, in order,
 * while 8 writers append; a replay stopped early stops its worker), with the first page read through the store's
 * pool or every page on the worker; an invalid schema name fails as "InvalidInput" without a worker; a missing
 * schema or an unreachable server fails as "Database" without hanging. On the test server.
 */
import { createServer } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { EventStoreError } from "@orga/event-store"
import { type ContractStoreOptions, ReplayContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Pg from "pg"
import { PostgresEventStore, PostgresReplay } from "../src/index.ts"
import { databaseUrl, freshSchema, openStore } from "./support.ts"

const { workerHandles } = ReplayContract

/** The store's source, with or without its pool (without: every page is read on the worker). */
const sourceOf = (store: PostgresEventStore.PostgresEventStoreShape, withPool: boolean): PostgresReplay.Source => ({
  connectionString: databaseUrl(),
  schema: store.schema,
  pool: withPool ? store.pool : undefined
})

ReplayContract.suite("PostgresReplay.pages", {
  open: ({ initialPosition }: ContractStoreOptions) =>
    Effect.map(
      PostgresEventStore.make({ connectionString: databaseUrl(), schema: freshSchema(), initialPosition }),
      (store): ReplayContract.ReplayStore => ({
        store,
        replays: [
          {
            name: "with the pool",
            reads: "firstPageInPlace",
            pages: (options) => PostgresReplay.pages(sourceOf(store, true), options)
          },
          {
            name: "without the pool",
            reads: "onWorker",
            pages: (options) => PostgresReplay.pages(sourceOf(store, false), options)
          }
        ]
      })
    ),
  numRuns: 30,
  keepsNul: false,
  writers: 8,
  appendsPerWriter: 25,
  timeout: 180_000
})

// Live clock: the timeouts are what would catch a hang.
describe("PostgresReplay.pages", () => {
  it.live("fails as InvalidInput on an invalid schema name, without starting a worker", () =>
    Effect.gen(function* () {
      const before = workerHandles()
      const errors = yield* Effect.scoped(
        Effect.gen(function* () {
          const store = yield* openStore()
          return yield* Effect.forEach([undefined, store.pool], (pool: Pg.Pool | undefined) =>
            Effect.flip(
              Stream.runCollect(PostgresReplay.pages({ connectionString: databaseUrl(), schema: "x; DROP", pool })(0n))
            )
          )
        })
      )
      for (const error of errors) {
        expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
        expect(error.reason).toBe("InvalidInput")
      }
      expect(workerHandles()).toBe(before)
    })
  )

  it.live(
    "fails as Database, without hanging, on a missing schema",
    () =>
      Effect.gen(function* () {
        const before = workerHandles()
        const errors = yield* Effect.scoped(
          Effect.gen(function* () {
            const store = yield* openStore()
            const missing = freshSchema()
            return yield* Effect.forEach([undefined, store.pool], (pool: Pg.Pool | undefined) =>
              Effect.flip(
                Stream.runCollect(
                  PostgresReplay.pages({ connectionString: databaseUrl(), schema: missing, pool })(0n)
                ).pipe(Effect.timeout("10 seconds"))
              )
            )
          })
        )
        for (const error of errors) {
          expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
          expect(error).toMatchObject({ reason: "Database" })
          expect(error.message).toContain("Reading the log for a replay failed")
          expect(error.message).toMatch(/relation "test_[0-9a-f]+\.events" does not exist/)
        }
        expect(workerHandles()).toBe(before)
      }),
    30_000
  )

  it.live(
    "fails as Database, without hanging, when the server cannot be reached",
    () =>
      Effect.gen(function* () {
        // A port that was free a moment ago: nothing listens on it.
        const server = createServer()
        yield* Effect.promise(() => new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening)))
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 1
        yield* Effect.promise(() => new Promise<void>((closed) => server.close(() => closed())))
        const before = workerHandles()
        const started = performance.now()
        const error = yield* Effect.flip(
          Stream.runCollect(
            PostgresReplay.pages({
              connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
              schema: "orga"
            })(0n)
          ).pipe(Effect.timeout("10 seconds"))
        )
        expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
        expect(error).toMatchObject({ reason: "Database" })
        expect(error.message).toContain("Reading the log for a replay failed")
        expect(error.message).toContain("ECONNREFUSED")
        expect(performance.now() - started).toBeLessThan(5_000)
        expect(workerHandles()).toBe(before)
      }),
    30_000
  )
})
