/**
 * The scope part of the contract suite (`runEventStoreContract` runs it on every store): `readScope` answers the
 * events whose metadata holds the scope's string at the store's `scopeKey`, newest first, strictly below the
 * cursor, each once while appends continue; events of failed or re-delivered appends are never listed.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import { expect, it } from "vitest"
import type { EventStoreShape, NewEvent, RecordedEvent } from "../EventStore.ts"
import { EventStoreError } from "../EventStoreError.ts"
import * as ExpectedVersion from "../ExpectedVersion.ts"

/**
 * The metadata key the suite asks every store to index.
 *
 * @since 0.1.0
 */
export const contractScopeKey = "tenant"

/** How the suite gets a fresh store with (or without) a scope key. */
type WithStore = (use: (store: EventStoreShape) => Promise<void>, scopeKey: string | undefined) => Promise<void>

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

let counter = 0
const tag = Math.random().toString(36).slice(2, 8)

/** An event whose metadata is `metadata` (a scope or not). */
const event = (metadata?: Record<string, unknown>): NewEvent => {
  counter += 1
  return { id: `scope-${tag}-${counter}`, type: "Happened", data: { n: counter }, ...(metadata ? { metadata } : {}) }
}

/** The events of the log whose scope is `scope`, newest first: what `readScope` must answer. */
const expected = (log: ReadonlyArray<RecordedEvent>, scope: string): ReadonlyArray<RecordedEvent> =>
  log.filter((e) => e.metadata[contractScopeKey] === scope).reverse()

/** Reads a scope page after page (each page's last position the next cursor) until a short page. */
const walk = async (store: EventStoreShape, scope: string, pageSize: number): Promise<Array<RecordedEvent>> => {
  const seen: Array<RecordedEvent> = []
  let before: bigint | undefined
  while (true) {
    const page = await run(store.readScope(scope, { maxCount: pageSize, ...(before === undefined ? {} : { before }) }))
    expect(page.length).toBeLessThanOrEqual(pageSize)
    seen.push(...page)
    if (page.length < pageSize) return seen
    before = page[page.length - 1]!.globalPosition
  }
}

/** One random append of the property: a stream, how many events, and each event's scope (or none). */
interface ScopedAppend {
  readonly stream: string
  readonly scopes: ReadonlyArray<string | number | undefined>
}

const scopedAppends: fc.Arbitrary<ReadonlyArray<ScopedAppend>> = fc.array(
  fc.record({
    stream: fc.constantFrom("s1", "s2", "s3"),
    scopes: fc.array(fc.constantFrom<string | number | undefined>("a", "b", undefined, 7), {
      minLength: 1,
      maxLength: 3
    })
  }),
  { maxLength: 12 }
)

/**
 * Registers the scope tests (inside the suite's `describe`).
 *
 * @since 0.1.0
 */
export const scopeTests = (withStore: WithStore, options: { readonly numRuns: number; readonly timeout: number }) => {
  const { numRuns, timeout } = options
  const test = (title: string, body: (store: EventStoreShape) => Promise<void>) =>
    it(title, () => withStore(body, contractScopeKey), timeout)

  test("readScope lists the events holding the scope's string at the scope key, newest first", async (store) => {
    const key = contractScopeKey
    await run(
      store.append([
        { streamId: "x", expectedVersion: ExpectedVersion.noStream, events: [event({ [key]: "a" }), event()] },
        { streamId: "y", expectedVersion: ExpectedVersion.noStream, events: [event({ [key]: "b", other: 1 })] }
      ])
    )
    // A number, another key, and a scope that only differs in case are not scope "a".
    await run(
      store.append([
        {
          streamId: "x",
          expectedVersion: ExpectedVersion.exact(2),
          events: [event({ [key]: 7 }), event({ other: "a" }), event({ [key]: "A" }), event({ [key]: "a" })]
        }
      ])
    )
    const log = await run(store.readAll({ after: 0n, maxCount: 100 }))
    const a = await run(store.readScope("a", { maxCount: 100 }))
    expect(a).toEqual(expected(log, "a"))
    expect(a.map((e) => e.streamId)).toEqual(["x", "x"])
    expect(await run(store.readScope("b", { maxCount: 100 }))).toEqual(expected(log, "b"))
    expect(await run(store.readScope("A", { maxCount: 100 }))).toHaveLength(1)
    expect(await run(store.readScope("7", { maxCount: 100 }))).toEqual([])
    expect(await run(store.readScope("nobody", { maxCount: 100 }))).toEqual([])
  })

  test("readScope pages with the cursor, bounds the page by maxCount, and answers nothing for 0 or less", async (store) => {
    for (let i = 0; i < 5; i++) {
      await run(
        store.append([
          {
            streamId: `s${i % 2}`,
            expectedVersion: ExpectedVersion.any,
            events: [event({ [contractScopeKey]: "a" }), event()]
          }
        ])
      )
    }
    const all = expected(await run(store.readAll({ after: 0n, maxCount: 100 })), "a")
    expect(all).toHaveLength(5)
    expect(await run(store.readScope("a", { maxCount: 2 }))).toEqual(all.slice(0, 2))
    expect(await run(store.readScope("a", { maxCount: 2, before: all[1]!.globalPosition }))).toEqual(all.slice(2, 4))
    expect(await run(store.readScope("a", { maxCount: 10, before: all[3]!.globalPosition }))).toEqual(all.slice(4))
    expect(await run(store.readScope("a", { maxCount: 10, before: all[4]!.globalPosition }))).toEqual([])
    expect(await run(store.readScope("a", { maxCount: 0 }))).toEqual([])
    expect(await run(store.readScope("a", { maxCount: -3 }))).toEqual([])
    expect(await run(store.readScope("a", { maxCount: 2.7 }))).toEqual(all.slice(0, 2))
    // A cursor that is an unscoped event's position: strictly below it.
    const log = await run(store.readAll({ after: 0n, maxCount: 100 }))
    const unscoped = log.find((e) => e.globalPosition > all[2]!.globalPosition && e.metadata[contractScopeKey] !== "a")
    expect(await run(store.readScope("a", { maxCount: 10, before: unscoped!.globalPosition }))).toEqual(all.slice(2))
  })

  // A store may index runs of consecutive events of one append that share a scope: the runs must stop at every
  // other event (another scope, none, a number), and a cursor or a page may end in the middle of a run.
  test("readScope cuts an append mixing scopes into its scope's events, with cursors and pages inside a run", async (store) => {
    const key = contractScopeKey
    const some = (scope: string | number | undefined, n: number) =>
      Array.from({ length: n }, () => event(scope === undefined ? undefined : { [key]: scope }))
    const any = ExpectedVersion.any
    await run(
      store.append([
        { streamId: "m1", expectedVersion: any, events: [...some("a", 4), ...some(undefined, 2), ...some("a", 3)] },
        { streamId: "m2", expectedVersion: any, events: [...some("a", 2), ...some(7, 1), ...some("a", 5)] },
        { streamId: "m3", expectedVersion: any, events: [...some("b", 1), ...some("a", 1), ...some("b", 2)] }
      ])
    )
    await run(store.append([{ streamId: "m1", expectedVersion: any, events: [...some("a", 3), ...some("b", 3)] }]))
    const log = await run(store.readAll({ after: 0n, maxCount: 100 }))
    const a = expected(log, "a")
    expect(a).toHaveLength(18)
    expect(await run(store.readScope("a", { maxCount: 100 }))).toEqual(a)
    expect(await run(store.readScope("b", { maxCount: 100 }))).toEqual(expected(log, "b"))
    // Every cursor (inside runs, at their ends, on other events) and page sizes that end inside runs.
    for (const cursor of log) {
      const below = a.filter((e) => e.globalPosition < cursor.globalPosition)
      for (const maxCount of [1, 2, 3, 100]) {
        expect(await run(store.readScope("a", { maxCount, before: cursor.globalPosition }))).toEqual(
          below.slice(0, maxCount)
        )
      }
    }
    for (const pageSize of [1, 2, 3, 4, 7]) expect(await walk(store, "a", pageSize)).toEqual(a)
  })

  test("readScope lists each event once while appends continue, the new ones above the cursor", async (store) => {
    const scoped = () => [event({ [contractScopeKey]: "a" })]
    for (let i = 0; i < 4; i++) {
      await run(store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: scoped() }]))
    }
    const first = await run(store.readScope("a", { maxCount: 2 }))
    await run(store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: scoped() }]))
    await run(store.append([{ streamId: "t", expectedVersion: ExpectedVersion.any, events: scoped() }]))
    const second = await run(store.readScope("a", { maxCount: 10, before: first[1]!.globalPosition }))
    expect(second).toHaveLength(2)
    const positions = [...first, ...second].map((e) => e.globalPosition)
    expect(new Set(positions).size).toBe(4)
    const top = await run(store.readScope("a", { maxCount: 10 }))
    expect(top).toHaveLength(6)
    expect(top.slice(2)).toEqual([...first, ...second])
  })

  test("readScope never lists the events of a failed or a re-delivered append", async (store) => {
    const key = contractScopeKey
    await run(
      store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event({ [key]: "a" })] }])
    )
    const failed = await Effect.runPromise(
      Effect.result(
        store.append([
          { streamId: "t", expectedVersion: ExpectedVersion.noStream, events: [event({ [key]: "a" })] },
          { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event({ [key]: "a" })] }
        ])
      )
    )
    expect(Result.isFailure(failed)).toBe(true)
    await run(
      store.append([{ streamId: "u", expectedVersion: ExpectedVersion.any, events: [event({ [key]: "a" })] }], {
        commandId: `scope-cmd-${tag}`
      })
    )
    await run(
      store.append([{ streamId: "u", expectedVersion: ExpectedVersion.any, events: [event({ [key]: "a" })] }], {
        commandId: `scope-cmd-${tag}`
      })
    )
    const log = await run(store.readAll({ after: 0n, maxCount: 100 }))
    expect(log).toHaveLength(2)
    expect(await run(store.readScope("a", { maxCount: 100 }))).toEqual([...log].reverse())
  })

  it(
    "readScope of a store made without a scope key fails with reason ScopeNotIndexed",
    () =>
      withStore(async (store) => {
        await run(
          store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event({ tenant: "a" })] }])
        )
        const outcome = await Effect.runPromise(Effect.result(store.readScope("a", { maxCount: 10 })))
        expect(Result.isFailure(outcome)).toBe(true)
        if (Result.isFailure(outcome)) {
          expect(outcome.failure).toBeInstanceOf(EventStoreError)
          expect((outcome.failure as EventStoreError).reason).toBe("ScopeNotIndexed")
        }
      }, undefined),
    timeout
  )

  it(
    "random appends: walking a scope page after page gives its events newest first, each once (any page size)",
    () =>
      fc.assert(
        fc.asyncProperty(scopedAppends, fc.integer({ min: 1, max: 5 }), (appends, pageSize) =>
          withStore(async (store) => {
            for (const append of appends) {
              const events = append.scopes.map((scope) => event(scope === undefined ? undefined : { tenant: scope }))
              await run(store.append([{ streamId: append.stream, expectedVersion: ExpectedVersion.any, events }]))
            }
            const log = await run(store.readAll({ after: 0n, maxCount: 1000 }))
            for (const scope of ["a", "b"]) expect(await walk(store, scope, pageSize)).toEqual(expected(log, scope))
            expect(await walk(store, "7", pageSize)).toEqual([])
          }, contractScopeKey)
        ),
        { numRuns }
      ),
    timeout * 2
  )
}
