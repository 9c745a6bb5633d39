/**
 * The read-model tables' versions in a SQLite file: the pointer table `orga_read_models_live` (one row, the live
 * version) and the drop of an old version's table. The file runs with `secure_delete`, so the rows deleted before
 * the drop have their pages zeroed, and the write-ahead log, which still holds their old pages, is truncated.
 *
 * @since 0.3.0
 */
import type { DatabaseSync } from "node:sqlite"
import { ProjectionSink } from "@orga/event-store"
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
 * The catalog of a SQLite file (its pointer table made if missing).
 *
 * @category constructors
 * @since 0.3.0
 */
export const make = (db: DatabaseSync): TablesVersion.Catalog => {
  db.exec(
    "CREATE TABLE IF NOT EXISTS orga_read_models_live (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)"
  )
  // A fresh file (no table of version 1 yet) starts at the code's version: only an existing store's tables are
  // rebuilt beside (`ReadModelTables.upgrade`). The table of version 1 is made by its sink, after this.
  const first = db
    .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(`rm_${nameOf(1)}`)
  if (first === undefined)
    db.prepare("INSERT INTO orga_read_models_live (id, version) VALUES (1, ?) ON CONFLICT (id) DO NOTHING").run(version)
  const live = Effect.try({
    try: () =>
      Number(
        (db.prepare("SELECT version FROM orga_read_models_live WHERE id = 1").get() as { version: number } | undefined)
          ?.version ?? 1
      ),
    catch: failed("reading the live version")
  })
  return {
    live,
    building: Effect.flatMap(live, (at) =>
      Effect.try({
        try: () => {
          const rows = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_orga_read_models_v%'")
            .all() as Array<{ name: string }>
          const versions = rows
            .map((row) => Number(row.name.slice("rm_orga_read_models_v".length)))
            .filter((v) => Number.isSafeInteger(v) && v > at)
          return versions.length === 0 ? undefined : Math.max(...versions)
        },
        catch: failed("listing the tables")
      })
    ),
    switchTo: (at) =>
      Effect.try({
        try: () => {
          db.prepare(
            "INSERT INTO orga_read_models_live (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version"
          ).run(at)
        },
        catch: failed("switching")
      }),
    drop: (at) =>
      Effect.try({
        try: () => {
          const name = nameOf(at)
          // nameOf builds [a-z0-9_] names only: safe to interpolate.
          db.exec("BEGIN IMMEDIATE")
          try {
            const exists = db
              .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?")
              .get(`rm_${name}`)
            if (exists !== undefined) {
              db.exec(`DELETE FROM rm_${name}`)
              db.exec(`DROP TABLE rm_${name}`)
            }
            db.prepare("DELETE FROM projection_checkpoints WHERE name = ?").run(name)
            db.exec("COMMIT")
          } catch (cause) {
            db.exec("ROLLBACK")
            throw cause
          }
          db.exec("PRAGMA wal_checkpoint(TRUNCATE)")
        },
        catch: failed("dropping the old table")
      })
  }
}
