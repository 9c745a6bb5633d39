/**
 * Contention that outlasts the retries: a use case whose every append meets another writer fails with the typed
 * French `Conflict` `CONCURRENT_UPDATE`, never the store's English `WrongExpectedVersion` naming a stream, and
 * appends nothing.
 */
import { EventStore, EventStoreError, MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import { config } from "./support/harness.ts"

const memory = MemoryEventStore.makeUnsafe()
let contended = false
let refusedAppends = 0
// The store as another writer always getting there first would make it look, once `contended` is set.
const store: EventStore.EventStoreShape = {
  ...memory,
  append: (appends, options) =>
    contended
      ? Effect.suspend(() => {
          refusedAppends += 1
          return Effect.fail(
            new EventStoreError.WrongExpectedVersion({
              streamId: appends[0]?.streamId ?? "",
              expected: "exact",
              actual: 1n
            })
          )
        })
      : memory.append(appends, options)
}
const managed = ManagedRuntime.make(
  Orga.layer(config).pipe(
    Layer.provide(
      Layer.merge(
        Layer.succeed(EventStore.EventStore, store),
        Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z", idPrefix: "id" }).layer
      )
    )
  )
)
afterAll(() => managed.dispose())

describe("contention that outlasts the retries", () => {
  it("is a typed French Conflict, and nothing is appended", async () => {
    const exit = await managed.runPromiseExit(
      Effect.gen(function* () {
        const orga = yield* Orga.all
        yield* orga.registerUser({ userId: "u1", firstName: "A", lastName: "B", email: "u1@x.fr" })
        contended = true
        return yield* orga.registerUser({ userId: "u2", firstName: "C", lastName: "D", email: "u2@x.fr" })
      })
    )
    contended = false
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isSuccess(exit)) return
    const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail") as
      | { readonly error: { readonly _tag: string; readonly code: string; readonly message: string } }
      | undefined
    expect(failure?.error).toMatchObject({ _tag: "Conflict", code: "CONCURRENT_UPDATE" })
    expect(failure?.error.message).toBe(
      "Trop de modifications simultanées : l'action n'a pas pu être enregistrée, veuillez réessayer."
    )
    // The first attempt and every retry of the default schedule.
    expect(refusedAppends).toBe(31)
    const events = await Effect.runPromise(memory.readAll({ after: 0n, maxCount: 100 }))
    expect(events.some((event) => JSON.stringify(event.data).includes("u2"))).toBe(false)
  })
})
