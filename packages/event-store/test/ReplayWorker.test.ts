/**
 * The reading side of a replay (`ReplayWorkerServer.serve`) with a digest: a page goes as read while the fold
 * has no page in hand (the fold is waiting), digested while it has some; a digest module without a `digest`
 * function fails the replay with a Database error.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { EventStoreError, ReplayPage, ReplayWorker } from "../src/index.ts"

const server = new URL("../src/ReplayWorkerServer.ts", import.meta.url).href

/** A module given as its source (a `data:` URL: no file to ship for a test). */
const moduleOf = (source: string) => new URL(`data:text/javascript,${encodeURIComponent(source)}`)

/** A worker serving `count` pages of one event each: `{ "n": k }` at position k, stream "s", version k. */
const counting = (count: number) =>
  moduleOf(`
    import { fromTextRows, serve } from ${JSON.stringify(server)}
    await serve(() => ({
      read: (after, limit) => {
        if (after >= ${count}n) return undefined
        const next = after + 1n
        return fromTextRows([[next, "s", next, JSON.stringify({ n: Number(next) })]])
      },
      close: () => {}
    }))
  `)

const wrapping = moduleOf("export const digest = (text) => JSON.stringify({ digested: JSON.parse(text) })")

describe("ReplayWorkerServer.serve with a digest", () => {
  it("sends the first page as read (the fold waits for it) and the pages read ahead digested", async () => {
    const pages = await Effect.runPromise(
      Stream.runCollect(
        ReplayWorker.pages(counting(5), {}, 0n, { pageSize: 1, ahead: 10, digest: wrapping }).pipe(
          Stream.tap(() => Effect.sleep("30 millis"))
        )
      )
    )
    expect(pages.flatMap(ReplayPage.events).map((event) => event.data)).toEqual([
      { n: 1 },
      { digested: { n: 2 } },
      { digested: { n: 3 } },
      { digested: { n: 4 } },
      { digested: { n: 5 } }
    ])
    expect(pages.map((page) => page.lastPosition)).toEqual([1n, 2n, 3n, 4n, 5n])
  }, 30_000)

  it("fails with a Database error when the digest module has no digest function", async () => {
    const error = await Effect.runPromise(
      Effect.flip(
        Stream.runCollect(
          ReplayWorker.pages(counting(3), {}, 0n, { pageSize: 1, digest: moduleOf("export const other = 1") })
        )
      )
    )
    expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(error.reason).toBe("Database")
    expect(error.message).toContain("exports no digest function")
  }, 30_000)
})
