/**
 * What the store writes to KurrentDB and reads back: application events (the port's event id, metadata and
 * command id in one string property, since multi-stream appends take string properties only) and command
 * records; and the decoding of what the client reads, the global position being the event's `$all` place.
 *
 * Decoding never trusts the server's bytes: a record the store did not write (or an older layout) is an
 * `EventStoreError` with reason `Corrupt`, never an exception.
 *
 * @since 0.1.0
 */

import type { RecordedEvent as ClientEvent, EventData, MetadataType } from "@kurrent/kurrentdb-client"
import { type EventStore, EventStoreError } from "@orga/event-store"
import * as AllPosition from "./AllPosition.ts"
import * as RecordId from "./RecordId.ts"
import type { StreamNames } from "./StreamNames.ts"

/**
 * The property of an application event's metadata that carries the store's fields (the port's event id,
 * metadata and command id, as JSON text), beside whatever the server adds (`$schema.*`).
 *
 * @category models
 * @since 0.1.0
 */
export const orgaProperty = "orga"

/** The store's fields of an application event, as its metadata property carries them (JSON text). */
interface OrgaFields {
  readonly id: string
  readonly commandId: string | null
  readonly metadata: Readonly<Record<string, unknown>>
}

/**
 * The KurrentDB event of the `index`-th event of an append (its record id derived from the command id when
 * there is one: see `RecordId`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const applicationEvent = (
  namespace: string,
  event: EventStore.NewEvent,
  index: number,
  commandId: string | undefined
): EventData => {
  const fields: OrgaFields = { id: event.id, commandId: commandId ?? null, metadata: event.metadata ?? {} }
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
 * One stream of a command's append, as its record keeps it: how many events it wrote there, and for a stream
 * it wrote nothing to, the version the store checked (the only part of the result not read back from events).
 *
 * @category models
 * @since 0.1.0
 */
export interface CommandPart {
  readonly streamId: string
  readonly count: number
  readonly version: bigint | undefined
}

/**
 * The record of an append with a command id: its streams, from which the original result is read back.
 *
 * @category constructors
 * @since 0.1.0
 */
export const commandEvent = (namespace: string, commandId: string, parts: ReadonlyArray<CommandPart>): EventData => ({
  id: RecordId.ofStoreRecord(namespace, "command", commandId),
  contentType: "application/json",
  type: "OrgaCommandAppended",
  data: {
    parts: parts.map((part) => ({
      streamId: part.streamId,
      count: part.count,
      version: part.version === undefined ? null : part.version.toString()
    }))
  },
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
  const { id, commandId, metadata: inner } = fields
  if (typeof id !== "string") return undefined
  if (commandId !== null && typeof commandId !== "string") return undefined
  if (inner !== undefined && !isRecord(inner)) return undefined
  return { id, commandId, metadata: inner ?? {} }
}

/**
 * The port's event of an application event read from KurrentDB (its global position is its `$all` place,
 * `AllPosition`); `undefined` for an event of another stream (not this namespace's application streams).
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
  const globalPosition = event.position === undefined ? undefined : AllPosition.encode(event.position)
  if (globalPosition === undefined) {
    return corrupt("event", `${event.streamId}@${event.revision} came without a place in $all`)
  }
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
      globalPosition,
      recordedAt: event.created,
      commandId: fields.commandId
    }
  } catch (cause) {
    return corrupt("event", `${event.streamId}@${event.revision}: ${String(cause)}`)
  }
}

/**
 * A command record read back: the streams of the command's append.
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeCommand = (event: ClientEvent): ReadonlyArray<CommandPart> | EventStoreError.EventStoreError => {
  try {
    const data = parsed(event.data)
    if (!isRecord(data) || !Array.isArray(data.parts)) return corrupt("command record", event.streamId)
    const parts: Array<CommandPart> = []
    for (const part of data.parts) {
      if (
        !isRecord(part) ||
        typeof part.streamId !== "string" ||
        !Number.isSafeInteger(part.count) ||
        (part.count as number) < 0 ||
        (part.version !== null && !isDecimal(part.version))
      ) {
        return corrupt("command record", event.streamId)
      }
      parts.push({
        streamId: part.streamId,
        count: part.count as number,
        version: part.version === null ? undefined : BigInt(part.version)
      })
    }
    return parts
  } catch (cause) {
    return corrupt("command record", `${event.streamId}: ${String(cause)}`)
  }
}
