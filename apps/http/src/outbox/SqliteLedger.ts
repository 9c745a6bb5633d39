/**
 * The delivery ledger in a SQLite file (`<dataDir>/outbox.db`): one app instance, `pnpm start` on a laptop.
 * A claim is one `UPDATE … RETURNING` statement, atomic under SQLite's single writer.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { attempt, type LedgerError, type LedgerShape, type Row, toDelivery } from "./Ledger.ts"

const schema = `
CREATE TABLE IF NOT EXISTS outbox_deliveries (
  delivery_id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  owner TEXT,
  lease_until INTEGER,
  next_attempt_at INTEGER NOT NULL,
  error_code TEXT,
  error TEXT,
  sent_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_deliveries_due ON outbox_deliveries (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS outbox_checkpoint (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
`

/**
 * Opens (and creates) the ledger in a SQLite file, closed with the scope.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (file: string): Effect.Effect<LedgerShape, LedgerError, Scope.Scope> =>
  Effect.gen(function* () {
    const db = yield* Effect.acquireRelease(
      attempt("open", () => {
        Fs.mkdirSync(Path.dirname(file), { recursive: true })
        const db = new DatabaseSync(file, { readBigInts: true })
        db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;")
        db.exec(schema)
        return db
      }),
      (db) => Effect.sync(() => db.close())
    )
    const readCheckpoint = db.prepare("SELECT position FROM outbox_checkpoint WHERE name = 'invitations'")
    const insert = db.prepare(
      `INSERT INTO outbox_deliveries (delivery_id, position, status, next_attempt_at, created_at)
       VALUES (?, ?, 'pending', ?, ?) ON CONFLICT (delivery_id) DO NOTHING`
    )
    const moveCheckpoint = db.prepare(
      `INSERT INTO outbox_checkpoint (name, position) VALUES ('invitations', ?)
       ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position)`
    )
    const claim = db.prepare(
      `UPDATE outbox_deliveries SET status = 'sending', owner = ?, lease_until = ?, attempts = attempts + 1
       WHERE delivery_id = (
         SELECT delivery_id FROM outbox_deliveries
         WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?)
         ORDER BY position LIMIT 1)
       RETURNING delivery_id, position, attempts`
    )
    const finish = db.prepare(
      `UPDATE outbox_deliveries SET status = ?, error_code = ?, error = ?, sent_at = ?, owner = NULL, lease_until = NULL
       WHERE delivery_id = ? AND owner = ? AND status = 'sending'`
    )
    const reschedule = db.prepare(
      `UPDATE outbox_deliveries SET status = 'pending', error_code = ?, error = ?, next_attempt_at = ?,
         owner = NULL, lease_until = NULL
       WHERE delivery_id = ? AND owner = ? AND status = 'sending'`
    )
    const list = db.prepare(
      "SELECT delivery_id, position, status, attempts, error_code, error, sent_at FROM outbox_deliveries ORDER BY position, delivery_id"
    )
    return {
      checkpoint: attempt("read the checkpoint", () => {
        const row = readCheckpoint.get() as { position: bigint } | undefined
        return row === undefined ? 0n : BigInt(row.position)
      }),
      record: (entries, checkpoint, now) =>
        attempt("record", () => {
          db.exec("BEGIN IMMEDIATE")
          try {
            for (const entry of entries) insert.run(entry.deliveryId, entry.position, now, now)
            moveCheckpoint.run(checkpoint)
            db.exec("COMMIT")
          } catch (error) {
            db.exec("ROLLBACK")
            throw error
          }
        }),
      claim: (owner, now, leaseMillis) =>
        attempt("claim", () => {
          const row = claim.get(owner, now + leaseMillis, now, now) as
            | { delivery_id: string; position: bigint; attempts: bigint }
            | undefined
          return row === undefined
            ? undefined
            : { deliveryId: row.delivery_id, position: BigInt(row.position), attempts: Number(row.attempts) }
        }),
      finish: (claimed, owner, outcome, now) =>
        attempt(
          "finish",
          () =>
            Number(
              finish.run(
                outcome.status,
                outcome.errorCode ?? null,
                outcome.error ?? null,
                outcome.status === "sent" ? now : null,
                claimed.deliveryId,
                owner
              ).changes
            ) === 1
        ),
      reschedule: (claimed, owner, failure, nextAttemptAt) =>
        attempt(
          "reschedule",
          () =>
            Number(
              reschedule.run(failure.errorCode, failure.error, nextAttemptAt, claimed.deliveryId, owner).changes
            ) === 1
        ),
      list: attempt("list", () => (list.all() as unknown as ReadonlyArray<Row>).map(toDelivery))
    } satisfies LedgerShape
  })
