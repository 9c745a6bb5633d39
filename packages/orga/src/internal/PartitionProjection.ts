/**
 * Orga's read models as a partitioned projection of the kernel (`PartitionedProjection`, issue 17): one table
 * `rm_orga_read_models` beside the log, a row per partition (`org:<id>` scoped by its school, the global `user:`,
 * `login:`, `code:`, `profile:`, `ine:`, `links:` rows), the router in the row of the empty key, folded a batch at
 * a time by `PartitionFold` (its two rounds of reads are the kernel's `keysOf` and `moreKeys`).
 *
 * One projection rather than one per area: a batch's school row and the `ine:`/`links:` rows its roster events move
 * are folded together (the roster is read to name them), so splitting them would need two leaders to agree on one
 * batch; a single table also keeps one checkpoint for a follower to wait on.
 *
 * Events are folded as the in-memory read models fold them: brought up to their current version by the stored
 * shapes' upcasters, personal data in clear (the leader reads through the store port, which opens shredded data).
 *
 * @since 0.3.0
 */
import {
  type EventStore,
  type PartitionedProjection,
  type ProjectionSink,
  ProjectionSink as Sink
} from "@orga/event-store"
import * as Result from "effect/Result"
import * as PartitionFold from "./PartitionFold.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
import * as Partitions from "./Partitions.ts"
import * as Streams from "./Streams.ts"

/**
 * The projection's name: its table `rm_orga_read_models`, its checkpoint and its lock.
 *
 * @category getters
 * @since 0.3.0
 */
export const name = "orga_read_models"

// A comparable form of a state: maps and sets by sorted entries (a row decoded and folded further holds its
// entries in another order than the whole fold), empty maps dropped, bigints as text.
const canonical = (value: unknown): unknown => {
  if (typeof value === "bigint") return `${value}n`
  if (value instanceof Set) return { "~set": [...value].map((item) => JSON.stringify(canonical(item))).sort() }
  if (value instanceof Map)
    return {
      "~map": [...value.entries()].map(([key, item]) => JSON.stringify([canonical(key), canonical(item)])).sort()
    }
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

const stateForm = (state: Partitions.PartitionState): string => {
  const kept: Record<string, unknown> = {}
  for (const [root, value] of Object.entries(state)) {
    if (value instanceof Map || value instanceof Set) {
      if (value.size > 0) kept[root] = value
      continue
    }
    const fields = Object.fromEntries(
      Object.entries(value).filter(([, map]) => (map as Map<unknown, unknown>).size > 0)
    )
    if (Object.keys(fields).length > 0) kept[root] = fields
  }
  return JSON.stringify(canonical(kept))
}

// Whether a state holds no entry (every root an empty map or set, or an object of empty maps): cheap, as it is asked
// of every row a batch reaches.
const isEmptyState = (state: Partitions.PartitionState): boolean => {
  for (const value of Object.values(state)) {
    if (value instanceof Map || value instanceof Set) {
      if (value.size > 0) return false
      continue
    }
    for (const field of Object.values(value)) if ((field as Map<unknown, unknown>).size > 0) return false
  }
  return true
}

/**
 * Whether two partition states hold the same entries (whatever their order; an empty map is no entry).
 *
 * @category guards
 * @since 0.3.0
 */
export const sameState = (a: Partitions.PartitionState, b: Partitions.PartitionState): boolean =>
  stateForm(a) === stateForm(b)

// A batch's plan, made once for both rounds of reads (routing ahead copies the router).
const plans = new WeakMap<object, { readonly router: object; readonly plan: ReturnType<typeof PartitionFold.plan> }>()
const planOf = (
  router: PartitionRouter.Router,
  events: ReadonlyArray<EventStore.RecordedEvent>
): ReturnType<typeof PartitionFold.plan> => {
  const cached = plans.get(events)
  if (cached !== undefined && cached.router === router) return cached.plan
  const plan = PartitionFold.plan(router, events)
  plans.set(events, { router, plan })
  return plan
}

/**
 * The definition of Orga's read-model tables, for the stored shapes the app folds (`Orga`'s `storedShapes`).
 *
 * @category constructors
 * @since 0.3.0
 */
export const definition = (
  shapes: Streams.StoredShapes = {}
): PartitionedProjection.BatchDefinition<
  Partitions.PartitionState,
  EventStore.RecordedEvent,
  PartitionRouter.Router
> => {
  const codec = Streams.codec(shapes)
  const decodeEvent: ProjectionSink.Decode<EventStore.RecordedEvent> = codec.hasUpcasters
    ? (event) => {
        const data = codec.upcastResult(event)
        if (Result.isFailure(data))
          return Result.fail(
            new Sink.ProjectionError({
              projection: name,
              reason: "DecodeFailed",
              message: `Partitioned projection ${name}: event ${event.globalPosition} (${event.type}) does not upcast: ${data.failure.message}`,
              cause: data.failure
            })
          )
        return Result.succeed(data.success === event.data ? event : { ...event, data: data.success })
      }
    : Sink.recordedEvents
  return {
    name,
    decodeEvent,
    scopeOf: (key) => (key.startsWith("org:") ? key.slice(4) : null),
    initial: () => ({}),
    encode: Partitions.encode,
    decode: Partitions.decode,
    equals: sameState,
    // A partition left with nothing (an erased user's logins, an erased learner's INE link) loses its row: its key
    // names the person.
    isEmpty: isEmptyState,
    router: {
      initial: PartitionRouter.make(),
      // The batch form folds the router itself; this keeps the router's own fold for whoever routes one event.
      route: (router, event) => {
        PartitionRouter.observe(router, event.streamId, event.data as Parameters<typeof PartitionRouter.observe>[2])
        return router
      },
      encode: PartitionRouter.encode,
      decode: PartitionRouter.decode
    },
    batch: {
      keysOf: (events, router) => [...planOf(router, events).routed],
      moreKeys: (rows, events, router) => [...planOf(router, events).linked((key) => rows.get(key))],
      foldBatch: (rows, events, router) => ({
        rows: PartitionFold.foldBatch((key) => rows.get(key), router, events).rows,
        router
      })
    }
  }
}
