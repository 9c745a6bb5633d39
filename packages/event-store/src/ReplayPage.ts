/**
 * The log as a start-up replay folds it: pages of events in global order, each event's data parsed, its stream
 * and version given once per run of consecutive events of one stream (an import is thousands of events of one
 * stream; a fold records a stream's version once per run). No ids, types, metadata or dates: folds that need
 * them read through `EventStore.readAll`.
 *
 * A store reads its pages as text (`RawReplayPage`: the events' data as the text of one JSON array), possibly
 * on another thread; `parse` turns one into a `ReplayPage` where the fold runs.
 *
 * @since 0.1.0
 */

/**
 * A page of the log, in global order: the same positions, streams, versions and data `readAll` answers.
 *
 * Run `i` is the events `data[runEnds[i - 1] ?? 0]` up to (not including) `data[runEnds[i]]`, all of stream
 * `streamIds[i]`; its last event is at version `runVersions[i]`, and the versions of a run are consecutive
 * (a stream's events are numbered 1, 2, 3, … in global order, so neighbours in the log are neighbours in the
 * stream).
 *
 * @since 0.1.0
 */
export interface ReplayPage {
  /** Global position of the page's last event. */
  readonly lastPosition: bigint
  /** Each event's data, parsed. */
  readonly data: ReadonlyArray<unknown>
  readonly streamIds: ReadonlyArray<string>
  readonly runEnds: ReadonlyArray<number>
  readonly runVersions: ReadonlyArray<bigint>
}

/**
 * A page before parsing: what crosses from a reading thread (strings and numbers only, cheap to copy).
 *
 * @since 0.1.0
 */
export interface RawReplayPage {
  readonly lastPosition: bigint
  /** How many events the page holds (at least one). */
  readonly count: number
  /**
   * Each event's data as stored JSON text. (Not one JSON array per page: a page's text would be a large object,
   * which only a full garbage collection frees; one small string per event dies young.)
   */
  readonly texts: ReadonlyArray<string>
  readonly streamIds: ReadonlyArray<string>
  readonly runEnds: ReadonlyArray<number>
  readonly runVersions: ReadonlyArray<bigint>
  /**
   * How many of the first texts went through the reading thread's digest (`ReplayWorker.Options.digest`): the
   * rest are as stored, for the folding thread to digest (`ReplayWorker.Options.digestHere`). Absent: none.
   */
  readonly digested?: number | undefined
}

/**
 * An event as a store reads it for a replay: position, stream, version, and data as stored JSON text. Position
 * and version may come as decimal text (a driver that reads numbers as text): only the few that a page keeps
 * are turned into bigints.
 *
 * @since 0.1.0
 */
export type TextRow = readonly [
  globalPosition: bigint | string,
  streamId: string,
  streamVersion: bigint | string,
  data: string
]

/**
 * The raw page of some rows read in global order; `undefined` for no rows.
 *
 * @since 0.1.0
 */
export const fromTextRows = (rows: ReadonlyArray<TextRow>): RawReplayPage | undefined => {
  const last = rows[rows.length - 1]
  if (last === undefined) return undefined
  const streamIds: Array<string> = []
  const runEnds: Array<number> = []
  const runVersions: Array<bigint | string> = []
  const texts: Array<string> = new Array(rows.length)
  let current: string | undefined
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!
    texts[index] = row[3]
    if (row[1] !== current) {
      current = row[1]
      streamIds.push(current)
      runEnds.push(index + 1)
      runVersions.push(row[2])
    } else {
      runEnds[runEnds.length - 1] = index + 1
      runVersions[runVersions.length - 1] = row[2]
    }
  }
  return {
    lastPosition: BigInt(last[0]),
    count: rows.length,
    texts,
    streamIds,
    runEnds,
    runVersions: runVersions.map((version) => BigInt(version))
  }
}

const parseText = (text: string): unknown => JSON.parse(text)

/**
 * Parses a raw page's data.
 *
 * @since 0.1.0
 */
export const parse = (raw: RawReplayPage): ReplayPage => ({
  lastPosition: raw.lastPosition,
  data: raw.texts.map(parseText),
  streamIds: raw.streamIds,
  runEnds: raw.runEnds,
  runVersions: raw.runVersions
})

/**
 * The page's events one by one, with their stream and version (positions are not carried, only the page's
 * last one): for tests and slow paths that want events back.
 *
 * @since 0.1.0
 */
export const events = (
  page: ReplayPage
): Array<{ readonly streamId: string; readonly streamVersion: bigint; readonly data: unknown }> => {
  const out: Array<{ readonly streamId: string; readonly streamVersion: bigint; readonly data: unknown }> = []
  let start = 0
  for (let run = 0; run < page.runEnds.length; run++) {
    const end = page.runEnds[run]!
    const last = page.runVersions[run]!
    for (let index = start; index < end; index++)
      out.push({
        streamId: page.streamIds[run]!,
        streamVersion: last - BigInt(end - 1 - index),
        data: page.data[index]
      })
    start = end
  }
  return out
}
