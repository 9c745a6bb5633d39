/**
 * The folding side of a replay read on a worker thread: starts a store's worker module, takes its pages as
 * they come (parsing each where the fold runs), hands a credit back for each, and stops the worker when the
 * stream ends, fails or is interrupted.
 *
 * Why a thread: a start-up rebuild of in-memory read models is bound by one core (fetching rows, parsing JSON,
 * folding); reading on the other core takes the fetch off the folding thread.
 *
 * @since 0.1.0
 */
import { Worker } from "node:worker_threads"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { EventStoreError } from "./EventStoreError.ts"
import * as ReplayPage from "./ReplayPage.ts"
import type { HostMessage, WorkerInput, WorkerMessage } from "./ReplayWorkerServer.ts"

/**
 * How a replay reads: events per page (default 2,000: small pages keep the rows not yet folded few when the
 * young generation is collected) and pages read ahead of the fold (default 4).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly pageSize?: number | undefined
  readonly ahead?: number | undefined
  /**
   * A module, loaded on the reading thread, whose `digest(text: string): string` rewrites each event's stored
   * JSON before it crosses: for a fold that reads only part of some events, the reading thread drops the rest
   * (the fold then reads the digest, and must fold it as it folds the event). Default: none, the data as stored.
   */
  readonly digest?: URL | undefined
  /**
   * Given to the digest module's `init(data)` (when it exports one) before the first page: what the digest needs
   * and cannot read itself (the clear keys of crypto-shredding, `SealedText.KeySnapshot`).
   */
  readonly digestData?: unknown
  /**
   * Applied on the thread that folds to the texts the reading thread left undigested (the end of a page, when
   * the reading thread is the bound: `ReplayWorkerServer.serve` balances the two), before they are parsed. For
   * a digest whose work the fold should share (opening sealed values); default: none, those texts as stored.
   */
  readonly digestHere?: ((text: string) => string) | undefined
  /**
   * `digestHere` over a page's texts `[from, to)` in one call, in place: for a digest that is cheaper a page at
   * a time (the native opening of sealed values, `SealedText.pageOpener`). Used instead of `digestHere` when
   * given.
   */
  readonly digestPageHere?: ((texts: Array<string>, from: number, to: number) => void) | undefined
}

const failure = (message: string, cause?: unknown) =>
  new EventStoreError({ reason: "Database", message: `Reading the log for a replay failed: ${message}`, cause })

/**
 * A failure to read the log for a replay, as every replay reader reports it (reason `"Database"`).
 *
 * @since 0.1.0
 */
export const readFailure = (cause: unknown): EventStoreError =>
  failure(cause instanceof Error ? cause.message : String(cause), cause)

interface Host {
  readonly next: () => Promise<WorkerMessage>
  readonly credit: () => void
  readonly stop: () => Promise<unknown>
}

const start = (module: URL, input: WorkerInput<unknown>): Host => {
  const worker = new Worker(module, { workerData: input })
  const arrived: Array<WorkerMessage> = []
  let waiting: ((message: WorkerMessage) => void) | undefined
  let ended = false
  let taken = 0
  const tell = (message: HostMessage) => worker.postMessage(message)
  const deliver = (message: WorkerMessage) => {
    if (ended) return
    if (message._tag !== "Page") ended = true
    if (waiting === undefined) arrived.push(message)
    else {
      const resume = waiting
      waiting = undefined
      resume(message)
    }
  }
  worker.on("message", deliver)
  worker.on("error", (error) => deliver({ _tag: "Failed", message: error.message }))
  worker.on("exit", (code) => deliver({ _tag: "Failed", message: `the reading thread exited (code ${code})` }))
  return {
    next: () => {
      // Asking for a page means the previous one is folded: the reading thread counts the pages the fold still
      // has in hand (it then leaves more, or less, of each page's digest to this thread).
      if (taken++ > 0) tell(0)
      const message = arrived.shift()
      if (message !== undefined) return Promise.resolve(message)
      return new Promise((resume) => (waiting = resume))
    },
    credit: () => tell(1),
    stop: () => worker.terminate()
  }
}

/**
 * Parses a raw page read on this thread (a store's first page, or its pages when no thread can read them), its
 * texts digested by `Options.digestHere` first, as the pages of the reading thread are.
 *
 * @since 0.1.0
 */
export const parseHere = (raw: ReplayPage.RawReplayPage, options: Options = {}): ReplayPage.ReplayPage => {
  const here = pageDigestHere(options)
  return ReplayPage.parse(here === undefined ? raw : digestRest(raw, here))
}

/** The options' digest on this thread, as a page digest. */
const pageDigestHere = (options: Options): ((texts: Array<string>, from: number, to: number) => void) | undefined => {
  if (options.digestPageHere !== undefined) return options.digestPageHere
  const here = options.digestHere
  if (here === undefined) return undefined
  return (texts, from, to) => {
    for (let index = from; index < to; index++) texts[index] = here(texts[index]!)
  }
}

/** A raw page with its undigested texts digested here. */
const digestRest = (
  page: ReplayPage.RawReplayPage,
  here: (texts: Array<string>, from: number, to: number) => void
): ReplayPage.RawReplayPage => {
  const from = page.digested ?? 0
  if (from >= page.count) return page
  const texts = page.texts.slice()
  here(texts, from, texts.length)
  return { ...page, texts, digested: page.count }
}

/**
 * The pages after `after`, read by the worker module at `module` (which calls `ReplayWorkerServer.serve`)
 * from `source`. Ends at the log's end as the worker saw it; events appended since are the caller's to read.
 *
 * @since 0.1.0
 */
export const pages = (
  module: URL,
  source: unknown,
  after: bigint,
  options: Options = {}
): Stream.Stream<ReplayPage.ReplayPage, EventStoreError> =>
  Stream.unwrap(
    Effect.map(
      Effect.acquireRelease(
        Effect.try({
          try: () =>
            start(module, {
              after,
              pageSize: Math.max(1, options.pageSize ?? 2_000),
              ahead: Math.max(1, options.ahead ?? 4),
              source,
              digest: options.digest?.href,
              digestData: options.digestData
            }),
          catch: (cause) => failure(cause instanceof Error ? cause.message : String(cause), cause)
        }),
        (host) => Effect.promise(() => host.stop())
      ),
      (host) =>
        Stream.paginate(undefined, () =>
          Effect.flatMap(
            Effect.promise(() => host.next()),
            (
              message
            ): Effect.Effect<
              readonly [ReadonlyArray<ReplayPage.ReplayPage>, Option.Option<undefined>],
              EventStoreError
            > => {
              switch (message._tag) {
                case "Page":
                  host.credit()
                  return Effect.try({
                    try: () => [[parseHere(message.page, options)], Option.some(undefined)] as const,
                    catch: (cause) => failure(`an event's data is not JSON (${String(cause)})`, cause)
                  })
                case "End":
                  return Effect.succeed([[], Option.none()] as const)
                case "Failed":
                  return Effect.fail(failure(message.message))
              }
            }
          )
        )
    )
  )
