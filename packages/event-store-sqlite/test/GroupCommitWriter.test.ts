/**
 * Group commit: appends submitted together share one transaction, yet each answers exactly what it would
 * have answered alone, in submission order (checked against the contract's model).
 */

import { type EventStore, EventStoreError, ExpectedVersion } from "@orga/event-store"
import { StoreModel } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { SqliteDatabase, SqliteEventStore } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

const expectedArbitrary: fc.Arbitrary<ExpectedVersion.ExpectedVersion> = fc.oneof(
  fc.constant(ExpectedVersion.any),
  fc.constant(ExpectedVersion.noStream),
  fc.constant(ExpectedVersion.streamExists),
  fc.integer({ min: 0, max: 4 }).map(ExpectedVersion.exact)
)

const appendArbitrary = fc.record({
  parts: fc.uniqueArray(
    fc.record({
      stream: fc.constantFrom("a", "b", "c"),
      expected: expectedArbitrary,
      count: fc.integer({ min: 0, max: 3 })
    }),
    { minLength: 1, maxLength: 2, selector: (part) => part.stream }
  ),
  commandId: fc.option(fc.constantFrom("cmd-1", "cmd-2"), { nil: undefined, freq: 3 }),
  reuseId: fc.option(fc.nat({ max: 30 }), { nil: undefined, freq: 6 })
})

let counter = 0

describe("group commit", () => {
  it("concurrent appends share commits and each gets what the model gives it in submission order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(appendArbitrary, { minLength: 1, maxLength: 12 }), async (specs) => {
        // Event ids: fresh, or (reuseId) one of an earlier append of the same group, to collide inside a group.
        const issued: Array<string> = []
        const appends: Array<ReadonlyArray<EventStore.AppendToStream>> = specs.map((spec) =>
          spec.parts.map((part) => ({
            streamId: part.stream,
            expectedVersion: part.expected,
            events: Array.from({ length: part.count }, (_, index) => {
              const reused =
                index === 0 && spec.reuseId !== undefined ? issued[spec.reuseId % (issued.length + 1)] : undefined
              const id = reused ?? `g-${++counter}`
              issued.push(id)
              return { id, type: "Grouped", data: { counter } }
            })
          }))
        )
        const scope = Effect.runSync(Scope.make())
        try {
          const database = await Effect.runPromise(
            Scope.provide(SqliteDatabase.open({ filename: freshFile(dir) }), scope)
          )
          let commits = 0
          const exec = database.connection.exec.bind(database.connection)
          database.connection.exec = (sql: string) => {
            if (sql === "COMMIT") commits++
            exec(sql)
          }
          const store = await Effect.runPromise(Scope.provide(SqliteEventStore.fromDatabase(database), scope))
          const outcomes = await Effect.runPromise(
            Effect.all(
              appends.map((append, index) =>
                Effect.result(
                  store.append(
                    append,
                    specs[index]!.commandId === undefined ? {} : { commandId: specs[index]!.commandId }
                  )
                )
              ),
              { concurrency: "unbounded" }
            )
          )
          expect(commits).toBe(1)
          const model = new StoreModel()
          appends.forEach((append, index) => {
            const expected = model.append(
              append,
              specs[index]!.commandId === undefined ? {} : { commandId: specs[index]!.commandId }
            )
            const actual = outcomes[index]!
            if (expected._tag === "Appended") {
              expect(Result.isSuccess(actual)).toBe(true)
              if (Result.isSuccess(actual)) expect(actual.success).toEqual(expected.result)
            } else {
              expect(Result.isFailure(actual)).toBe(true)
              if (Result.isFailure(actual)) {
                const error = actual.failure
                if (error instanceof EventStoreError.WrongExpectedVersion) {
                  expect(expected.failing.get(error.streamId)).toBe(error.actual)
                } else {
                  expect(expected.duplicateEventId).toBe(true)
                  expect(error.reason).toBe("DuplicateEventId")
                }
              }
            }
          })
          const stored = await Effect.runPromise(store.readAll({ after: 0n, maxCount: 1000 }))
          expect(stored.map(({ recordedAt: _recordedAt, ...event }) => event)).toEqual(model.log)
        } finally {
          await Effect.runPromise(Scope.close(scope, Exit.void))
        }
      }),
      { numRuns: 100 }
    )
    // 100 fresh durable files: about 5 s on an idle machine, beyond vitest's default 5 s timeout when shared.
  }, 60_000)
})
