/**
 * The replay's query: the events after a position, in global order, at most a page, every value as text (the
 * data's JSON is parsed where it is folded). Shared by the reading thread and the first page read in place.
 *
 * @since 0.1.0
 */
import { fromTextRows, type RawReplayPage } from "@orga/event-store/replay-worker"
import type * as Pg from "pg"

/** Position, stream, version, data: all as text. */
type Row = [string, string, string, string]

const asText = (value: string): string => value
const textTypes = { getTypeParser: () => asText }

/**
 * A page reader over a client or pool. `schema` must already be checked ([a-z_][a-z0-9_]{0,47}).
 *
 * @since 0.1.0
 */
export const pageReader = (
  client: Pg.ClientBase | Pg.Pool,
  schema: string
): ((after: bigint, limit: number) => Promise<RawReplayPage | undefined>) => {
  // Named: parsed and planned once per connection.
  const name = `orga-replay-pages-${schema}`
  const text = `SELECT e.global_position, e.stream_id, e.stream_version, e.data FROM ${schema}.events e
                WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`
  return async (after, limit) => {
    const result = await client.query<Row>({
      name,
      text,
      rowMode: "array",
      types: textTypes,
      values: [after.toString(), limit]
    })
    return fromTextRows(result.rows)
  }
}
