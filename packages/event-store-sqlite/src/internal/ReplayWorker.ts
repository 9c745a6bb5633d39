/**
 * The worker module that reads a SQLite store's log for a replay, on its own read-only connection to the file
 * (WAL lets it read while the store's connection writes; each page sees the log as last committed).
 *
 * @since 0.1.0
 */
import { DatabaseSync } from "node:sqlite"
import { serve } from "@orga/event-store/replay-worker"
import { pageReader } from "./TextRows.ts"

await serve((source: { readonly filename: string }) => {
  const connection = new DatabaseSync(source.filename, { readOnly: true })
  const read = pageReader(connection)
  return { read, close: () => connection.close() }
})
