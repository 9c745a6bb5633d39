/**
 * A deliberately naive, synchronous model of the store semantics, written independently of every adapter
 * (including `MemoryEventStore`) so that the model-based contract tests compare a store against the
 * specification rather than against another implementation.
 *
 * @since 0.1.0
 */
import type { AppendOptions, AppendResult, AppendToStream, NewEvent } from "../EventStore.ts"
import * as ExpectedVersion from "../ExpectedVersion.ts"

/**
 * A stored event as the model sees it (everything a store returns except `recordedAt`).
 *
 * @since 0.1.0
 */
export interface ModelEvent {
  readonly id: string
  readonly streamId: string
  readonly type: string
  readonly data: unknown
  readonly metadata: Readonly<Record<string, unknown>>
  readonly streamVersion: bigint
  readonly globalPosition: bigint
  readonly commandId: string | null
}

/**
 * What the model answers to an append.
 *
 * @since 0.1.0
 */
export type ModelAppendOutcome =
  | { readonly _tag: "Appended"; readonly result: AppendResult }
  | {
      readonly _tag: "Rejected"
      /** Every stream whose check failed, with its version: a store may report any one of them. */
      readonly failing: ReadonlyMap<string, bigint>
      /** Whether an event id is already stored (or repeated): a store may report this instead. */
      readonly duplicateEventId: boolean
    }

/**
 * The model: a log, its streams and the results of the commands it has seen.
 *
 * @since 0.1.0
 */
export class StoreModel {
  readonly log: Array<ModelEvent> = []
  readonly streams = new Map<string, Array<ModelEvent>>()
  readonly commands = new Map<string, AppendResult>()
  readonly initialPosition: bigint

  constructor(initialPosition: bigint = 1n) {
    this.initialPosition = initialPosition
  }

  /** The position of the last event, or `initialPosition - 1n` before the first one. */
  get head(): bigint {
    const last = this.log[this.log.length - 1]
    return last === undefined ? this.initialPosition - 1n : last.globalPosition
  }

  version(streamId: string): bigint {
    return BigInt(this.streams.get(streamId)?.length ?? 0)
  }

  append(appends: ReadonlyArray<AppendToStream>, options?: AppendOptions): ModelAppendOutcome {
    const commandId = options?.commandId
    if (commandId !== undefined) {
      const previous = this.commands.get(commandId)
      if (previous !== undefined) return { _tag: "Appended", result: { ...previous, duplicate: true } }
    }
    const failing = new Map<string, bigint>()
    for (const append of appends) {
      const actual = this.version(append.streamId)
      if (!ExpectedVersion.isSatisfiedBy(append.expectedVersion, actual)) failing.set(append.streamId, actual)
    }
    const ids = new Set(this.log.map((event) => event.id))
    let duplicateEventId = false
    for (const append of appends) {
      for (const event of append.events) {
        if (ids.has(event.id)) duplicateEventId = true
        ids.add(event.id)
      }
    }
    if (failing.size > 0 || duplicateEventId) return { _tag: "Rejected", failing, duplicateEventId }
    let position = this.head
    const streams: Array<{ streamId: string; version: bigint }> = []
    for (const append of appends) {
      const stream = this.streams.get(append.streamId) ?? []
      this.streams.set(append.streamId, stream)
      for (const event of append.events) {
        position += 1n
        const recorded = toModelEvent(event, append.streamId, BigInt(stream.length + 1), position, commandId)
        stream.push(recorded)
        this.log.push(recorded)
      }
      streams.push({ streamId: append.streamId, version: BigInt(stream.length) })
    }
    const result: AppendResult = { streams, position, duplicate: false }
    if (commandId !== undefined) this.commands.set(commandId, result)
    return { _tag: "Appended", result }
  }

  readStream(streamId: string, after = 0n, maxCount?: number): ReadonlyArray<ModelEvent> {
    const events = (this.streams.get(streamId) ?? []).filter((event) => event.streamVersion > after)
    return maxCount === undefined ? events : events.slice(0, maxCount)
  }

  readAll(after: bigint, maxCount: number): ReadonlyArray<ModelEvent> {
    return this.log.filter((event) => event.globalPosition > after).slice(0, maxCount)
  }
}

const toModelEvent = (
  event: NewEvent,
  streamId: string,
  streamVersion: bigint,
  globalPosition: bigint,
  commandId: string | undefined
): ModelEvent => ({
  id: event.id,
  streamId,
  type: event.type,
  data: event.data,
  metadata: event.metadata ?? {},
  streamVersion,
  globalPosition,
  commandId: commandId ?? null
})
