/**
 * An append as the SQL functions take it, and the checks made before sending it.
 */
import { type EventStore, EventStoreError, type ExpectedVersion, Scopes } from "@orga/event-store"

/** The expected version as the SQL function names it. */
export const kindOf = (expected: ExpectedVersion.ExpectedVersion): string =>
  expected._tag === "Any"
    ? "any"
    : expected._tag === "NoStream"
      ? "noStream"
      : expected._tag === "StreamExists"
        ? "streamExists"
        : "exact"

const invalidInput = (message: string): EventStoreError.EventStoreError =>
  new EventStoreError.EventStoreError({ reason: "InvalidInput", message })

/** One append as the SQL functions take it. */
export interface EncodedAppend {
  readonly streams: ReadonlyArray<string>
  readonly kinds: ReadonlyArray<string>
  readonly expected: ReadonlyArray<string>
  readonly counts: ReadonlyArray<number>
  readonly events: ReadonlyArray<unknown>
  readonly commandId: string | null
}

/**
 * Numbers the events (stream index, version offset in the stream, position offset in the append) and turns data
 * and metadata into JSON texts, so any JSON (U+0000 included) reaches PostgreSQL's json type intact; each event's
 * scope (`c`, for the scope index) when the store has a scope key and the event one.
 */
export const encodeAppend = (
  appends: ReadonlyArray<EventStore.AppendToStream>,
  commandId: string | undefined,
  scopeKey?: string | undefined
): EncodedAppend => {
  const events: Array<unknown> = []
  let n = 0
  appends.forEach((append, index) => {
    append.events.forEach((event, k) => {
      n++
      const scope = Scopes.scopeOf(event.metadata, scopeKey)
      events.push({
        s: index + 1,
        k: k + 1,
        n,
        i: event.id,
        t: event.type,
        d: JSON.stringify(event.data === undefined ? null : event.data),
        m: JSON.stringify(event.metadata ?? {}),
        ...(scope === undefined ? {} : { c: scope })
      })
    })
  })
  return {
    streams: appends.map((a) => a.streamId),
    kinds: appends.map((a) => kindOf(a.expectedVersion)),
    expected: appends.map((a) => (a.expectedVersion._tag === "Exact" ? a.expectedVersion.version.toString() : "0")),
    counts: appends.map((a) => a.events.length),
    events,
    commandId: commandId ?? null
  }
}

/** A lone UTF-16 surrogate: UTF-8 cannot encode it, so the driver would silently store U+FFFD instead. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Whether PostgreSQL's text can hold `value` exactly (no U+0000, no lone surrogate). */
const fitsText = (value: string): boolean => !value.includes("\u0000") && !loneSurrogate.test(value)

/** Refuses what PostgreSQL would reject or silently alter, before anything is sent. */
export const validateAppends = (
  appends: ReadonlyArray<EventStore.AppendToStream>,
  commandId: string | undefined
): EventStoreError.EventStoreError | undefined => {
  if (commandId !== undefined && !fitsText(commandId)) {
    return invalidInput("a command id cannot hold U+0000 or a lone surrogate in PostgreSQL")
  }
  for (const append of appends) {
    if (append.expectedVersion._tag === "Exact" && append.expectedVersion.version < 0n) {
      return invalidInput(`expected version of ${append.streamId} is negative`)
    }
    if (!fitsText(append.streamId)) {
      return invalidInput("a stream id cannot hold U+0000 or a lone surrogate in PostgreSQL")
    }
    for (const event of append.events) {
      if (!fitsText(event.id) || !fitsText(event.type)) {
        return invalidInput("an event id or type cannot hold U+0000 or a lone surrogate in PostgreSQL")
      }
    }
  }
  return undefined
}
