/**
 * The log read for a start-up rebuild: only position, stream, version and data, as arrays, for folds that never
 * read ids, metadata or dates. It skips what makes `readAll` slow over a million events (a `RecordedEvent` per
 * row, metadata parsed, a `Date` built) and answers the same values for the four fields it reads.
 *
 * @since 0.1.0
 */
import { EventStoreError as StoreErrors } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Pg from "pg"
import { isValidSchemaName } from "./Identifiers.ts"

type EventStoreError = StoreErrors.EventStoreError

/**
 * One event of a replay: global position, stream id, stream version, parsed data.
 *
 * @since 0.1.0
 */
export type ReplayRow = [globalPosition: bigint, streamId: string, streamVersion: bigint, data: unknown]

/**
 * Reads the events strictly after `after`, in global order, at most `maxCount` (none when `maxCount` ≤ 0).
 *
 * @since 0.1.0
 */
export type ReplayReader = (after: bigint, maxCount: number) => Effect.Effect<Array<ReplayRow>, EventStoreError>

/**
 * Where the log lives: a `PostgresEventStoreShape` is one, or a pool and the store's schema.
 *
 * @since 0.1.0
 */
export interface ReplayTarget {
  readonly pool: Pg.Pool
  readonly schema: string
}

/** The raw row: position and version as text (exact past 2^53), data parsed by the driver. */
type RawRow = [string, string, string, unknown]

const jsonOid = 114
const asText = (value: string): string => value
/** This query's own parsers, whatever the process set globally: JSON parsed, everything else as text. */
const replayTypes = { getTypeParser: (oid: number) => (oid === jsonOid ? JSON.parse : asText) }

/**
 * The replay reader of a store. Its visibility rule is `readAll`'s (`global_position > after`, in position
 * order): positions are handed out at commit under the store's counter lock, so a reader never sees a hole.
 *
 * While the caller folds a page, the next one is already being read (on another connection of the pool), so the
 * server's work overlaps the fold. Only a full page read ahead is used: it is the same whenever it is read (the
 * positions after a full page never change), while a short one may have missed events committed since.
 *
 * @since 0.1.0
 */
export const replayReader = (target: ReplayTarget): ReplayReader => {
  const { pool, schema } = target
  if (!isValidSchemaName(schema)) {
    return () =>
      Effect.fail(
        new StoreErrors.EventStoreError({
          reason: "InvalidInput",
          message: `schema name ${JSON.stringify(schema)} must match [a-z_][a-z0-9_]{0,47}`
        })
      )
  }
  // A named statement: parsed and planned once per connection. Aliases keep ORDER BY on the bigint column.
  const name = `orga-replay-${schema}`
  const text = `SELECT e.global_position::text AS gp, e.stream_id, e.stream_version::text AS sv, e.data FROM ${schema}.events e
                WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`

  const fetchPage = async (after: bigint, limit: number): Promise<Array<ReplayRow>> => {
    const result = await pool.query<RawRow>({
      name,
      text,
      rowMode: "array",
      types: replayTypes,
      values: [after.toString(), limit]
    })
    const rows = result.rows as unknown as Array<ReplayRow>
    for (const row of rows) {
      row[0] = BigInt(row[0] as unknown as string)
      row[2] = BigInt(row[2] as unknown as string)
    }
    return rows
  }

  let ahead:
    | { readonly after: bigint; readonly limit: number; readonly page: Promise<Array<ReplayRow> | undefined> }
    | undefined

  const read = async (after: bigint, limit: number): Promise<Array<ReplayRow>> => {
    const prefetched = ahead !== undefined && ahead.after === after && ahead.limit === limit ? ahead.page : undefined
    ahead = undefined
    const fromAhead = prefetched === undefined ? undefined : await prefetched
    const rows = fromAhead !== undefined && fromAhead.length === limit ? fromAhead : await fetchPage(after, limit)
    const last = rows[rows.length - 1]
    if (rows.length === limit && last !== undefined) {
      // A failed read-ahead is forgotten: the next call reads the page itself and reports its own failure.
      ahead = { after: last[0], limit, page: fetchPage(last[0], limit).catch(() => undefined) }
    }
    return rows
  }

  return (after, maxCount) =>
    Effect.tryPromise({
      try: () => {
        const limit = Math.max(0, maxCount)
        return limit === 0 ? Promise.resolve([]) : read(after, limit)
      },
      catch: (cause) =>
        new StoreErrors.EventStoreError({
          reason: "Database",
          message: `Reading the log for a replay failed: ${
            typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : String(cause)
          }`,
          cause
        })
    })
}
