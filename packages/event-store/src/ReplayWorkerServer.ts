/**
 * The reading side of a replay on a worker thread: a store's worker module calls `serve` with how to open its
 * reader; pages are read ahead of the fold, at most `ahead` pages in flight, so the thread that folds spends
 * its time parsing and folding, not waiting on the database. Loaded by plain Node in the worker: it imports
 * nothing but `node:worker_threads` and the page helpers.
 *
 * @since 0.1.0
 */
import { parentPort, workerData } from "node:worker_threads"
import type { RawReplayPage } from "./ReplayPage.ts"

/**
 * What a worker is started with: where to start, the page size, how many pages may be in flight, and the
 * store's own description of its source (a file name, a connection string and schema…).
 *
 * @since 0.1.0
 */
export interface WorkerInput<Source> {
  readonly after: bigint
  readonly pageSize: number
  readonly ahead: number
  readonly source: Source
  /** The URL of a module whose `digest(text: string): string` rewrites each event's text before it crosses. */
  readonly digest?: string | undefined
  /** Given to the digest module's `init`, if it exports one. */
  readonly digestData?: unknown
}

/**
 * What a worker posts: a page, the end of the log, or why it failed.
 *
 * @since 0.1.0
 */
export type WorkerMessage =
  | { readonly _tag: "Page"; readonly page: RawReplayPage }
  | { readonly _tag: "End" }
  | { readonly _tag: "Failed"; readonly message: string }

/**
 * A store's page reader, as the worker runs it.
 *
 * @since 0.1.0
 */
export interface PageReader {
  /** The events after `after`, at most `limit`, in global order; `undefined` when there are none. */
  readonly read: (after: bigint, limit: number) => RawReplayPage | undefined | Promise<RawReplayPage | undefined>
  readonly close: () => void | Promise<void>
}

const loadDigest = async (url: string, data: unknown): Promise<(text: string) => string> => {
  const module: { readonly digest?: unknown; readonly init?: unknown } = await import(url)
  if (typeof module.digest !== "function") throw new Error(`${url} exports no digest function`)
  if (typeof module.init === "function") await module.init(data)
  return module.digest as (text: string) => string
}

/**
 * Serves pages to the thread that started this worker until the log's end (a page shorter than the page size),
 * then posts `End`; any failure is posted as `Failed` with its message. The reader takes a credit back for
 * each page the fold has taken.
 *
 * @since 0.1.0
 */
export const serve = async <Source>(open: (source: Source) => PageReader | Promise<PageReader>): Promise<void> => {
  const port = parentPort
  if (port === null) throw new Error("serve runs in a worker thread")
  const input = workerData as WorkerInput<Source>
  let credit = input.ahead
  let wake: (() => void) | undefined
  port.on("message", () => {
    credit++
    wake?.()
  })
  const post = (message: WorkerMessage) => port.postMessage(message)
  let reader: PageReader | undefined
  try {
    const opened = await open(input.source)
    reader = opened
    const digest = input.digest === undefined ? undefined : await loadDigest(input.digest, input.digestData)
    const read = opened.read
    // The next page is asked for as soon as a page arrives, before waiting for a credit: a database that
    // answers on its own (PostgreSQL's backend) works while this thread posts and the fold runs. Its failure
    // is reported when it is awaited.
    const ask = (after: bigint): Promise<RawReplayPage | undefined> => {
      const asked = Promise.resolve().then(() => read(after, input.pageSize))
      asked.catch(() => undefined)
      return asked
    }
    let next = ask(input.after)
    while (true) {
      const page = await next
      if (page === undefined) break
      const full = page.count >= input.pageSize
      if (full) next = ask(page.lastPosition)
      while (credit === 0) await new Promise<void>((resume) => (wake = resume))
      wake = undefined
      // Digest only while the fold has pages in hand (this thread then has time to spare); when the fold has
      // none, it is waiting for this thread: the page goes as stored (a fold that asks for a digest reads both).
      const digested = digest !== undefined && credit < input.ahead ? { ...page, texts: page.texts.map(digest) } : page
      credit--
      post({ _tag: "Page", page: digested })
      if (!full) break
    }
    post({ _tag: "End" })
  } catch (cause) {
    post({ _tag: "Failed", message: cause instanceof Error ? cause.message : String(cause) })
  } finally {
    await reader?.close()
    // Nothing left to wait for: the worker may end on its own (the host also terminates it when done).
    port.unref()
  }
}

export {
  /**
   * Re-exported for worker modules, which load this module alone.
   *
   * @since 0.1.0
   */
  fromTextRows,
  type RawReplayPage,
  type TextRow
} from "./ReplayPage.ts"
