/**
 * The delivery ledger: one row per e-mail the outbox owes, in the shared database (PostgreSQL with
 * `DATABASE_URL`, the data dir's `outbox.db` SQLite file otherwise), with the sender's checkpoint beside it.
 *
 * Why a table and not the mailer's own memory: several instances send from one log, and a process may die at any
 * moment. A delivery is claimed by one sender in one statement (a lease: `sending` until `lease_until`), then
 * marked `sent` or `failed` with its outcome, or put back `pending` with the next attempt's time. A claim whose
 * owner died expires and is taken over; a claim taken over is never completed by the late owner (every update
 * names the owner). Rows are written in the same transaction as the checkpoint that covers them, so the
 * checkpoint never passes an event whose delivery is not recorded.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * A delivery to record: the id of the event that asked for it and its place in the log.
 *
 * @category models
 * @since 0.1.0
 */
export interface Entry {
  readonly deliveryId: string
  readonly position: bigint
}

/**
 * A delivery claimed by a sender: it must send it, then complete or reschedule it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Claim {
  readonly deliveryId: string
  readonly position: bigint
  /** Attempts so far, this one included. */
  readonly attempts: number
}

/**
 * Where a delivery stands.
 *
 * @category models
 * @since 0.1.0
 */
export type Status = "pending" | "sending" | "sent" | "failed" | "skipped"

/**
 * A delivery as recorded (what operators and tests read).
 *
 * @category models
 * @since 0.1.0
 */
export interface Delivery {
  readonly deliveryId: string
  readonly position: bigint
  readonly status: Status
  readonly attempts: number
  /** Pix's sending error code of the last failure (`SENDING_EMAIL_FAILED`, …), or null. */
  readonly errorCode: string | null
  /** The sending server's answer of the last failure (never the address), or null. */
  readonly error: string | null
  readonly sentAt: number | null
}

/**
 * The ledger could not be read or written.
 *
 * @category errors
 * @since 0.1.0
 */
export class LedgerError extends Schema.TaggedError<LedgerError>()("LedgerError", {
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}

/**
 * The port.
 *
 * @category models
 * @since 0.1.0
 */
export interface LedgerShape {
  /** The log position up to which events were looked at (0n at first). */
  readonly checkpoint: Effect.Effect<bigint, LedgerError>
  /** Records the deliveries (already recorded ones are left alone) and moves the checkpoint up, in one transaction. */
  readonly record: (entries: ReadonlyArray<Entry>, checkpoint: bigint, now: number) => Effect.Effect<void, LedgerError>
  /** Claims the oldest delivery due (pending and due, or sending with an expired lease), if any. */
  readonly claim: (owner: string, now: number, leaseMillis: number) => Effect.Effect<Claim | undefined, LedgerError>
  /** Records the final outcome; false when the claim was lost (taken over after its lease expired). */
  readonly finish: (
    claim: Claim,
    owner: string,
    outcome: {
      readonly status: "sent" | "failed" | "skipped"
      readonly errorCode?: string | undefined
      readonly error?: string | undefined
    },
    now: number
  ) => Effect.Effect<boolean, LedgerError>
  /** Puts the delivery back for a later attempt; false when the claim was lost. */
  readonly reschedule: (
    claim: Claim,
    owner: string,
    failure: { readonly errorCode: string; readonly error: string },
    nextAttemptAt: number
  ) => Effect.Effect<boolean, LedgerError>
  /** Every delivery, in log order. */
  readonly list: Effect.Effect<ReadonlyArray<Delivery>, LedgerError>
}

/**
 * The ledger of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class Ledger extends Context.Service<Ledger, LedgerShape>()("@orga/http/outbox/Ledger") {}

/** A database row, as both drivers give it (bigints as strings or numbers). */
export interface Row {
  readonly delivery_id: string
  readonly position: string | number | bigint
  readonly status: Status
  readonly attempts: string | number
  readonly error_code: string | null
  readonly error: string | null
  readonly sent_at: string | number | null
}

/**
 * A row as a delivery.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toDelivery = (row: Row): Delivery => ({
  deliveryId: row.delivery_id,
  position: BigInt(row.position),
  status: row.status,
  attempts: Number(row.attempts),
  errorCode: row.error_code,
  error: row.error,
  sentAt: row.sent_at === null ? null : Number(row.sent_at)
})

/**
 * The failure of a ledger operation.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fail =
  (what: string) =>
  (cause: unknown): LedgerError =>
    new LedgerError({ message: `outbox ledger: ${what} failed`, cause })

/**
 * Runs a synchronous driver call as an effect failing with `LedgerError`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const attempt = <A>(what: string, run: () => A): Effect.Effect<A, LedgerError> =>
  Effect.try({ try: run, catch: fail(what) })
