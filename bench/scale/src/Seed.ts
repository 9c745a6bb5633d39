/**
 * Writes the académie into an event store, straight through the store's `append` (as `bench/orga`'s `SeedLog`
 * does): the store the app runs on, crypto-shredding on, so the log is the one the instances will read.
 *
 * @since 0.1.0
 */
import type { EventStore } from "@orga/event-store"
import { EventStore as Store } from "@orga/event-store"
import { PersonalData } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Academie from "./Academie.ts"

/**
 * What a seeding wrote.
 *
 * @category models
 * @since 0.1.0
 */
export interface Seeded {
  readonly schools: number
  readonly events: number
  readonly millis: number
}

/**
 * Appends every school's events, one append of about `batch` events at a time, the next one generated while
 * the store writes the last (two in flight). `progress` hears each finished school.
 *
 * @category constructors
 * @since 0.1.0
 */
export const seed = (
  options: Academie.Options,
  progress: (school: number, events: number) => void = () => {},
  batch = 5000
) =>
  Effect.gen(function* () {
    const store = yield* Store.EventStore
    // Login streams are named by the shredder's keyed hash of the login, as the library names them.
    const shredder = yield* Effect.serviceOption(PersonalData.Shredder)
    const blindIndex = (login: string) =>
      Option.isSome(shredder) ? shredder.value.blindIndex(login.trim().toLowerCase()) : login.trim().toLowerCase()
    const started = performance.now()
    let events = 0
    for (let index = 0; index < options.schools; index++) {
      const appends: Array<ReadonlyArray<EventStore.AppendToStream>> = []
      events += Academie.schoolEvents(
        Academie.school(index, options),
        options,
        (append) => appends.push(append),
        blindIndex,
        batch
      )
      yield* Effect.forEach(appends, (append) => store.append(append), { concurrency: 2, discard: true })
      progress(index, events)
    }
    return { schools: options.schools, events, millis: performance.now() - started } satisfies Seeded
  })
