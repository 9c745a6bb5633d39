/**
 * The delivery ledger on SQLite and PostgreSQL: recording is idempotent and moves the checkpoint up only; a claim
 * is exclusive (many claimers racing get each delivery once); a dead claim is taken over after its lease, and the
 * late owner can no longer complete it; outcomes are kept.
 */
import * as Path from "node:path"
import * as Effect from "effect/Effect"
import { describe, expect, inject, it } from "vitest"
import type { LedgerShape } from "../src/outbox/Ledger.ts"
import * as PostgresLedger from "../src/outbox/PostgresLedger.ts"
import * as SqliteLedger from "../src/outbox/SqliteLedger.ts"
import { tempDir } from "./support.ts"

const databaseUrl = () => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (url === undefined) throw new Error("no PostgreSQL: the global setup provides one")
  return url
}

let schemas = 0
const ledgers: ReadonlyArray<[string, () => Effect.Effect<LedgerShape, unknown, import("effect/Scope").Scope>]> = [
  ["SQLite", () => SqliteLedger.make(Path.join(tempDir("orga-ledger-"), "outbox.db"))],
  [
    "PostgreSQL",
    () =>
      PostgresLedger.make({
        connectionString: databaseUrl(),
        schema: `ledger_${process.pid}_${Date.now()}_${schemas++}`,
        poolSize: 4
      })
  ]
]

const run = <A>(effect: Effect.Effect<A, unknown, import("effect/Scope").Scope>) =>
  Effect.runPromise(Effect.scoped(effect))

describe.each(ledgers)("delivery ledger on %s", (_name, make) => {
  it("records deliveries once and moves the checkpoint up only", () =>
    run(
      Effect.gen(function* () {
        const ledger = yield* make()
        expect(yield* ledger.checkpoint).toBe(0n)
        yield* ledger.record([{ deliveryId: "a", position: 3n }], 5n, 1000)
        yield* ledger.record(
          [
            { deliveryId: "a", position: 3n },
            { deliveryId: "b", position: 7n }
          ],
          4n,
          1000
        )
        expect(yield* ledger.checkpoint).toBe(5n)
        const all = yield* ledger.list
        expect(all.map((d) => [d.deliveryId, d.position, d.status, d.attempts])).toEqual([
          ["a", 3n, "pending", 0],
          ["b", 7n, "pending", 0]
        ])
      })
    ))

  it("gives each delivery to one claimer among many racing", () =>
    run(
      Effect.gen(function* () {
        const ledger = yield* make()
        const entries = Array.from({ length: 40 }, (_, i) => ({ deliveryId: `d${i}`, position: BigInt(i + 1) }))
        yield* ledger.record(entries, 40n, 1000)
        const claimer = (owner: string) =>
          Effect.gen(function* () {
            const mine: Array<string> = []
            for (;;) {
              const claim = yield* ledger.claim(owner, 2000, 60_000)
              if (claim === undefined) return mine
              mine.push(claim.deliveryId)
              expect(yield* ledger.finish(claim, owner, { status: "sent" }, 2000)).toBe(true)
            }
          })
        const claimed = yield* Effect.all(
          ["w1", "w2", "w3", "w4"].map((owner) => claimer(owner)),
          { concurrency: "unbounded" }
        )
        const flat = claimed.flat()
        expect(flat).toHaveLength(40)
        expect(new Set(flat).size).toBe(40)
        expect((yield* ledger.list).every((d) => d.status === "sent" && d.attempts === 1)).toBe(true)
      })
    ))

  it("hands a dead claim over after its lease; the late owner cannot complete it", () =>
    run(
      Effect.gen(function* () {
        const ledger = yield* make()
        yield* ledger.record([{ deliveryId: "x", position: 1n }], 1n, 1000)
        const dead = yield* ledger.claim("dead", 1000, 500)
        expect(dead?.attempts).toBe(1)
        expect(yield* ledger.claim("alive", 1400, 500)).toBeUndefined()
        const taken = yield* ledger.claim("alive", 1500, 500)
        expect(taken).toEqual({ deliveryId: "x", position: 1n, attempts: 2 })
        if (dead === undefined || taken === undefined) return
        expect(yield* ledger.finish(dead, "dead", { status: "sent" }, 1600)).toBe(false)
        expect(yield* ledger.reschedule(dead, "dead", { errorCode: "E", error: "e" }, 1600)).toBe(false)
        expect(yield* ledger.finish(taken, "alive", { status: "sent" }, 1600)).toBe(true)
        expect(yield* ledger.claim("third", 99_999, 500)).toBeUndefined()
        const [x] = yield* ledger.list
        expect([x?.status, x?.sentAt]).toEqual(["sent", 1600])
      })
    ))

  it("keeps a rescheduled delivery until its time, then claims it again; a failure keeps Pix's code", () =>
    run(
      Effect.gen(function* () {
        const ledger = yield* make()
        yield* ledger.record([{ deliveryId: "r", position: 1n }], 1n, 1000)
        const first = yield* ledger.claim("w", 1000, 60_000)
        if (first === undefined) throw new Error("expected a claim")
        yield* ledger.reschedule(first, "w", { errorCode: "SENDING_EMAIL_FAILED", error: "451 later" }, 5000)
        expect(yield* ledger.claim("w", 4999, 60_000)).toBeUndefined()
        const second = yield* ledger.claim("w", 5000, 60_000)
        expect(second?.attempts).toBe(2)
        if (second === undefined) return
        yield* ledger.finish(
          second,
          "w",
          { status: "failed", errorCode: "SENDING_EMAIL_TO_INVALID_DOMAIN", error: "550 no such domain" },
          5001
        )
        const [r] = yield* ledger.list
        expect([r?.status, r?.errorCode, r?.error, r?.sentAt]).toEqual([
          "failed",
          "SENDING_EMAIL_TO_INVALID_DOMAIN",
          "550 no such domain",
          null
        ])
      })
    ))
})
