/**
 * Group commit: appends submitted while a write is in flight wait and go together in the next one, so
 * concurrent callers of one process share a round trip, the positions lock and one WAL flush. A lone caller
 * is sent at once (no added latency).
 */

/** Runs a group of items and answers one outcome per item, in order (or rejects for the whole group). */
export type RunGroup<I, O> = (items: ReadonlyArray<I>) => Promise<ReadonlyArray<O>>

/** Submits items to be written in groups; `maxGroup` bounds the items of one write. */
export const makeGroupCommit = <I, O>(runGroup: RunGroup<I, O>, maxGroup: number): ((item: I) => Promise<O>) => {
  const queue: Array<{ item: I; resolve: (outcome: O) => void; reject: (error: unknown) => void }> = []
  let writing = false

  const drain = async (): Promise<void> => {
    writing = true
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, maxGroup)
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
      if (!writing) void drain()
    })
}
