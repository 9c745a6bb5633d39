/**
 * The replay pages of a KurrentDB store: the log read through the store's `readAll`, page by page, as
 * `ReplayPage`s (the shape the read models' start-up rebuild folds). KurrentDB has no faster path to offer:
 * its client decodes every event's JSON already, on the calling thread, so there is no worker to read ahead.
 *
 * @since 0.1.0
 */
import type { EventStore, EventStoreError, ReplayPage, ReplayWorker } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * The page of some events read in global order (at least one).
 *
 * @category constructors
 * @since 0.1.0
 */
export const toPage = (
  events: readonly [EventStore.RecordedEvent, ...ReadonlyArray<EventStore.RecordedEvent>]
): ReplayPage.ReplayPage => {
  const streamIds: Array<string> = []
  const runEnds: Array<number> = []
  const runVersions: Array<bigint> = []
  const data: Array<unknown> = new Array(events.length)
  let current: string | undefined
  for (const [index, event] of events.entries()) {
    data[index] = event.data
    if (event.streamId !== current || streamIds.length === 0) {
      current = event.streamId
      streamIds.push(current)
      runEnds.push(index + 1)
      runVersions.push(event.streamVersion)
    } else {
      runEnds[runEnds.length - 1] = index + 1
      runVersions[runVersions.length - 1] = event.streamVersion
    }
  }
  return { lastPosition: events[events.length - 1]!.globalPosition, data, streamIds, runEnds, runVersions }
}

/**
 * The pages of the log after `after`, to its end as read (`pageSize` events each, default 2,000; `ahead` and
 * `digest` have no use here: every page is read in place).
 *
 * @category constructors
 * @since 0.1.0
 */
export const pages =
  (store: EventStore.EventStoreShape) =>
  (options: ReplayWorker.Options = {}) =>
  (after: bigint): Stream.Stream<ReplayPage.ReplayPage, EventStoreError.EventStoreError> => {
    const pageSize = Math.max(1, options.pageSize ?? 2_000)
    return Stream.paginate(after, (checkpoint: bigint) =>
      Effect.map(store.readAll({ after: checkpoint, maxCount: pageSize }), (events) => {
        if (events.length === 0) return [[], Option.none()] as const
        const page = toPage(
          events as unknown as readonly [EventStore.RecordedEvent, ...Array<EventStore.RecordedEvent>]
        )
        return [[page], events.length < pageSize ? Option.none() : Option.some(page.lastPosition)] as const
      })
    )
  }
