/**
 * Group commit: appends submitted while a write is in flight wait and go together in the next one, so
 * concurrent callers of one process share a round trip, the positions lock and one WAL flush.
 *
 * After a write, the callers it answered usually submit again at once; sending whoever is queued right away
 * would split them into a group of one and a group of the rest (two flushes instead of one). So the next write
 * waits until as many appends are queued as the last group held, at most `gatherMillis`. A lone caller is
 * never delayed (its group of one is complete as soon as it submits).
 */

/** Runs a group of items and answers one outcome per item, in order (or rejects for the whole group). */
export type RunGroup<I, O> = (items: ReadonlyArray<I>) => Promise<ReadonlyArray<O>>

/** Submits items to be written in groups of at most `maxGroup`. */
export const makeGroupCommit = <I, O>(
  runGroup: RunGroup<I, O>,
  options: { readonly maxGroup: number; readonly gatherMillis: number }
): ((item: I) => Promise<O>) => {
  const queue: Array<{ item: I; resolve: (outcome: O) => void; reject: (error: unknown) => void }> = []
  let writing = false
  let lastGroup = 1
  let gathered: (() => void) | undefined

  /** Resolves once `size` items are queued, or after `gatherMillis`. */
  const gather = (size: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.gatherMillis)
      function done(): void {
        clearTimeout(timer)
        gathered = undefined
        resolve()
      }
      gathered = () => {
        if (queue.length >= size) done()
      }
    })

  const drain = async (): Promise<void> => {
    writing = true
    try {
      for (;;) {
        const expected = Math.min(lastGroup, options.maxGroup)
        if (queue.length < expected) await gather(expected)
        if (queue.length === 0) return
        const group = queue.splice(0, options.maxGroup)
        lastGroup = group.length
        try {
          const outcomes = await runGroup(group.map((entry) => entry.item))
          group.forEach((entry, index) => {
            const outcome = outcomes[index]
            if (outcome === undefined) entry.reject(new Error("the group write answered too few outcomes"))
            else entry.resolve(outcome)
          })
        } catch (error) {
          for (const entry of group) entry.reject(error)
        }
      }
    } finally {
      writing = false
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      if (gathered) gathered()
      else if (!writing) void drain()
    })
}
