/**
 * The write side's parts: what a use case writes (each stream with the version its state was read at), the
 * codec every stored event goes through, and the index of recent command ids (a re-delivered command answers
 * its first outcome).
 *
 * @since 0.1.0
 */
import { StoredEvent } from "@orga/domain"
import { EventCodec as Codec, type EventCodec, type EventStore, ExpectedVersion } from "@orga/event-store"

/**
 * What a use case wants appended to one stream (no events: a stream it only read, whose version is checked).
 *
 * @since 0.1.0
 */
export interface Write {
  readonly streamId: string
  readonly expected: ExpectedVersion.ExpectedVersion
  readonly events: ReadonlyArray<StoredEvent.StoredEvent>
}

/**
 * A write expecting the version the read models saw (a concurrent writer makes the append conflict).
 *
 * @since 0.1.0
 */
export const exact = (streamId: string, version: bigint, events: ReadonlyArray<StoredEvent.StoredEvent>): Write => ({
  streamId,
  expected: ExpectedVersion.exact(version),
  events
})

/**
 * A write that cannot conflict (a refused import recorded for the history).
 *
 * @since 0.1.0
 */
export const anyVersion = (streamId: string, events: ReadonlyArray<StoredEvent.StoredEvent>): Write => ({
  streamId,
  expected: ExpectedVersion.any,
  events
})

/**
 * Changes of stored shapes: the current version of a tag past 1 and the upcasters from older versions.
 *
 * @since 0.1.0
 */
export interface StoredShapes {
  readonly versions?: { readonly [K in StoredEvent.StoredEvent["_tag"]]?: number } | undefined
  readonly upcasters?: ReadonlyArray<EventCodec.Upcaster> | undefined
}

/**
 * The codec of every stored event: the domain's schemas and versions, plus the given changes. Data keeps its
 * `_tag`, as it always did (the replay pages fold data without its type).
 *
 * @since 0.1.0
 */
export const codec = (shapes: StoredShapes = {}): EventCodec.EventCodec<StoredEvent.StoredEvent> =>
  Codec.make({
    schema: StoredEvent.StoredEvent,
    versions: { ...StoredEvent.versions, ...shapes.versions },
    upcasters: [...StoredEvent.upcasters, ...(shapes.upcasters ?? [])],
    tagInData: true,
    // Every event reaches the codec from a decider, built from inputs decoded at the door by the domain's own
    // constructors: checking it a second time cost 15 ms of a 5,000-student import (ADR 0051).
    checkOnEncode: false
  })

/**
 * Where the events of recent commands are in the log (first position, count), by command id.
 *
 * @since 0.1.0
 */
export interface Commands {
  /** Records an event; an event at or below a position already recorded for its command is ignored. */
  readonly record: (event: EventStore.RecordedEvent) => void
  readonly find: (commandId: string) => { readonly first: bigint; readonly count: number } | undefined
}

/**
 * Remembers the last `limit` command ids seen by the catch-up (an append numbers a command's events
 * consecutively, so a range locates them).
 *
 * @since 0.1.0
 */
export const commands = (limit = 100_000): Commands => {
  const ranges = new Map<string, { first: bigint; last: bigint; count: number }>()
  return {
    record: (event) => {
      const id = event.commandId
      if (id === null) return
      const range = ranges.get(id)
      if (range !== undefined) {
        if (event.globalPosition > range.last) {
          range.last = event.globalPosition
          range.count += 1
        } else if (event.globalPosition < range.first) {
          range.first = event.globalPosition
          range.count += 1
        }
        return
      }
      ranges.set(id, { first: event.globalPosition, last: event.globalPosition, count: 1 })
      if (ranges.size > limit) {
        const oldest = ranges.keys().next().value
        if (oldest !== undefined) ranges.delete(oldest)
      }
    },
    find: (commandId) => ranges.get(commandId)
  }
}

/**
 * How many of the log's last events a start-up on replay pages reads to remember their command ids (the pages
 * carry none): a command re-delivered after a restart, within that window, answers its first outcome.
 *
 * @since 0.1.0
 */
export const recentCommandsWindow = 10_000
