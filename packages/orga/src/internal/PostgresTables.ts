/**
 * The read-model tables' versions in a PostgreSQL schema: the pointer table `<schema>.orga_read_models_live` (one
 * row, the live version) and the drop of an old version's table. The drop removes the table's files with its rows
 * (what `VACUUM FULL` after an erasure does for the old row versions), after deleting them in the same transaction.
 *
 * @since 0.3.0
 */
import { ProjectionSink } from "@orga/event-store"
import type { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import type * as TablesVersion from "../TablesVersion.ts"
import { nameOf, version } from "../TablesVersion.ts"

const failed = (what: string) => (cause: unknown) =>
  new ProjectionSink.ProjectionError({
    projection: "orga_read_models_live",
    reason: "CatalogFailed",
    message: `Read-model tables: ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause
  })

/**
 * The catalog of a schema (its pointer table made if missing). `schema` was checked by the store.
 *
 * @category constructors
 * @since 0.3.0
 */
export const make = (
  pool: PostgresEventStore.PostgresEventStoreShape["pool"],
  schema: string
): Effect.Effect<TablesVersion.Catalog, ProjectionSink.ProjectionError> =>
  Effect.map(
    Effect.tryPromise({
      try: async () => {
        // Instances starting together race on CREATE TABLE IF NOT EXISTS: a unique violation is the other's table.
        try {
          await pool.query(
            `CREATE TABLE IF NOT EXISTS ${schema}.orga_read_models_live (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)`
          )
        } catch (cause) {
          if ((cause as { code?: string }).code !== "23505") throw cause
        }
        // A fresh schema (no table of version 1 yet) starts at the code's version: only an existing store's tables
        // are rebuilt beside (`ReadModelTables.upgrade`). The table of version 1 is made by its sink, after this.
        const first = await pool.query("SELECT to_regclass($1) AS found", [`${schema}.rm_${nameOf(1)}`])
        if (first.rows[0]?.found == null)
          await pool.query(
            `INSERT INTO ${schema}.orga_read_models_live (id, version) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`,
            [version]
          )
      },
      catch: failed("creating the pointer")
    }),
    (): TablesVersion.Catalog => {
      const live = Effect.tryPromise({
        try: async () =>
          Number(
            (await pool.query(`SELECT version FROM ${schema}.orga_read_models_live WHERE id = 1`)).rows[0]?.version ?? 1
          ),
        catch: failed("reading the live version")
      })
      return {
        live,
        building: Effect.flatMap(live, (at) =>
          Effect.tryPromise({
            try: async () => {
              const { rows } = await pool.query(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'rm_orga_read_models_v%'",
                [schema]
              )
              const versions = (rows as Array<{ name: string }>)
                .map((row) => Number(row.name.slice("rm_orga_read_models_v".length)))
                .filter((v) => Number.isSafeInteger(v) && v > at)
              return versions.length === 0 ? undefined : Math.max(...versions)
            },
            catch: failed("listing the tables")
          })
        ),
        switchTo: (at) =>
          Effect.tryPromise({
            try: async () => {
              await pool.query(
                `INSERT INTO ${schema}.orga_read_models_live (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
                [at]
              )
            },
            catch: failed("switching")
          }),
        drop: (at) =>
          Effect.tryPromise({
            try: async () => {
              const name = nameOf(at)
              const client = await pool.connect()
              try {
                await client.query("BEGIN")
                // nameOf builds [a-z0-9_] names only: safe to interpolate.
                const { rows } = await client.query(
                  "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
                  [schema, `rm_${name}`]
                )
                if (rows.length > 0) {
                  await client.query(`DELETE FROM ${schema}.rm_${name}`)
                  await client.query(`DROP TABLE ${schema}.rm_${name}`)
                }
                await client.query(`DELETE FROM ${schema}.projection_checkpoints WHERE name = $1`, [name])
                await client.query("COMMIT")
              } catch (cause) {
                await client.query("ROLLBACK")
                throw cause
              } finally {
                client.release()
              }
            },
            catch: failed("dropping the old table")
          })
      }
    }
  )
