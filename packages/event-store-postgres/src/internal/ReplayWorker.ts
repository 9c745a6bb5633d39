/**
 * The worker module that reads a PostgreSQL store's log for a replay, on its own connection: the driver's
 * decoding of a million rows runs on this thread, not on the one that folds.
 *
 * @since 0.1.0
 */
import { serve } from "@orga/event-store/replay-worker"
import Pg from "pg"
import { pageReader } from "./ReplayQuery.ts"

await serve(async (source: { readonly connectionString: string; readonly schema: string }) => {
  const client = new Pg.Client({ connectionString: source.connectionString })
  await client.connect()
  return { read: pageReader(client, source.schema), close: () => client.end() }
})
