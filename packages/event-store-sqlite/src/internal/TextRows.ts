/**
 * The replay's query on a connection: the events after a position, in global order, as raw pages (position,
 * stream, version, data as stored text). Shared by the reading thread and the in-thread path.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import { fromTextRows, type RawReplayPage, type TextRow } from "@orga/event-store/replay-worker"

/**
 * A page reader over `connection` (its statement prepared once).
 *
 * @since 0.1.0
 */
export const pageReader = (connection: DatabaseSync): ((after: bigint, limit: number) => RawReplayPage | undefined) => {
  const statement = connection.prepare(
    "SELECT global_position, stream_id, stream_version, data FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?"
  )
  statement.setReadBigInts(true)
  statement.setReturnArrays(true)
  return (after, limit) => fromTextRows(statement.all(after, limit) as unknown as Array<TextRow>)
}
