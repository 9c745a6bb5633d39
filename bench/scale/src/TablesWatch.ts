/**
 * The read-model tables as the bench watches them from outside the instances (`ORGA_READ_MODELS=tables`): the live
 * version's checkpoint row against the log's head, read in PostgreSQL by polling, the tables' size, and the leader's
 * lag (from an import's answer to the checkpoint passing the answer's `Orga-Position`).
 *
 * @since 0.3.0
 */
import { TablesVersion } from "@orga/orga"
import Pg from "pg"

/**
 * A connection watching the tables of one schema.
 *
 * @category models
 * @since 0.3.0
 */
export interface Watch {
  /** The live version's checkpoint (0 while the tables do not exist) and the log's head. */
  readonly positions: () => Promise<{ readonly checkpoint: bigint; readonly head: bigint; readonly table: string }>
  /** Bytes of the live table with its index and TOAST. */
  readonly size: () => Promise<number>
  /** Ends the connection (again: nothing more). */
  readonly close: () => Promise<void>
}

const liveName = async (client: Pg.Client, schema: string): Promise<string> => {
  // The pointer row (`orga_read_models_live`) names the live version; without it, version 1 where its table exists,
  // else the code's version, as the instances decide (`PostgresTables`: a schema with no table of version 1 starts
  // at the code's, e.g. one whose tables the bench built before any instance ran).
  const pointed = await client
    .query<{ version: number }>(`SELECT version FROM ${schema}.orga_read_models_live WHERE id = 1`)
    .then(
      (result) => result.rows[0]?.version,
      () => undefined
    )
  const first = await client.query<{ found: string | null }>("SELECT to_regclass($1)::text AS found", [
    `${schema}.rm_${TablesVersion.nameOf(1)}`
  ])
  const version = pointed ?? (first.rows[0]?.found == null ? TablesVersion.version : 1)
  return TablesVersion.nameOf(version)
}

/**
 * Opens a watch on `schema` of the database at `url`.
 *
 * @category constructors
 * @since 0.3.0
 */
export const watch = async (url: string, schema: string): Promise<Watch> => {
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  let closing: Promise<void> | undefined
  return {
    positions: async () => {
      const name = await liveName(client, schema)
      const result = await client.query<{ checkpoint: string | null; head: string }>(
        `SELECT (SELECT position::text FROM ${schema}.projection_checkpoints WHERE name = $1) AS checkpoint,
                (SELECT last::text FROM ${schema}.positions) AS head`,
        [name]
      )
      const row = result.rows[0]
      return { checkpoint: BigInt(row?.checkpoint ?? 0), head: BigInt(row?.head ?? 0), table: `rm_${name}` }
    },
    size: async () => {
      const name = await liveName(client, schema)
      const result = await client.query<{ bytes: string | null }>(
        "SELECT pg_total_relation_size(to_regclass($1))::text AS bytes",
        [`${schema}.rm_${name}`]
      )
      return Number(result.rows[0]?.bytes ?? 0)
    },
    close: () => {
      closing ??= client.end()
      return closing
    }
  }
}

/**
 * Milliseconds until the checkpoint reaches `target` (polled every `interval` ms), or undefined after `limit` ms.
 *
 * @category combinators
 * @since 0.3.0
 */
export const until = async (
  watched: Watch,
  target: bigint,
  limit: number,
  interval = 100
): Promise<number | undefined> => {
  const began = performance.now()
  while (performance.now() - began < limit) {
    if ((await watched.positions()).checkpoint >= target) return performance.now() - began
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
  return undefined
}

/**
 * The leader's lag during a rentrée: each import's answer is `expect`ed with its position; a poll of the checkpoint
 * every `interval` ms settles those it passed. `stop` waits for the last ones (up to `limit` ms) and answers the lags
 * in ms and how many were never reached.
 *
 * @category models
 * @since 0.3.0
 */
export interface LeaderLag {
  readonly expect: (position: bigint, answeredAt: number) => void
  readonly stop: (limit: number) => Promise<{ readonly lags: ReadonlyArray<number>; readonly missed: number }>
}

/**
 * Starts polling the checkpoint for the leader's lag.
 *
 * @category constructors
 * @since 0.3.0
 */
export const leaderLag = (watched: Watch, interval = 10): LeaderLag => {
  const pending: Array<{ position: bigint; answeredAt: number }> = []
  const lags: Array<number> = []
  let running = true
  const settle = (checkpoint: bigint, seenAt: number) => {
    for (let index = pending.length - 1; index >= 0; index--) {
      const entry = pending[index]!
      if (entry.position <= checkpoint) {
        lags.push(Math.max(0, seenAt - entry.answeredAt))
        pending.splice(index, 1)
      }
    }
  }
  const loop = (async () => {
    while (running) {
      const { checkpoint } = await watched.positions()
      settle(checkpoint, performance.now())
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  })()
  return {
    expect: (position, answeredAt) => {
      pending.push({ position, answeredAt })
    },
    stop: async (limit) => {
      const began = performance.now()
      while (pending.length > 0 && performance.now() - began < limit)
        await new Promise((resolve) => setTimeout(resolve, interval))
      running = false
      await loop
      return { lags, missed: pending.length }
    }
  }
}
