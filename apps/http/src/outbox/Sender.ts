/**
 * The invitation sender: an outbox over the log. Each instance subscribes to the event store from the ledger's
 * checkpoint and records a delivery per invitation event (in the transaction that moves the checkpoint); a worker
 * claims due deliveries one at a time, builds the French message from the organization's stream, hands it to
 * `Mail` under the event's id as delivery id, and records the outcome.
 *
 * At least once: a delivery stays owed until a sender records it `sent`, `failed` (Pix's sending error) or
 * `skipped` (the invitation was accepted or cancelled before its mail left); a sender that dies holding a claim
 * loses it when its lease expires, and another (or itself, restarted) takes it over. Never twice: a claim is
 * exclusive across instances (the shared ledger), a delivery recorded `sent` is never claimed again, and the one
 * remaining window (dead after the SMTP server accepted, before the ledger was written) re-sends with the same
 * `Message-ID`, which mail systems recognise. Transient failures (connection lost, 4xx answers) are retried with
 * exponential back-off; permanent ones (5xx) are recorded at once with Pix's code.
 *
 * @since 0.1.0
 */
import * as Os from "node:os"
import { EventStore as Store } from "@orga/event-store"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { Mail, type MailError } from "../mail/Mail.ts"
import * as Invitation from "./Invitation.ts"
import { type Claim, Ledger } from "./Ledger.ts"

/**
 * How the sender behaves.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The address people use (the accept link's base). */
  readonly publicUrl: string
  /** This instance's name in the ledger (default: host, pid and a random suffix). */
  readonly owner?: string | undefined
  /** How long a claim holds before another sender may take it over (default 60 s). */
  readonly leaseMillis?: number | undefined
  /** How often an idle worker looks for due deliveries (default 250 ms). */
  readonly pollMillis?: number | undefined
  /** Attempts before a transient failure is recorded as failed (default 8). */
  readonly maxAttempts?: number | undefined
  /** The first retry's delay, doubled at each attempt, at most one hour (default 5 s). */
  readonly baseDelayMillis?: number | undefined
  /** Where the log lines go (one JSON object; no address). */
  readonly log: (line: Record<string, unknown>) => void
}

/**
 * Pix's sending errors (§3.3): the code recorded with a failed delivery.
 *
 * @category models
 * @since 0.1.0
 */
export type SendingErrorCode =
  | "SENDING_EMAIL_TO_INVALID_DOMAIN"
  | "SENDING_EMAIL_TO_INVALID_EMAIL_ADDRESS"
  | "SENDING_EMAIL_FAILED"

/**
 * A mail failure classified: Pix's code, the server's answer without any address, and whether retrying may help.
 *
 * @category constructors
 * @since 0.1.0
 */
export const classify = (
  error: MailError
): { readonly errorCode: SendingErrorCode; readonly error: string; readonly permanent: boolean } => {
  const cause = (error.cause ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown }
  const responseCode = typeof cause.responseCode === "number" ? cause.responseCode : undefined
  const answer = String(cause.response ?? error.message).replace(/[^\s<>"]+@[^\s<>"]+/g, "[adresse]")
  // Only the server's permanent (5xx) answers are about the recipient; a relay that cannot be reached (EDNS,
  // ECONNECTION, timeouts) or a 4xx answer is worth another attempt.
  const permanent = responseCode !== undefined && responseCode >= 500
  const errorCode: SendingErrorCode =
    permanent && /domain|domaine/i.test(answer)
      ? "SENDING_EMAIL_TO_INVALID_DOMAIN"
      : permanent && (cause.code === "EENVELOPE" || /recipient|mailbox|address|user/i.test(answer))
        ? "SENDING_EMAIL_TO_INVALID_EMAIL_ADDRESS"
        : "SENDING_EMAIL_FAILED"
  return { errorCode, error: answer.slice(0, 500), permanent }
}

/**
 * The delay before attempt `attempts + 1`: `base × 2^(attempts − 1)`, at most one hour.
 *
 * @category getters
 * @since 0.1.0
 */
export const backoff = (attempts: number, baseMillis: number): number =>
  Math.min(baseMillis * 2 ** Math.max(0, attempts - 1), 3_600_000)

/**
 * Runs the sender for the layer's lifetime (the subscription and the worker, both forked in its scope).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<never, never, Store.EventStore | Ledger | Mail> =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const store = yield* Store.EventStore
      const ledger = yield* Ledger
      const mail = yield* Mail
      const owner = options.owner ?? `${Os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
      const leaseMillis = options.leaseMillis ?? 60_000
      const pollMillis = options.pollMillis ?? 250
      const maxAttempts = options.maxAttempts ?? 8
      const baseDelayMillis = options.baseDelayMillis ?? 5_000
      const log = (msg: string, fields: Record<string, unknown> = {}) =>
        Effect.sync(() => options.log({ time: new Date().toISOString(), level: "info", msg, ...fields }))

      // The subscription: invitation events become deliveries, the checkpoint moves with them.
      const follow = Effect.gen(function* () {
        const after = yield* ledger.checkpoint
        yield* store.subscribe({ after }).pipe(
          Stream.groupedWithin(500, Duration.millis(50)),
          Stream.runForEach((events) => {
            const last = events[events.length - 1]
            if (last === undefined) return Effect.void
            const entries = events
              .filter((event) => Invitation.types.has(event.type))
              .map((event) => ({ deliveryId: event.id, position: event.globalPosition }))
            return ledger.record(entries, last.globalPosition, Date.now())
          })
        )
      }).pipe(
        Effect.tapError((error) => log("outbox subscription failed, restarting", { error: error.message })),
        Effect.retry(Schedule.spaced(Duration.seconds(1)))
      )

      const deliver = (claim: Claim) =>
        Effect.gen(function* () {
          const [event] = yield* store.readAll({ after: claim.position - 1n, maxCount: 1 })
          if (event === undefined || event.id !== claim.deliveryId) {
            yield* ledger.finish(claim, owner, { status: "skipped", error: "event not found" }, Date.now())
            return
          }
          const { organizationId } = Invitation.target(event)
          const organization = yield* store.readStream(`organization-${organizationId}`)
          const plan = Invitation.plan(event, organization, options.publicUrl)
          if (plan._tag === "Skip") {
            yield* ledger.finish(claim, owner, { status: "skipped", error: plan.reason }, Date.now())
            yield* log("invitation mail skipped", { deliveryId: claim.deliveryId, reason: plan.reason })
            return
          }
          const sent = yield* mail
            .send({
              deliveryId: claim.deliveryId,
              to: plan.to,
              subject: plan.subject,
              text: plan.text,
              link: plan.link
            })
            .pipe(Effect.result)
          if (sent._tag === "Success") {
            yield* ledger.finish(claim, owner, { status: "sent" }, Date.now())
            yield* log("invitation mail delivered", { deliveryId: claim.deliveryId, attempts: claim.attempts })
            return
          }
          const failure = classify(sent.failure)
          if (failure.permanent || claim.attempts >= maxAttempts) {
            yield* ledger.finish(claim, owner, { status: "failed", ...failure }, Date.now())
            yield* log("invitation mail failed", { deliveryId: claim.deliveryId, code: failure.errorCode })
            return
          }
          const delay = backoff(claim.attempts, baseDelayMillis)
          yield* ledger.reschedule(claim, owner, failure, Date.now() + delay)
          yield* log("invitation mail retried later", {
            deliveryId: claim.deliveryId,
            code: failure.errorCode,
            attempts: claim.attempts,
            delayMillis: delay
          })
        })

      // The worker: one due delivery at a time; idle, it looks again after `pollMillis`. A failure of the
      // ledger or the store leaves the claim to expire and be taken over.
      const work = Effect.gen(function* () {
        const claim = yield* ledger.claim(owner, Date.now(), leaseMillis)
        if (claim === undefined) return yield* Effect.sleep(Duration.millis(pollMillis))
        yield* deliver(claim)
      }).pipe(
        Effect.catch((error) =>
          log("outbox worker error", { error: error.message }).pipe(
            Effect.andThen(Effect.sleep(Duration.millis(pollMillis)))
          )
        ),
        Effect.forever
      )

      yield* Effect.forkScoped(follow)
      yield* Effect.forkScoped(work)
    })
  )
