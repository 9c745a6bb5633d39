/**
 * What the store writes to KurrentDB and reads back: application events (the port's event, its id, metadata,
 * command id and global position in one string property, since multi-stream appends take string properties
 * only), log markers, command results and event-id claims; and the decoding of what the client reads.
 *
 * Decoding never trusts the server's bytes: a record the store did not write (or an older layout) is a
 * `EventStoreError` with reason `Corrupt`, never an exception.
 *
 * @since 0.1.0
 */

import type { RecordedEvent as ClientEvent, EventData, MetadataType } from "@kurrent/kurrentdb-client"
import { type EventStore, EventStoreError } from "@orga/event-store"
import * as RecordId from "./RecordId.ts"
import type { StreamNames } from "./StreamNames.ts"

/**
 * The property of an application event's metadata that carries the store's fields (the port's event id,
 * metadata, command id and global position, as JSON text), beside whatever the server adds (`$schema.*`).
 *
 * @category models
 * @since 0.1.0
 */
export const orgaProperty = "orga"

/** The store's fields of an application event, as its metadata property carries them (JSON text). */
interface OrgaFields {
  readonly id: string
  readonly position: string
  readonly commandId: string | null
  readonly metadata: Readonly<Record<string, unknown>>
}

/**
 * The KurrentDB event of the `index`-th event of an append, at `position`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const applicationEvent = (
  namespace: string,
  event: EventStore.NewEvent,
  index: number,
  position: bigint,
  commandId: string | undefined
): EventData => {
  const fields: OrgaFields = {
    id: event.id,
    position: position.toString(),
    commandId: commandId ?? null,
    metadata: event.metadata ?? {}
  }
  return {
    id: RecordId.ofEvent(namespace, event, index, commandId),
    contentType: "application/json",
    type: event.type,
    // The client types JSON data as objects, arrays or strings; it sends any value through JSON.stringify.
    data: event.data as Record<string, unknown>,
    metadata: { [orgaProperty]: JSON.stringify(fields) }
  }
}

/**
 * A log marker: the positions an append took (`first` to `last`, consecutive).
 *
 * @category models
 * @since 0.1.0
 */
export interface Marker {
  readonly first: bigint
  readonly last: bigint
}

/**
 * The log marker of an append, written first in the append so that reading `$all` from the marker's place
 * reaches every event of the append.
 *
 * @category constructors
 * @since 0.1.0
 */
export const markerEvent = (namespace: string, marker: Marker): EventData => ({
  id: RecordId.ofStoreRecord(namespace, "log", marker.first.toString()),
  contentType: "application/json",
  type: "OrgaAppended",
  data: { first: marker.first.toString(), last: marker.last.toString() },
  metadata: undefined
})

/**
 * The record of an append with a command id: its result, answered again to a re-delivery.
 *
 * @category constructors
 * @since 0.1.0
 */
export const commandEvent = (namespace: string, commandId: string, result: EventStore.AppendResult): EventData => ({
  id: RecordId.ofStoreRecord(namespace, "command", commandId),
  contentType: "application/json",
  type: "OrgaCommandAppended",
  data: {
    position: result.position.toString(),
    streams: result.streams.map((stream) => ({ streamId: stream.streamId, version: stream.version.toString() }))
  },
  metadata: undefined
})

/**
 * The claim of an event id (its stream exists once the id is taken).
 *
 * @category constructors
 * @since 0.1.0
 */
export const claimEvent = (namespace: string, eventId: string): EventData => ({
  id: RecordId.ofStoreRecord(namespace, "id", eventId),
  contentType: "application/json",
  type: "OrgaEventIdClaimed",
  data: { eventId },
  metadata: undefined
})

const corrupt = (what: string, detail: string) =>
  new EventStoreError.EventStoreError({ reason: "Corrupt", message: `Unreadable ${what} in KurrentDB: ${detail}` })

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)

/** JSON data or metadata as the client reads it: parsed already, or bytes when it was not JSON-typed. */
const parsed = (value: unknown): unknown => {
  if (!(value instanceof Uint8Array)) return value
  const text = Buffer.from(value).toString("utf8")
  return text.length === 0 ? undefined : JSON.parse(text)
}

const isDecimal = (value: unknown): value is string => typeof value === "string" && /^-?[0-9]+$/.test(value)

const orgaFields = (metadata: MetadataType | undefined): OrgaFields | undefined => {
  const outer = parsed(metadata)
  if (!isRecord(outer)) return undefined
  const text = outer[orgaProperty]
  const fields: unknown = typeof text === "string" ? JSON.parse(text) : text
  if (!isRecord(fields)) return undefined
  const { id, position, commandId, metadata: inner } = fields
  if (typeof id !== "string" || !isDecimal(position)) return undefined
  if (commandId !== null && typeof commandId !== "string") return undefined
  if (inner !== undefined && !isRecord(inner)) return undefined
  return { id, position, commandId, metadata: inner ?? {} }
}

/**
 * The port's event of an application event read from KurrentDB; `undefined` for an event of another stream
 * (not this namespace's application streams).
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeApplicationEvent = (
  names: StreamNames,
  event: ClientEvent
): EventStore.RecordedEvent | EventStoreError.EventStoreError | undefined => {
  const streamId = names.streamIdOf(event.streamId)
  if (streamId === undefined) return undefined
  try {
    const fields = orgaFields(event.metadata)
    if (fields === undefined) return corrupt("event", `${event.streamId}@${event.revision} has no store fields`)
    return {
      id: fields.id,
      streamId,
      type: event.type,
      data: parsed(event.data),
      metadata: fields.metadata,
      streamVersion: event.revision + 1n,
      globalPosition: BigInt(fields.position),
      recordedAt: event.created,
      commandId: fields.commandId
    }
  } catch (cause) {
    return corrupt("event", `${event.streamId}@${event.revision}: ${String(cause)}`)
  }
}

/**
 * A log marker read back.
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeMarker = (event: ClientEvent): Marker | EventStoreError.EventStoreError => {
  try {
    const data = parsed(event.data)
    if (!isRecord(data) || !isDecimal(data.first) || !isDecimal(data.last)) {
      return corrupt("log marker", `${event.streamId}@${event.revision}`)
    }
    return { first: BigInt(data.first), last: BigInt(data.last) }
  } catch (cause) {
    return corrupt("log marker", `${event.streamId}@${event.revision}: ${String(cause)}`)
  }
}

/**
 * A command's result read back, as the port answers a re-delivery (`duplicate: true`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeCommand = (event: ClientEvent): EventStore.AppendResult | EventStoreError.EventStoreError => {
  try {
    const data = parsed(event.data)
    if (!isRecord(data) || !isDecimal(data.position) || !Array.isArray(data.streams)) {
      return corrupt("command record", event.streamId)
    }
    const streams: Array<{ streamId: string; version: bigint }> = []
    for (const stream of data.streams) {
      if (!isRecord(stream) || typeof stream.streamId !== "string" || !isDecimal(stream.version)) {
        return corrupt("command record", event.streamId)
      }
      streams.push({ streamId: stream.streamId, version: BigInt(stream.version) })
    }
    return { streams, position: BigInt(data.position), duplicate: true }
  } catch (cause) {
    return corrupt("command record", `${event.streamId}: ${String(cause)}`)
  }
}
