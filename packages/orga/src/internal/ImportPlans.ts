/**
 * The SIECLE imports planned by a preview, kept a short while in the process so that confirming one does not read
 * and plan the file again (ADR 0052). Bounded (the oldest plan leaves first) and expiring; nothing here is in the
 * log: a plan lost (expired, evicted, another instance, a restart) only means the file is sent again.
 *
 * @since 0.1.0
 */

/**
 * Where a preview's plan stands: waiting for its confirmation, being confirmed, or confirmed (kept without its plan
 * until it expires, so that a second confirmation is told the import was done).
 *
 * @category models
 * @since 0.1.0
 */
export type State = "planned" | "confirming" | "confirmed"

/**
 * A preview's plan and what it is bound to: the organization, the user who previewed, the file (its SHA-256).
 *
 * @category models
 * @since 0.1.0
 */
export interface Entry<P> {
  readonly previewId: string
  readonly organizationId: string
  readonly actorId: string
  readonly fileName: string
  readonly digest: string
  /** Milliseconds since the epoch, on the library's clock. */
  readonly expiresAt: number
  state: State
  plan: P | null
}

/**
 * The bounded cache of plans.
 *
 * @category models
 * @since 0.1.0
 */
export interface ImportPlans<P> {
  /** Keeps a plan (evicting the oldest beyond the bound, and the expired). */
  readonly put: (entry: Entry<P>, nowMillis: number) => void
  /** The plan of a preview id, unless unknown or expired. */
  readonly get: (previewId: string, nowMillis: number) => Entry<P> | undefined
  /** How many plans are kept. */
  readonly size: () => number
}

/**
 * How long a plan is kept, and how many at most: a preview is confirmed within minutes, and a 5,000-student plan
 * weighs a few megabytes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaults = { ttlMillis: 30 * 60 * 1000, maxEntries: 8 } as const

/**
 * Empty plans.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <P>(options: { readonly maxEntries: number } = defaults): ImportPlans<P> => {
  // Insertion order is age: the first key is the oldest plan.
  const entries = new Map<string, Entry<P>>()
  const prune = (nowMillis: number) => {
    for (const [id, entry] of entries) if (entry.expiresAt <= nowMillis) entries.delete(id)
  }
  return {
    put: (entry, nowMillis) => {
      prune(nowMillis)
      while (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next()
        if (oldest.done === true) break
        entries.delete(oldest.value)
      }
      entries.set(entry.previewId, entry)
    },
    get: (previewId, nowMillis) => {
      prune(nowMillis)
      return entries.get(previewId)
    },
    size: () => entries.size
  }
}
