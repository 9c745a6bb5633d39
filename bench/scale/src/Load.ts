/**
 * Load spread over the instances: one autocannon per instance (in this process, so that every response's time
 * is kept), each cycling through the same pages of many schools from its own starting school, and the
 * percentiles of all the responses together.
 *
 * @since 0.1.0
 */
import type { EventEmitter } from "node:events"
import autocannon from "autocannon"

/** The callback form of autocannon 9 (bench/http declares only the promise form): it answers the tracker. */
interface Tracker extends EventEmitter {
  stop(): void
}
type Run = (
  options: {
    readonly url: string
    readonly connections: number
    readonly duration: number
    readonly timeout: number
    readonly requests: ReadonlyArray<{
      readonly method: string
      readonly path: string
      readonly headers: Record<string, string>
    }>
  },
  done: (error: Error | null, result: { readonly errors: number; readonly timeouts: number }) => void
) => Tracker
const run = autocannon as unknown as Run

/**
 * A request the load sends (a school's page, with its administrator's bearer token).
 *
 * @category models
 * @since 0.1.0
 */
export interface Page {
  readonly path: string
  readonly headers: Record<string, string>
}

/**
 * What a load measured: response times (ms) of the 2xx answers, the others counted.
 *
 * @category models
 * @since 0.1.0
 */
export interface Measured {
  readonly times: Array<number>
  failures: number
  readonly seconds: number
}

/**
 * The `p`-th percentile (0 to 100) of `values`, nearest rank.
 *
 * @category getters
 * @since 0.1.0
 */
export const percentile = (values: ReadonlyArray<number>, p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/**
 * A running load: stop it (or let its `duration` end) and await `done`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Running {
  readonly stop: () => void
  readonly done: Promise<Measured>
}

/**
 * Starts `connections` connections on each of `urls`, for `seconds`, cycling through `pages` (each instance from
 * a different place in the list, so that the instances serve different schools at a time).
 *
 * @category constructors
 * @since 0.1.0
 */
export const start = (
  urls: ReadonlyArray<string>,
  pages: ReadonlyArray<Page>,
  connections: number,
  seconds: number
): Running => {
  const measured: Measured = { times: [], failures: 0, seconds: 0 }
  const began = performance.now()
  const trackers = urls.map((url, index) => {
    const offset = Math.floor((index * pages.length) / urls.length)
    const requests = [...pages.slice(offset), ...pages.slice(0, offset)].map((page) => ({
      method: "GET",
      path: page.path,
      headers: page.headers
    }))
    let finish: () => void = () => {}
    const finished = new Promise<void>((resolve) => {
      finish = resolve
    })
    const tracker = run({ url, connections, duration: seconds, requests, timeout: 30 }, (error, result) => {
      if (error !== null) measured.failures++
      else measured.failures += result.errors + result.timeouts
      finish()
    })
    tracker.on("response", (_client: unknown, status: number, _bytes: number, millis: number) => {
      if (status >= 200 && status < 300) measured.times.push(millis)
      else measured.failures++
    })
    return { tracker, finished }
  })
  return {
    stop: () => {
      for (const { tracker } of trackers) tracker.stop()
    },
    done: Promise.all(trackers.map(({ finished }) => finished)).then(() =>
      Object.assign(measured, { seconds: (performance.now() - began) / 1000 })
    )
  }
}

/**
 * The figures of a load in French: requests per second, p50 / p95 / p99 in ms, failures.
 *
 * @category getters
 * @since 0.1.0
 */
export const summary = (measured: Measured): string => {
  const ms = (value: number) => value.toFixed(1).replace(".", ",")
  const rate = measured.times.length / Math.max(measured.seconds, 0.001)
  return (
    `${rate.toFixed(0)} req/s, p50 ${ms(percentile(measured.times, 50))} ms, p95 ${ms(percentile(measured.times, 95))} ms, ` +
    `p99 ${ms(percentile(measured.times, 99))} ms (${measured.times.length} réponses` +
    `${measured.failures > 0 ? `, ${measured.failures} échecs` : ""})`
  )
}
