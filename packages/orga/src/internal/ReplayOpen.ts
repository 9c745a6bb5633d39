/**
 * What the start-up replay's reading thread does to each event's stored text when the store shreds personal
 * data: opens the sealed fields with the keys the folding thread handed it (`init`), then digests shared
 * profiles (`ReplayDigest`). The reading thread does so for the first part of each page, as much as keeps the
 * two threads equally busy (`ReplayWorkerServer.serve`); the fold opens the rest of the page's texts before
 * parsing them (`SealedText.pageOpener` as `ReplayWorker.Options.digestPageHere`, docs/adr/0049-crypto-shredding.md).
 * Both open a page's sealed values in one native call when the addon is built (`SealedNative`, ADR 0057).
 * Text neither could open (a key made after the snapshot, an erased subject) is opened, or given its erased
 * values, from the parsed data where it is folded.
 *
 * Loaded by plain Node on the reading thread: it imports `node:crypto` and `node:module` (through `SealedText`)
 * and types only.
 *
 * @since 0.1.0
 */
import * as SealedText from "@orga/event-store/sealed-text"
import * as ReplayDigest from "./ReplayDigest.ts"

/**
 * The module's URL, for `ReplayWorker.Options.digest`.
 *
 * @since 0.1.0
 */
export const module: URL = new URL(import.meta.url)

let open = (text: string): string => text
let openPage = (_texts: Array<string>, _from: number, _to: number): void => {}

/**
 * Takes the clear keys (`ReplayWorker.Options.digestData`) before the first page.
 *
 * @since 0.1.0
 */
export const init = (snapshot: SealedText.KeySnapshot | undefined): void => {
  if (snapshot === undefined) return
  // The text opener only if `digest` is called (the reading thread calls `digestPage`): each indexes the
  // snapshot's subjects, tens of milliseconds for a large school district.
  open = (text) => {
    open = SealedText.opener(snapshot)
    return open(text)
  }
  openPage = SealedText.pageOpener(snapshot)
}

/**
 * An event's text opened, then digested.
 *
 * @since 0.1.0
 */
export const digest = (text: string): string => ReplayDigest.digest(open(text))

/**
 * A page's texts `[from, to)` opened (a page's sealed values in one native call when the addon is built), then
 * digested, in place: what the reading thread calls (`ReplayWorkerServer.serve`).
 *
 * @since 0.1.0
 */
export const digestPage = (texts: Array<string>, from: number, to: number): void => {
  openPage(texts, from, to)
  for (let index = from; index < to; index++) texts[index] = ReplayDigest.digest(texts[index]!)
}
