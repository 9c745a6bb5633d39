/**
 * A toy partitioned projection for the contract suite and the adapters' failover tests: per school `org:<s>` the
 * events it saw (count and positions, so a position counted twice or skipped shows), per learner
 * `learner:<s>/<ine>` the notes taken, and a global index `ine:<ine>` (no scope). A `Noted` event names only the
 * learner: the router (ine → school, folded from `Enrolled`) sends it to the school. States and router are folded
 * in place, to check that a failed batch cannot leak a mutation into what is stored.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type { NewEvent, RecordedEvent } from "../EventStore.ts"
import type { Definition, PerKeyDefinition } from "../PartitionedProjection.ts"

/**
 * A row of the toy projection.
 *
 * @category models
 * @since 0.1.0
 */
export type ToyState =
  | { readonly kind: "org"; count: number; positions: Array<number> }
  | { readonly kind: "learner"; notes: number }
  | { readonly kind: "ine"; school: string; enrolments: number }

/**
 * The toy's router: the school of each learner.
 *
 * @category models
 * @since 0.1.0
 */
export type ToyRouter = Record<string, string>

/**
 * What the toy folds: `Enrolled` (school, ine), `Noted` (ine), anything else skipped.
 *
 * @category models
 * @since 0.1.0
 */
export interface ToyEvent {
  readonly type: "Enrolled" | "Noted" | "Other"
  readonly school: string
  readonly ine: string
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value))
const parse = <A>(bytes: Uint8Array): A => JSON.parse(decoder.decode(bytes)) as A

/**
 * The new event to append for a toy event.
 *
 * @category constructors
 * @since 0.1.0
 */
export const newEvent = (event: ToyEvent, id: string): NewEvent => ({
  id,
  type: event.type,
  data: event.type === "Noted" ? { ine: event.ine } : { school: event.school, ine: event.ine }
})

/**
 * The toy projection, under `name` (default `toy`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const definition = (name = "toy"): PerKeyDefinition<ToyState, RecordedEvent, ToyRouter> => ({
  name,
  decodeEvent: (event) => (event.type === "Enrolled" || event.type === "Noted" ? Result.succeed(event) : undefined),
  router: {
    initial: {},
    route: (router, event) => {
      const data = event.data as { school?: string; ine: string }
      if (event.type === "Enrolled" && data.school !== undefined) router[data.ine] = data.school
      return router
    },
    encode: json,
    decode: parse
  },
  partitionsOf: (event, router) => {
    const data = event.data as { school?: string; ine: string }
    if (event.type === "Enrolled" && data.school !== undefined)
      return [`org:${data.school}`, `learner:${data.school}/${data.ine}`, `ine:${data.ine}`]
    const school = router[data.ine]
    return school === undefined ? [] : [`org:${school}`, `learner:${school}/${data.ine}`]
  },
  scopeOf: (key) => {
    if (key.startsWith("org:")) return key.slice(4)
    if (key.startsWith("learner:")) return key.slice(8, key.indexOf("/"))
    return null
  },
  initial: (key) =>
    key.startsWith("org:")
      ? { kind: "org", count: 0, positions: [] }
      : key.startsWith("learner:")
        ? { kind: "learner", notes: 0 }
        : { kind: "ine", school: "", enrolments: 0 },
  evolve: (state, event) => {
    const data = event.data as { school?: string; ine: string }
    switch (state.kind) {
      case "org":
        state.count += 1
        state.positions.push(Number(event.globalPosition))
        break
      case "learner":
        if (event.type === "Noted") state.notes += 1
        break
      case "ine":
        state.school = data.school ?? state.school
        state.enrolments += 1
        break
    }
    return state
  },
  encode: json,
  decode: parse
})

/**
 * The same toy in the batch form (`Definition.batch`), so its rows must equal the per-key toy's: the first round
 * of reads names the schools' and learners' keys, the second the INE keys (named from the first round's rows and
 * the batch, as a fold that reads another key's state would), and the whole batch is folded over them at once.
 *
 * @category constructors
 * @since 0.1.0
 */
export const batchDefinition = (name = "toy"): Definition<ToyState, RecordedEvent, ToyRouter> => {
  const { partitionsOf, evolve, router: maybeRouter, ...common } = definition(name)
  const router = maybeRouter as NonNullable<typeof maybeRouter>
  const copy = (state: ToyRouter): ToyRouter => ({ ...state })
  const reached = (events: ReadonlyArray<RecordedEvent>, start: ToyRouter) => {
    const ahead = copy(start)
    return events.map((event) => partitionsOf(event, router.route(ahead, event)))
  }
  return {
    ...common,
    router,
    batch: {
      keysOf: (events, state) =>
        reached(events, state).flatMap((keys) => keys.filter((key) => !key.startsWith("ine:"))),
      moreKeys: (rows, events, state) => {
        if ([...rows.keys()].some((key) => key.startsWith("ine:")))
          throw new Error("an INE key read in the first round")
        return reached(events, state).flatMap((keys) => keys.filter((key) => key.startsWith("ine:")))
      },
      foldBatch: (rows, events, state) => {
        const states = new Map(rows)
        for (const event of events)
          for (const key of partitionsOf(event, router.route(state, event)))
            states.set(key, evolve(states.get(key) ?? common.initial(key), event, key))
        return { rows: states, router: state }
      }
    }
  }
}

/**
 * Recorded events for toy events, at positions `1..n` (the contract feeds sinks without a store).
 *
 * @category constructors
 * @since 0.1.0
 */
export const recorded = (events: ReadonlyArray<ToyEvent>): ReadonlyArray<RecordedEvent> =>
  events.map((event, index) => ({
    ...newEvent(event, `toy-${index + 1}`),
    streamId: `learner-${event.ine}`,
    metadata: {},
    streamVersion: 1n,
    globalPosition: BigInt(index + 1),
    recordedAt: new Date(0),
    commandId: null
  }))
