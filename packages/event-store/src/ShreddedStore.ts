/**
 * An event store whose personal fields are sealed on the way in and opened on the way out (`Shredding`): the
 * one place crypto-shredding happens. Everything above it (the codec, the read models, the outbox of an app)
 * reads clear data, or the typed erased values of an erased subject; everything below it (the database, its
 * write-ahead log, a backup) holds ciphertext only.
 *
 * Wrapping the store rather than the codec: the codec is one reader among several (the read models fold stored
 * data as it is, the replay pages carry no types, an app's outbox reads the log), and the store port is the one
 * door they all pass (docs/adr/0049-crypto-shredding.md).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { EventStoreShape, RecordedEvent } from "./EventStore.ts"
import { EventStoreError } from "./EventStoreError.ts"
import type * as ReplayPage from "./ReplayPage.ts"
import * as Shredding from "./Shredding.ts"

/**
 * A failure to open a sealed value, as the store's readers see it (reason `PersonalData`).
 *
 * @category errors
 * @since 0.1.0
 */
export const openFailure = (cause: unknown): EventStoreError =>
  new EventStoreError({
    reason: "PersonalData",
    message: cause instanceof Shredding.ShreddingError ? cause.message : String(cause),
    cause
  })

const openAll = (shredder: Shredding.Shredder, events: ReadonlyArray<RecordedEvent>) =>
  Effect.flatMap(
    shredder.prepare(events.map((event) => event.data)),
    (): Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError> =>
      Effect.try({
        try: () => {
          const erasedBy = shredder.rules.erasedBy
          return events.map((event) => {
            if (erasedBy !== undefined) {
              const subject = erasedBy(event.type, event.data)
              if (subject !== undefined) shredder.forget(subject)
            }
            const data = shredder.open(event.type, event.data)
            return data === event.data ? event : { ...event, data }
          })
        },
        catch: openFailure
      })
  )

/**
 * The store, sealing what it appends and opening what it reads.
 *
 * @category combinators
 * @since 0.1.0
 */
export const wrap = (store: EventStoreShape, shredder: Shredding.Shredder): EventStoreShape => ({
  append: (appends, options) =>
    Effect.flatMap(
      Effect.forEach(appends, (append) =>
        Effect.map(shredder.sealAll(append.events), (events) => ({ ...append, events }))
      ).pipe(
        Effect.mapError((error) =>
          error instanceof Shredding.ShreddingError
            ? new EventStoreError({ reason: "PersonalData", message: error.message, cause: error })
            : error
        )
      ),
      (sealed) => store.append(sealed, options)
    ),
  readStream: (streamId, options) =>
    Effect.flatMap(store.readStream(streamId, options), (events) => openAll(shredder, events)),
  readAll: (options) => Effect.flatMap(store.readAll(options), (events) => openAll(shredder, events)),
  readScope: (scope, options) => Effect.flatMap(store.readScope(scope, options), (events) => openAll(shredder, events)),
  subscribe: (options) =>
    Stream.mapArrayEffect(store.subscribe(options), (events) => openAll(shredder, events) as never),
  head: store.head,
  awaitPosition: store.awaitPosition
})

/**
 * A store's replay pages, opened (the data of a page carries its `_tag`).
 *
 * @category combinators
 * @since 0.1.0
 */
export const openPages = <E>(
  pages: Stream.Stream<ReplayPage.ReplayPage, E>,
  shredder: Shredding.Shredder
): Stream.Stream<ReplayPage.ReplayPage, E | EventStoreError> =>
  Stream.mapEffect(pages, (page) =>
    // Most pages of a rebuild come opened by the reading thread: nothing sealed, no erasure, nothing to do.
    isClear(page.data, shredder.rules.erasedBy) ? Effect.succeed(page) : openPage(page, shredder)
  )

const tagOf = (item: unknown): string => {
  const type = (item as { readonly _tag?: unknown } | null)?._tag
  return typeof type === "string" ? type : ""
}

/** Whether no data of a page holds sealed fields or erases a subject. */
const isClear = (data: ReadonlyArray<unknown>, erasedBy: Shredding.Rules["erasedBy"]): boolean => {
  for (const item of data) {
    if (Shredding.sealedOf(item) !== undefined) return false
    if (erasedBy !== undefined && erasedBy(tagOf(item), item) !== undefined) return false
  }
  return true
}

const openPage = (page: ReplayPage.ReplayPage, shredder: Shredding.Shredder) =>
  Effect.flatMap(shredder.prepare(page.data), () =>
    Effect.try({
      try: () => {
        const erasedBy = shredder.rules.erasedBy
        const data = page.data.map((item) => {
          const tag = tagOf(item)
          if (erasedBy !== undefined) {
            const subject = erasedBy(tag, item)
            if (subject !== undefined) shredder.forget(subject)
          }
          return shredder.open(tag, item)
        })
        return { ...page, data }
      },
      catch: openFailure
    })
  )
