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
  /**
   * The URL of a module whose `digest(text: string): string` rewrites each event's text before it crosses (or,
   * when it also exports one, whose `digestPage(texts, from, to)` rewrites a page's texts `[from, to)` in place).
   */
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

/** A digest over a page's texts `[from, to)`, in place. */
type PageDigest = (texts: Array<string>, from: number, to: number) => void

const loadDigest = async (url: string, data: unknown): Promise<PageDigest> => {
  const module: { readonly digest?: unknown; readonly digestPage?: unknown; readonly init?: unknown } = await import(
    url
  )
  if (typeof module.digest !== "function") throw new Error(`${url} exports no digest function`)
  if (typeof module.init === "function") await module.init(data)
  if (typeof module.digestPage === "function") return module.digestPage as PageDigest
  const digest = module.digest as (text: string) => string
  return (texts, from, to) => {
    for (let index = from; index < to; index++) texts[index] = digest(texts[index]!)
  }
}

/**
 * What the thread that folds posts back: a credit for a page it took (`1`), or word that it has folded one and
 * asks for the next (`0`).
 *
 * @since 0.1.0
 */
export type HostMessage = 0 | 1

/**
 * The share of a page's events this thread digests, moved by this step before each page: down when the fold has
 * folded every page posted (it waits, or is about to: this thread is the bound, leave more to the fold), up when
 * it has a page in hand beyond the one it folds (the fold is the bound: take more off it). A sixteenth: a few
 * pages to settle (a million events are 500 pages).
 */
const shareStep = 1 / 16

/** One turn of the event loop: the fold's credits and waits, posted meanwhile, are counted before deciding. */
const turn = () => new Promise<void>((resume) => setImmediate(resume))

/**
 * Serves pages to the thread that started this worker until the log's end (a page shorter than the page size),
 * then posts `End`; any failure is posted as `Failed` with its message. The reader takes a credit back for
 * each page the fold has taken.
 *
 * With a digest, the work is balanced between the two threads: this thread digests the first part of each page
 * and the fold digests the rest (`RawReplayPage.digested` says where it stops), the part adjusted page by page
 * from which thread waited for the other (`HostMessage`). When the fold is the bound (a loaded machine, a slow
 * fold), this thread digests whole pages; when it is the bound itself (opening sealed values on a quiet
 * machine, docs/adr/0049-crypto-shredding.md), it leaves part of each page to the fold's idle time.
 *
 * @since 0.1.0
 */
export const serve = async <Source>(open: (source: Source) => PageReader | Promise<PageReader>): Promise<void> => {
  const port = parentPort
  if (port === null) throw new Error("serve runs in a worker thread")
  const input = workerData as WorkerInput<Source>
  let credit = input.ahead
  let wake: (() => void) | undefined
  let posted = 0
  let folded = 0
  port.on("message", (message: HostMessage) => {
    if (message === 0) folded++
    else {
      credit++
      wake?.()
    }
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
    let share = 1
    // A backlog: a page in hand beyond the one folded and the one about to be posted (fewer when fewer pages
    // may be in flight).
    const backlog = Math.min(3, input.ahead + 1)
    let next = ask(input.after)
    while (true) {
      const page = await next
      if (page === undefined) break
      const full = page.count >= input.pageSize
      if (full) next = ask(page.lastPosition)
      let digested = 0
      let texts = page.texts
      if (digest !== undefined) {
        await turn()
        const inHand = posted - folded
        if (inHand <= 1) share = Math.max(0, share - shareStep)
        else if (inHand >= backlog) share = Math.min(1, share + shareStep)
        digested = Math.round(share * page.count)
        if (digested > 0) {
          const out = page.texts.slice()
          digest(out, 0, digested)
          texts = out
        }
      }
      while (credit === 0) await new Promise<void>((resume) => (wake = resume))
      wake = undefined
      credit--
      posted++
      post({ _tag: "Page", page: { ...page, texts, digested } })
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
