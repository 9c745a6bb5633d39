/**
 * Live updates: one dedicated connection LISTENs on the store's channel; appends NOTIFY it after commit with
 * their last position. Waiters wake on a notification or, as a fallback when a notification is lost (the
 * listening connection dropped and is reconnecting), after a short poll interval.
 */
import * as Pg from "pg"

/** Wakes readers when the store has new events. */
export interface Notifier {
  /** Increases on every notification; read it before a read, pass it to `waitAfter`. */
  readonly seen: () => number
  /** Resolves once a notification newer than `seen` arrived, or after `pollMs`. */
  readonly waitAfter: (seen: number, pollMs: number) => Promise<void>
  readonly close: () => Promise<void>
}

/** Starts listening on `channel`; keeps reconnecting in the background until closed. */
export const startNotifier = async (connectionString: string, channel: string): Promise<Notifier> => {
  let counter = 0
  let closed = false
  let client: Pg.Client | undefined
  const waiters = new Set<() => void>()

  const wakeAll = (): void => {
    counter++
    for (const wake of waiters) wake()
    waiters.clear()
  }

  const connect = async (): Promise<void> => {
    const next = new Pg.Client({ connectionString })
    next.on("notification", wakeAll)
    next.on("error", () => {
      // The connection is gone: wake everyone (they re-read) and reconnect later.
      if (client === next) client = undefined
      wakeAll()
      scheduleReconnect()
    })
    await next.connect()
    await next.query(`LISTEN ${channel}`)
    if (closed) {
      await next.end().catch(() => undefined)
      return
    }
    client = next
    // Events may have been appended while no connection listened.
    wakeAll()
  }

  let reconnecting = false
  const scheduleReconnect = (): void => {
    if (closed || reconnecting) return
    reconnecting = true
    setTimeout(() => {
      reconnecting = false
      if (closed) return
      connect().catch(() => scheduleReconnect())
    }, 250).unref()
  }

  await connect()

  return {
    seen: () => counter,
    waitAfter: (seen, pollMs) =>
      seen !== counter || closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              waiters.delete(wake)
              resolve()
            }, pollMs)
            const wake = (): void => {
              clearTimeout(timer)
              resolve()
            }
            waiters.add(wake)
          }),
    close: async () => {
      closed = true
      wakeAll()
      const current = client
      client = undefined
      if (current) await current.end().catch(() => undefined)
    }
  }
}
