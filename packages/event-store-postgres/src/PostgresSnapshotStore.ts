/**
 * The snapshot store in the log's own PostgreSQL schema (docs/adr/0056-read-model-snapshots.md): a table of
 * headers, `read_model_snapshots`, its bytes in `read_model_snapshot_chunks` (pieces of 16 MB: the driver sends a
 * `bytea` parameter as text, twice its size, and one string cannot exceed half a gigabyte), and the floor below
 * which no snapshot is kept. Writes and drops take one transaction-level advisory lock, so a writer whose
 * snapshot predates an erasure cannot store it after the drop.
 *
 * Removed rows leave the table's files at the next vacuum; a removed snapshot is sealed under a key the caller
 * destroys, so what stays is ciphertext without a key.
 *
 * @since 0.1.0
 */
import { EventStoreError, type SnapshotStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Pg from "pg"
import { advisoryKeyOf, isValidSchemaName } from "./internal/Identifiers.ts"

const failure = (what: string) => (cause: unknown) =>
  new EventStoreError.EventStoreError({
    reason: "Database",
    message: `The PostgreSQL snapshot store could not ${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause
  })

const chunkSize = 16 * 1024 * 1024
const floorId = "~floor"

interface HeaderRow {
  readonly id: string
  readonly position: string
  readonly format: number
  readonly fingerprint: string
  readonly key_subject: string | null
  readonly size: string
  readonly created_at: string
}

const headerOf = (row: HeaderRow): SnapshotStore.Header => ({
  id: row.id,
  position: BigInt(row.position),
  format: Number(row.format),
  fingerprint: row.fingerprint,
  keySubject: row.key_subject,
  size: Number(row.size),
  createdAt: row.created_at
})

/**
 * The snapshot store in `schema` over the store's pool (the tables are created if missing).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  pool: Pg.Pool,
  schema: string
): Effect.Effect<SnapshotStore.SnapshotStoreShape, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    if (!isValidSchemaName(schema)) return yield* Effect.die(new Error(`Invalid schema name ${schema}`))
    const table = `${schema}.read_model_snapshots`
    const chunks = `${schema}.read_model_snapshot_chunks`
    const lock = advisoryKeyOf(`orga-snapshots:${schema}`)
    const columns = "id, position, format, fingerprint, key_subject, size, created_at"
    const query = <R extends object>(what: string, text: string, values?: ReadonlyArray<unknown>) =>
      Effect.tryPromise({
        try: () => pool.query<R & Pg.QueryResultRow>(text, values as Array<unknown> | undefined),
        catch: failure(what)
      })
    // Two instances creating the tables at once: the loser's unique violation means they exist.
    const exists = (error: EventStoreError.EventStoreError) =>
      String((error.cause as { code?: unknown } | undefined)?.code) === "23505" ? Effect.void : Effect.fail(error)
    yield* query(
      "create its table",
      `CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, position bigint NOT NULL, format integer NOT NULL,
        fingerprint text NOT NULL, key_subject text, size bigint NOT NULL, created_at text NOT NULL)`
    ).pipe(Effect.catch(exists))
    yield* query(
      "create its chunk table",
      `CREATE TABLE IF NOT EXISTS ${chunks} (id text NOT NULL, seq integer NOT NULL, bytes bytea NOT NULL,
        PRIMARY KEY (id, seq))`
    ).pipe(Effect.catch(exists))

    const listSql = `SELECT ${columns} FROM ${table} WHERE id <> '${floorId}' AND position >= coalesce((SELECT position FROM ${table} WHERE id = '${floorId}'), 0) ORDER BY position DESC, created_at DESC`

    // One transaction on one client, holding the snapshots' lock.
    const transaction = <A>(what: string, body: (client: Pg.PoolClient) => Promise<A>) =>
      Effect.tryPromise({
        try: async () => {
          const client = await pool.connect()
          try {
            await client.query("BEGIN")
            await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [lock])
            const result = await body(client)
            await client.query("COMMIT")
            return result
          } catch (error) {
            await client.query("ROLLBACK").catch(() => undefined)
            throw error
          } finally {
            client.release()
          }
        },
        catch: failure(what)
      })

    const removeAll = async (client: Pg.PoolClient, ids: ReadonlyArray<string>) => {
      if (ids.length === 0) return
      await client.query(`DELETE FROM ${chunks} WHERE id = ANY($1::text[])`, [ids])
      await client.query(`DELETE FROM ${table} WHERE id = ANY($1::text[])`, [ids])
    }

    return {
      list: Effect.map(query<HeaderRow>("list its snapshots", listSql), (result) => result.rows.map(headerOf)),
      // Chunk by chunk: a chunk comes as hex text (twice its size, the driver reads no binary results), so one
      // query for the whole snapshot would hold a string of twice its size.
      read: (id) =>
        Effect.tryPromise({
          try: async () => {
            const count = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${chunks} WHERE id = $1`, [
              id
            ])
            const n = count.rows[0]?.n ?? 0
            if (n === 0) return undefined
            const parts: Array<Buffer> = []
            for (let seq = 0; seq < n; seq++) {
              const result = await pool.query<{ bytes: Buffer }>(
                `SELECT bytes FROM ${chunks} WHERE id = $1 AND seq = $2`,
                [id, seq]
              )
              const bytes = result.rows[0]?.bytes
              if (bytes === undefined) return undefined
              parts.push(bytes)
            }
            return new Uint8Array(Buffer.concat(parts))
          },
          catch: failure("read a snapshot")
        }),
      write: (header, data, keep) =>
        transaction("write a snapshot", async (client) => {
          const floor = await client.query<{ position: string }>(`SELECT position FROM ${table} WHERE id = $1`, [
            floorId
          ])
          if (floor.rows.length > 0 && header.position < BigInt(floor.rows[0]!.position))
            return { written: false, removed: [] }
          await client.query(`INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
            header.id,
            header.position.toString(),
            header.format,
            header.fingerprint,
            header.keySubject,
            data.length,
            header.createdAt
          ])
          const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
          for (let seq = 0, start = 0; start < buffer.length || seq === 0; seq++, start += chunkSize)
            await client.query(`INSERT INTO ${chunks} (id, seq, bytes) VALUES ($1, $2, $3)`, [
              header.id,
              seq,
              buffer.subarray(start, start + chunkSize)
            ])
          const removed = (await client.query<HeaderRow>(listSql)).rows.map(headerOf).slice(Math.max(keep, 1))
          await removeAll(
            client,
            removed.map((old) => old.id)
          )
          return { written: true, removed }
        }),
      dropBelow: (position) =>
        transaction("drop its snapshots", async (client) => {
          await client.query(
            `INSERT INTO ${table} (${columns}) VALUES ($1, $2, 0, '', NULL, 0, '')
             ON CONFLICT (id) DO UPDATE SET position = greatest(${table}.position, excluded.position)`,
            [floorId, position.toString()]
          )
          const found = (
            await client.query<HeaderRow>(`SELECT ${columns} FROM ${table} WHERE id <> $1 AND position < $2`, [
              floorId,
              position.toString()
            ])
          ).rows.map(headerOf)
          await removeAll(
            client,
            found.map((old) => old.id)
          )
          return found
        })
    } satisfies SnapshotStore.SnapshotStoreShape
  })
