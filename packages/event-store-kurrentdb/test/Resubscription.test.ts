import { AccessDeniedError, type AllStreamResolvedEvent, UnavailableError } from "@kurrent/kurrentdb-client"
import { EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import * as Records from "../src/Records.ts"
import * as Resubscription from "../src/Resubscription.ts"
import * as StreamNames from "../src/StreamNames.ts"
import { asRead, resolved } from "./support.ts"

const names = StreamNames.make("orga")!

/** The `$all` place whose global position is n (commit 0, prepare n: the encoding is then n itself). */
const place = (n: number) => ({ commit: 0n, prepare: BigInt(n) })

/** The `$all` event at global position n. */
const at = (n: number): AllStreamResolvedEvent => {
  const written = Records.applicationEvent("orga", { id: `e${n}`, type: "T", data: { n } }, 0, undefined)
  return resolved(asRead(written, names.application("s"), BigInt(n) - 1n, place(n)))
}

type Step = AllStreamResolvedEvent | Error | "end"

/**
 * A scripted client subscription: yields its steps (an error is thrown, "end" ends it), then stays live with
 * nothing more to say, as a caught-up subscription does.
 */
const scripted = (steps: ReadonlyArray<Step>) => {
  const state = { unsubscribed: false }
  const subscription: Resubscription.Subscription = {
    unsubscribe: async () => {
      state.unsubscribed = true
    },
    async *[Symbol.asyncIterator]() {
      for (const step of steps) {
        if (step === "end") return
        if (step instanceof Error) throw step
        yield step
      }
      await new Promise(() => {})
    }
  }
  return { subscription, state }
}

/** Subscriptions opened in turn from a list of scripts, recording where each was opened from. */
const opener = (scripts: ReadonlyArray<ReadonlyArray<Step>>) => {
  const opened: Array<{ from: Resubscription.From; state: { unsubscribed: boolean } }> = []
  const open = (from: Resubscription.From) => {
    const script = scripts[opened.length]
    if (script === undefined) throw new Error("no more scripted subscriptions")
    const { subscription, state } = scripted(script)
    opened.push({ from, state })
    return subscription
  }
  return { open, opened }
}

const decode = (event: Parameters<Resubscription.Options["decode"]>[0]) => Records.decodeApplicationEvent(names, event)

const positions = (take: number, options: Resubscription.Options) =>
  Effect.runPromise(
    Resubscription.events(options).pipe(
      Stream.take(take),
      Stream.map((event) => event.globalPosition),
      Stream.runCollect,
      Effect.map((chunk) => [...chunk])
    )
  )

const noDelay = () => 0

describe("Resubscription", () => {
  it("resubscribes from the last delivered event after a dropped connection, delivering each event once", async () => {
    const { open, opened } = opener([
      [at(1), at(2), new UnavailableError()],
      // The new subscription starts after event 2 (the server may resend it: it is skipped).
      [at(2), at(3), "end"],
      [at(4), at(5)]
    ])
    expect(await positions(5, { open, from: "start", after: 0n, decode, retryDelay: noDelay })).toEqual([
      1n,
      2n,
      3n,
      4n,
      5n
    ])
    expect(opened.map((entry) => entry.from)).toEqual(["start", place(2), place(3)])
    // Every subscription was closed: the dropped ones at once, the last one when the consumer stopped.
    expect(opened.every((entry) => entry.state.unsubscribed)).toBe(true)
  })

  it("delivers only events after the checkpoint, also when the subscription opens before it", async () => {
    const { open } = opener([[at(3), at(4), at(5), at(6)]])
    expect(await positions(2, { open, from: place(2), after: 4n, decode })).toEqual([5n, 6n])
  })

  it("gives up with Unavailable after too many failed subscriptions in a row", async () => {
    const failing = Array.from({ length: 4 }, () => [new UnavailableError()] as ReadonlyArray<Step>)
    const { open, opened } = opener(failing)
    const error = await Effect.runPromise(
      Effect.flip(
        Stream.runCollect(
          Resubscription.events({ open, from: "start", after: 0n, decode, retries: 3, retryDelay: noDelay })
        )
      )
    )
    expect(error.reason).toBe("Unavailable")
    expect(opened.length).toBe(4)
  })

  it("counts failures in a row only: a subscription that delivered resets the count", async () => {
    // Four failures in all, but never more than two in a row.
    const { open, opened } = opener([
      [new UnavailableError()],
      [new UnavailableError()],
      [at(1), new UnavailableError()],
      [new UnavailableError()],
      [at(2), at(3)]
    ])
    expect(await positions(3, { open, from: "start", after: 0n, decode, retries: 2, retryDelay: noDelay })).toEqual([
      1n,
      2n,
      3n
    ])
    expect(opened.length).toBe(5)
  })

  it("fails at once on an error a new subscription cannot get past (access denied), closing the subscription", async () => {
    const { open, opened } = opener([[at(1), new AccessDeniedError()]])
    const error = await Effect.runPromise(
      Effect.flip(
        Stream.runCollect(Resubscription.events({ open, from: "start", after: 0n, decode, retryDelay: noDelay }))
      )
    )
    expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(error.reason).toBe("KurrentDB")
    expect(opened.length).toBe(1)
    expect(opened[0]!.state.unsubscribed).toBe(true)
  })

  it("fails with Corrupt on an event of the namespace it cannot read", async () => {
    const broken = at(1)
    const event = { ...broken.event!, metadata: { other: "x" } } as NonNullable<typeof broken.event>
    const { open } = opener([[resolved(event)]])
    const error = await Effect.runPromise(
      Effect.flip(Stream.runCollect(Resubscription.events({ open, from: "start", after: 0n, decode })))
    )
    expect(error.reason).toBe("Corrupt")
  })

  it("retries when opening the subscription itself throws a transient error", async () => {
    let calls = 0
    const { open: scriptedOpen } = opener([[at(1)]])
    const open = (from: Resubscription.From) => {
      calls += 1
      if (calls === 1) throw new UnavailableError()
      return scriptedOpen(from)
    }
    expect(await positions(1, { open, from: "start", after: 0n, decode, retryDelay: noDelay })).toEqual([1n])
    expect(calls).toBe(2)
  })
})
