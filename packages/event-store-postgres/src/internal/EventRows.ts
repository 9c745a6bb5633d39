/**
 * Rows of the `events` table as readers select them, and their decoding into recorded events.
 */
import type { EventStore } from "@orga/event-store"

/** A row of `events`, in the column order of `selectColumns` (rowMode "array" avoids an object per row). */
export type EventRow = [string, string, string, string, string, string, string, string | null, Date]

/** The columns of a read, positions and JSON as text (parsed here, once). */
export const selectColumns =
  "e.global_position::text AS gp, e.event_id, e.stream_id, e.stream_version::text AS sv, e.event_type, e.data::text AS d, e.metadata::text AS m, e.command_id, e.recorded_at"

/** Decodes a row: bigints from their text, JSON parsed. */
export const toRecorded = (row: EventRow): EventStore.RecordedEvent => ({
  globalPosition: BigInt(row[0]),
  id: row[1],
  streamId: row[2],
  streamVersion: BigInt(row[3]),
  type: row[4],
  data: JSON.parse(row[5]),
  metadata: JSON.parse(row[6]),
  commandId: row[7],
  recordedAt: row[8]
})
