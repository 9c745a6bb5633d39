/**
 * A read model split into partitions (one row per key: a school `org:<id>`, a global index `ine:<ine>`), kept
 * beside the log and folded batch by batch with its checkpoint.
 *
 * Why partitions: an instance that serves one school reads that school's rows instead of folding the whole log
 * into memory, and the leader that maintains the projection touches only the rows a batch reaches. A batch is
 * one transaction in every adapter: lock the checkpoint, skip the events at or below it (a batch delivered twice
 * is never counted twice), route the fresh events to their keys, load the touched rows in one query, fold, write
 * back the rows whose bytes changed (`version + 1`), move the checkpoint. A fold that throws changes nothing.
 *
 * A definition may keep a router state (`router`): folded over every event before `partitionsOf` sees it, so
 * that an event naming only a learner can reach the school that learner belongs to. The router is stored as one
 * more row (the empty key), headed by the position it stands at; a sink keeps the router it folded in memory between
 * batches and, given the log, writes that row only now and then (`RouterOptions`, ADR 0059): readers bring it to the
 * checkpoint with `catchUpRouter`.
 *
 * The pure steps (`plan`, `fold`, `foldLog`) are shared by the adapters; `makeMemory` is the in-process sink.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { RecordedEvent } from "./EventStore.ts"
import { type Decode, ProjectionError, type ProjectionSink } from "./ProjectionSink.ts"

/**
 * The router of a definition: a small state every event passes through before it is routed.
 *
 * @category models
 * @since 0.1.0
 */
export interface Router<R, E> {
  readonly initial: R
  /** Folds an event into the router (in place or not); runs before `partitionsOf` for the same event. */
  readonly route: (router: R, event: E) => R
  readonly encode: (router: R) => Uint8Array
  readonly decode: (bytes: Uint8Array) => R
}

/**
 * The batch form of a fold, for a projection whose keys' folds read one another (a school's roster moves the
 * link of an INE kept under another key): the leader reads the rows a batch reaches in (at most) two rounds, then
 * folds the whole batch over them at once.
 *
 * Why a batch form: `evolve` sees one key's state at a time, so a fold that needs another key's state cannot be
 * written with it; folding every row a batch reaches together keeps one transaction per batch all the same.
 *
 * @category models
 * @since 0.1.0
 */
export interface Batch<S, E, R> {
  /** The keys the batch reaches, read first (`router` is as before the batch and must not be moved). */
  readonly keysOf: (events: ReadonlyArray<E>, router: R) => ReadonlyArray<string>
  /**
   * More keys, named by the rows read first (`rows`: the first round's rows that exist); read second. Must not
   * change `rows` nor `router`.
   */
  readonly moreKeys?:
    | ((rows: ReadonlyMap<string, S>, events: ReadonlyArray<E>, router: R) => ReadonlyArray<string>)
    | undefined
  /**
   * Folds the batch over the rows read (`rows`: those that exist; a missing key is an initial state) and answers
   * the states of the keys it reached (its rows are written when their bytes changed) and the router after the
   * batch (`router` may be folded in place: the sink lets go of it until the batch commits).
   */
  readonly foldBatch: (
    rows: ReadonlyMap<string, S>,
    events: ReadonlyArray<E>,
    router: R
  ) => { readonly rows: ReadonlyMap<string, S>; readonly router: R }
}

/**
 * What both forms of a definition share.
 *
 * @category models
 * @since 0.1.0
 */
export interface Common<S, E, R> {
  /** Names the projection: its table (`rm_<name>`), its checkpoint and its lock. `[a-z][a-z0-9_]{0,47}`. */
  readonly name: string
  /** Turns a stored event into what the projection folds (`undefined` skips it; a failure fails the batch). */
  readonly decodeEvent: Decode<E>
  /** The scope a key's row is indexed under (the school it belongs to), or `null` for a global row. */
  readonly scopeOf: (key: string) => string | null
  /** The state of a key no event reached yet. */
  readonly initial: (key: string) => S
  readonly encode: (state: S) => Uint8Array
  readonly decode: (bytes: Uint8Array) => S
  /** The router state, when routing needs more than the event itself. */
  readonly router?: Router<R, E> | undefined
  /**
   * Whether two states of a key are the same (`verify`), when equal states may encode to different bytes (maps
   * whose entries came in another order). Default: the same bytes.
   */
  readonly equals?: ((a: S, b: S) => boolean) | undefined
  /**
   * Whether a state holds nothing, so that its row is deleted rather than written (a key that names a person, an
   * `ine:` or `login:` row, must not outlive the person's erasure). Default: rows are never deleted.
   */
  readonly isEmpty?: ((state: S) => boolean) | undefined
}

/**
 * A partitioned projection: which keys an event reaches, the state of each key, and how it is stored. Folded
 * one key at a time (`partitionsOf` + `evolve`), or a batch at a time (`batch`).
 *
 * @category models
 * @since 0.1.0
 */
export type Definition<S, E = RecordedEvent, R = undefined> = PerKeyDefinition<S, E, R> | BatchDefinition<S, E, R>

/**
 * A partitioned projection folded one key at a time.
 *
 * @category models
 * @since 0.1.0
 */
export interface PerKeyDefinition<S, E = RecordedEvent, R = undefined> extends Common<S, E, R> {
  /** The keys an event reaches, after the router saw it (non-empty strings; none: the event only routes). */
  readonly partitionsOf: (event: E, router: R) => ReadonlyArray<string>
  /** Folds an event into a key's state (in place or not: states are decoded afresh for every batch). */
  readonly evolve: (state: S, event: E, key: string) => S
  readonly batch?: undefined
}

/**
 * A partitioned projection folded a batch at a time (`Batch`).
 *
 * @category models
 * @since 0.1.0
 */
export interface BatchDefinition<S, E = RecordedEvent, R = undefined> extends Common<S, E, R> {
  readonly batch: Batch<S, E, R>
  readonly partitionsOf?: undefined
  readonly evolve?: undefined
}

/**
 * A stored row: its key, how many batches changed it, and its state.
 *
 * @category models
 * @since 0.1.0
 */
export interface Row<S> {
  readonly key: string
  readonly version: bigint
  readonly state: S
}

/**
 * A row as stored: encoded state, scope and version.
 *
 * @category models
 * @since 0.1.0
 */
export interface StoredRow {
  readonly key: string
  readonly scope: string | null
  readonly version: bigint
  readonly state: Uint8Array
}

/**
 * A partitioned projection's sink: a `ProjectionSink` (the runner drives `apply`), plus reads of its rows.
 *
 * @category models
 * @since 0.1.0
 */
export interface PartitionedSink<S> extends ProjectionSink<ProjectionError> {
  /** The rows of `keys` that exist, ordered by key. */
  readonly read: (keys: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Row<S>>, ProjectionError>
  /** Every row whose scope is `scope`, ordered by key. */
  readonly readScope: (scope: string) => Effect.Effect<ReadonlyArray<Row<S>>, ProjectionError>
  /** Every stored row as stored (the router's too), ordered by key: what `verify` compares with the log. */
  readonly scan: Effect.Effect<ReadonlyArray<StoredRow>, ProjectionError>
  /**
   * Every stored row's key (the router's too), ordered by key, without reading their states: what a caller that
   * goes over every partition a few at a time lists first (a `scan` would read them all at once).
   */
  readonly keys: Effect.Effect<ReadonlyArray<string>, ProjectionError>
  /**
   * The rows of `keys` that exist (ordered by key) and the checkpoint they stand at, read in one consistent read:
   * a follower folds the log's tail from there, with no retry while a busy leader moves the checkpoint.
   */
  readonly readAt: (keys: ReadonlyArray<string>) => Effect.Effect<RowsAt<S>, ProjectionError>
  /**
   * The stored router's bytes (`null` before the first batch that wrote it), the position it stands at and the
   * checkpoint, in one read: the router may stand behind the checkpoint (`RouterOptions`), `catchUpRouter` brings
   * it there.
   */
  readonly readRouter: Effect.Effect<RouterAt, ProjectionError>
}

/**
 * Rows read together with the checkpoint they stand at (`PartitionedSink.readAt`).
 *
 * @category models
 * @since 0.3.0
 */
export interface RowsAt<S> {
  readonly checkpoint: bigint
  readonly rows: ReadonlyArray<Row<S>>
}

/**
 * The router's stored bytes read together with the checkpoint they stand at (`PartitionedSink.readRouter`).
 *
 * @category models
 * @since 0.3.0
 */
export interface RouterAt {
  readonly checkpoint: bigint
  /** The router's own bytes (without the stored row's header), `null` when no row was written yet. */
  readonly bytes: Uint8Array | null
  /** The position the stored router stands at (at most `checkpoint`; 0 when no row was written yet). */
  readonly position: bigint
}

/**
 * The key the router's row is stored under (partition keys are never empty).
 *
 * @category getters
 * @since 0.1.0
 */
export const routerKey = ""

const namePattern = /^[a-z][a-z0-9_]{0,47}$/

/**
 * What an adapter's sink fails with when its database fails: a `ProjectionError` naming the projection and the step,
 * the cause kept (a `ProjectionError` already made passes through as it is). Adapters give their own reason (SQLite's
 * `Busy`) and message for their driver's errors.
 *
 * @category errors
 * @since 0.1.0
 */
export const databaseFailure =
  (
    name: string,
    what: string,
    describe: {
      readonly reason?: (cause: unknown) => string
      readonly message?: (cause: unknown) => string
    } = {}
  ) =>
  (cause: unknown): ProjectionError =>
    cause instanceof ProjectionError
      ? cause
      : new ProjectionError({
          projection: name,
          reason: describe.reason?.(cause) ?? "ProjectionFailed",
          message: `Partitioned projection ${name}: ${what} failed: ${
            describe.message?.(cause) ?? (cause instanceof Error ? cause.message : String(cause))
          }`,
          cause
        })

/**
 * Checks a projection name before it becomes part of a table name: a `ProjectionError` with reason
 * `InvalidInput` when it is not `[a-z][a-z0-9_]{0,47}`.
 *
 * @category guards
 * @since 0.1.0
 */
export const validateName = (name: string): Effect.Effect<void, ProjectionError> =>
  namePattern.test(name)
    ? Effect.void
    : Effect.fail(
        new ProjectionError({
          projection: name,
          reason: "InvalidInput",
          message: `Partitioned projection ${JSON.stringify(name)}: its name must match [a-z][a-z0-9_]{0,47}`
        })
      )

/**
 * A batch's events routed to their keys: what `fold` folds once the touched rows are loaded.
 *
 * @category models
 * @since 0.1.0
 */
export interface Plan<E, R> {
  readonly steps: ReadonlyArray<{ readonly event: E; readonly keys: ReadonlyArray<string> }>
  /** Every key the batch reaches (the rows to load); in the batch form, the first round (see `moreKeys`). */
  readonly keys: ReadonlyArray<string>
  /** The router after the batch; in the batch form, the router before it (`foldRows` answers the one after). */
  readonly router: R
  /** The position the checkpoint moves to (the last fresh event's). */
  readonly last: bigint
  /** The fresh events, decoded (what a batch fold folds). */
  readonly events: ReadonlyArray<E>
}

const failure = (name: string, reason: string, what: string, cause?: unknown): ProjectionError =>
  new ProjectionError({
    projection: name,
    reason,
    message: `Partitioned projection ${name}: ${what}${cause === undefined ? "" : `: ${cause instanceof Error ? cause.message : String(cause)}`}`,
    ...(cause === undefined ? {} : { cause })
  })

const checkKeys = (name: string, keys: Iterable<string>, into: Set<string>, last: bigint) => {
  for (const key of keys) {
    if (typeof key !== "string" || key === routerKey)
      throw failure(name, "ProjectionFailed", `the batch reached an empty key at position ${last}`)
    into.add(key)
  }
}

/**
 * Routes the events after `checkpoint` (decode, route, keys); `undefined` when none is fresh. Throws a
 * `ProjectionError` when an event does not decode, the router throws, or a key is empty.
 *
 * @category combinators
 * @since 0.1.0
 */
export const plan = <S, E, R>(
  definition: Definition<S, E, R>,
  events: ReadonlyArray<RecordedEvent>,
  checkpoint: bigint,
  router: R
): Plan<E, R> | undefined => {
  const { name } = definition
  const steps: Array<{ event: E; keys: ReadonlyArray<string> }> = []
  const decodedEvents: Array<E> = []
  const keys = new Set<string>()
  let last = checkpoint
  let current = router
  for (const recorded of events) {
    if (recorded.globalPosition <= last) continue
    last = recorded.globalPosition
    const decoded = definition.decodeEvent(recorded)
    if (decoded === undefined) continue
    if (Result.isFailure(decoded)) {
      const error = decoded.failure
      throw error.projection === "" ? failure(name, error.reason, error.message, error.cause) : error
    }
    const event = decoded.success
    decodedEvents.push(event)
    if (definition.batch !== undefined) continue
    let reached: ReadonlyArray<string>
    try {
      if (definition.router !== undefined) current = definition.router.route(current, event)
      reached = definition.partitionsOf(event, current)
    } catch (cause) {
      throw failure(name, "ProjectionFailed", "routing failed", cause)
    }
    checkKeys(name, reached, keys, last)
    if (reached.length > 0) steps.push({ event, keys: reached })
  }
  if (last === checkpoint) return undefined
  if (definition.batch !== undefined && decodedEvents.length > 0) {
    try {
      checkKeys(name, definition.batch.keysOf(decodedEvents, router), keys, last)
    } catch (cause) {
      throw cause instanceof ProjectionError ? cause : failure(name, "ProjectionFailed", "routing failed", cause)
    }
  }
  return { steps, keys: [...keys], router: current, last, events: decodedEvents }
}

type Loaded = ReadonlyMap<string, { readonly version: bigint; readonly state: Uint8Array }>

// What a plan's batch fold has read: the states decoded from its loaded rows, and the second round's keys once
// `moreKeys` named them (so that `foldRows` neither decodes a row twice nor asks for the keys again).
const planReads = new WeakMap<
  object,
  { readonly states: Map<string, unknown>; more: ReadonlyArray<string> | undefined }
>()

const readsOf = (batch: object) => {
  let reads = planReads.get(batch)
  if (reads === undefined) {
    reads = { states: new Map(), more: undefined }
    planReads.set(batch, reads)
  }
  return reads
}

// The decoded states of `keys` that have a row in `loaded` (only those: a memory sink loads its whole table).
const statesOf = <S, E, R>(
  definition: Definition<S, E, R>,
  batch: Plan<E, R>,
  loaded: Loaded,
  keys: Iterable<string>
): Map<string, S> => {
  const states = readsOf(batch).states as Map<string, S>
  for (const key of keys) {
    if (states.has(key)) continue
    const row = loaded.get(key)
    if (row !== undefined) states.set(key, definition.decode(row.state))
  }
  return states
}

/**
 * The keys of the second round of reads (the batch form's `moreKeys`), given the first round's rows; none for a
 * fold one key at a time. Throws a `ProjectionError` if it throws.
 *
 * @category combinators
 * @since 0.1.0
 */
export const moreKeys = <S, E, R>(
  definition: Definition<S, E, R>,
  batch: Plan<E, R>,
  loaded: Loaded
): ReadonlyArray<string> => {
  const more = definition.batch?.moreKeys
  if (more === undefined || batch.events.length === 0) return []
  const reads = readsOf(batch)
  if (reads.more !== undefined) return reads.more
  try {
    const first = new Set(batch.keys)
    const keys = new Set<string>()
    const rows = new Map<string, S>()
    const states = statesOf(definition, batch, loaded, batch.keys)
    for (const key of batch.keys) if (states.has(key)) rows.set(key, states.get(key) as S)
    checkKeys(definition.name, more(rows, batch.events, batch.router), keys, batch.last)
    reads.more = [...keys].filter((key) => !first.has(key))
    return reads.more
  } catch (cause) {
    throw cause instanceof ProjectionError
      ? cause
      : failure(definition.name, "ProjectionFailed", "routing failed", cause)
  }
}

/**
 * Folds a plan into the loaded rows (decoded afresh, so an in-place fold never touches what is stored) and
 * answers the rows whose bytes changed, each with `version + 1`, the keys whose rows go (`isEmpty`), and the router
 * after the batch. Throws a
 * `ProjectionError` if a fold throws.
 *
 * @category combinators
 * @since 0.1.0
 */
export const foldRows = <S, E, R>(
  definition: Definition<S, E, R>,
  batch: Plan<E, R>,
  loaded: Loaded
): { readonly changed: ReadonlyArray<StoredRow>; readonly deleted: ReadonlyArray<string>; readonly router: R } => {
  try {
    let states: ReadonlyMap<string, S>
    let router = batch.router
    if (definition.batch !== undefined) {
      if (batch.events.length === 0) return { changed: [], deleted: [], router }
      const keys = [...batch.keys, ...moreKeys(definition, batch, loaded)]
      const decoded = statesOf(definition, batch, loaded, keys)
      const rows = new Map<string, S>()
      for (const key of keys) if (decoded.has(key)) rows.set(key, decoded.get(key) as S)
      const folded = definition.batch.foldBatch(rows, batch.events, batch.router)
      states = folded.rows
      router = folded.router
    } else {
      const perKey = new Map<string, S>()
      for (const key of batch.keys) {
        const row = loaded.get(key)
        perKey.set(key, row === undefined ? definition.initial(key) : definition.decode(row.state))
      }
      for (const step of batch.steps)
        for (const key of step.keys) perKey.set(key, definition.evolve(perKey.get(key) as S, step.event, key))
      states = perKey
    }
    const changed: Array<StoredRow> = []
    const deleted: Array<string> = []
    for (const [key, state] of states) {
      if (key === routerKey) throw new Error("the fold answered a state for the empty key")
      if (definition.isEmpty?.(state) === true) {
        if (loaded.has(key)) deleted.push(key)
        continue
      }
      const bytes = definition.encode(state)
      const row = loaded.get(key)
      if (row !== undefined && sameBytes(row.state, bytes)) continue
      changed.push({ key, scope: definition.scopeOf(key), version: (row?.version ?? 0n) + 1n, state: bytes })
    }
    return { changed, deleted, router }
  } catch (cause) {
    throw cause instanceof ProjectionError ? cause : failure(definition.name, "ProjectionFailed", "fold failed", cause)
  }
}

/**
 * Folds a plan into the loaded rows: `foldRows`'s changed rows (the router after the batch is `plan`'s, so this is
 * for a fold one key at a time).
 *
 * @category combinators
 * @since 0.1.0
 */
export const fold = <S, E, R>(
  definition: Definition<S, E, R>,
  batch: Plan<E, R>,
  loaded: ReadonlyMap<string, { readonly version: bigint; readonly state: Uint8Array }>
): ReadonlyArray<StoredRow> => foldRows(definition, batch, loaded).changed

/**
 * The router row to write after a batch, or `undefined` when the router did not change: a row without the position
 * header (`routerRowBytes`), so it stands at the checkpoint. The sinks no longer use it (they write through
 * `leaderRouter`); kept for a caller that writes the router with every batch.
 *
 * @category combinators
 * @since 0.1.0
 */
export const routerRow = <S, E, R>(
  definition: Definition<S, E, R>,
  router: R,
  stored: { readonly version: bigint; readonly state: Uint8Array } | undefined
): StoredRow | undefined => {
  if (definition.router === undefined) return undefined
  const bytes = definition.router.encode(router)
  if (stored !== undefined && sameBytes(stored.state, bytes)) return undefined
  return { key: routerKey, scope: null, version: (stored?.version ?? 0n) + 1n, state: bytes }
}

/**
 * The initial router of a definition (`undefined` without one).
 *
 * @category getters
 * @since 0.1.0
 */
export const initialRouter = <S, E, R>(definition: Definition<S, E, R>): R =>
  // A copy (through the codec), so that a router folded in place never changes the definition's `initial`.
  (definition.router === undefined
    ? undefined
    : definition.router.decode(definition.router.encode(definition.router.initial))) as R

/**
 * The router stored in a row (its initial value when there is none yet).
 *
 * @category getters
 * @since 0.1.0
 */
export const storedRouter = <S, E, R>(
  definition: Definition<S, E, R>,
  row: { readonly state: Uint8Array } | undefined
): R =>
  definition.router === undefined || row === undefined
    ? initialRouter(definition)
    : definition.router.decode(parseRouterRow(row.state).bytes)

// The router row's header: a marker no router encoding opens with (a v8 serialization opens with 0xFF, a zstd frame
// with 0x28, JSON with a printable character), then the position the router stands at (8 bytes, big-endian).
const routerMarker = [0x00, 0x52, 0x54, 0x50] as const
const routerHeaderLength = routerMarker.length + 8

/**
 * The stored bytes of the router row: a header naming the position the router stands at, then the router's own
 * encoding.
 *
 * Why a header rather than a column: the adapters keep their tables as they are (key, scope, version, state) and
 * store the row as opaque bytes; a row written before the header existed has none and stands at the checkpoint.
 *
 * @category constructors
 * @since 0.4.0
 */
export const routerRowBytes = (position: bigint, router: Uint8Array): Uint8Array => {
  const bytes = new Uint8Array(routerHeaderLength + router.length)
  bytes.set(routerMarker, 0)
  new DataView(bytes.buffer).setBigUint64(routerMarker.length, position)
  bytes.set(router, routerHeaderLength)
  return bytes
}

/**
 * The router's own bytes and the position it stands at, from the stored row (`position` is `undefined` for a row
 * written without the header: it stands at the checkpoint).
 *
 * @category getters
 * @since 0.4.0
 */
export const parseRouterRow = (
  stored: Uint8Array
): { readonly bytes: Uint8Array; readonly position: bigint | undefined } => {
  if (stored.length < routerHeaderLength || routerMarker.some((byte, i) => stored[i] !== byte))
    return { bytes: stored, position: undefined }
  return {
    bytes: stored.subarray(routerHeaderLength),
    position: new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getBigUint64(routerMarker.length)
  }
}

/**
 * A `RouterAt` from the checkpoint and the stored row's bytes (`null`: no row yet), read together by an adapter.
 *
 * @category constructors
 * @since 0.4.0
 */
export const routerAt = (checkpoint: bigint, stored: Uint8Array | null): RouterAt => {
  if (stored === null) return { checkpoint, bytes: null, position: 0n }
  const { bytes, position } = parseRouterRow(stored)
  return { checkpoint, bytes, position: position ?? checkpoint }
}

/**
 * Reads the log after a position (the store's `readAll`): what brings a stored router up to the checkpoint.
 *
 * @category models
 * @since 0.4.0
 */
export type ReadLog = (options: {
  readonly after: bigint
  readonly maxCount: number
}) => Effect.Effect<ReadonlyArray<RecordedEvent>, unknown>

/**
 * How a sink keeps its definition's router (`makeMemory` and the adapters' `make`).
 *
 * @category models
 * @since 0.4.0
 */
export interface RouterOptions {
  /**
   * The log: with it, the router's row is written only now and then (`routerEvery`, `routerMillis`, and by a
   * batch that ends a catch-up), and whoever reads it folds the events between its position and the checkpoint.
   * Without it, every batch writes the router (it must stand at the checkpoint).
   */
  readonly log?: ReadLog | undefined
  /** Positions folded between two writes of the router's row (default 50,000). */
  readonly routerEvery?: number | undefined
  /** Milliseconds between two writes of the router's row while batches land (default 5,000). */
  readonly routerMillis?: number | undefined
  /**
   * Whether a batch writes the router whatever the count (an erasure: the stored router must not keep the erased
   * person's identifiers until its next write).
   */
  readonly writeRouterWhen?: ((events: ReadonlyArray<RecordedEvent>) => boolean) | undefined
}

const catchUpPage = 5000

/**
 * A stored router brought to its checkpoint: decoded (or the initial one), then every event between the router's
 * position and the checkpoint routed into it (`route` only: cheap), read from the log a page at a time.
 *
 * @category combinators
 * @since 0.4.0
 */
export const catchUpRouter = <E, R>(
  definition: {
    readonly name: string
    readonly decodeEvent: Decode<E>
    readonly router?: Router<R, E> | undefined
  },
  at: RouterAt,
  log: ReadLog
): Effect.Effect<R, ProjectionError> =>
  Effect.gen(function* () {
    const { name, router: maybeRouter } = definition
    if (maybeRouter === undefined) return undefined as R
    const definitionRouter = maybeRouter
    let router = yield* Effect.try({
      try: () =>
        at.bytes === null
          ? definitionRouter.decode(definitionRouter.encode(definitionRouter.initial))
          : definitionRouter.decode(at.bytes),
      catch: (cause) => failure(name, "ProjectionFailed", "decoding the router failed", cause)
    })
    let after = at.position
    while (after < at.checkpoint) {
      const events = yield* Effect.mapError(log({ after, maxCount: catchUpPage }), (cause) =>
        failure(name, "ProjectionFailed", "reading the log to bring the router to the checkpoint failed", cause)
      )
      if (events.length === 0)
        return yield* Effect.fail(
          failure(name, "ProjectionFailed", `the log ends at ${after}, before the checkpoint ${at.checkpoint}`)
        )
      for (const recorded of events) {
        if (recorded.globalPosition > at.checkpoint) break
        const decoded = definition.decodeEvent(recorded)
        if (decoded === undefined) continue
        if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
        const event = decoded.success
        router = yield* Effect.try({
          try: () => definitionRouter.route(router, event),
          catch: (cause) => failure(name, "ProjectionFailed", "routing failed", cause)
        })
      }
      after = events.at(-1)?.globalPosition ?? at.checkpoint
    }
    return router
  })

/**
 * Runs a batch again (a few times) when the router it found stood behind the checkpoint (reason `RouterBehind`:
 * another leader moved the checkpoint between `LeaderRouter.prepare` and the batch's transaction).
 *
 * @category combinators
 * @since 0.4.0
 */
export const retryWhileRouterBehind = <A>(
  effect: Effect.Effect<A, ProjectionError>
): Effect.Effect<A, ProjectionError> =>
  Effect.retry(effect, { while: (error: ProjectionError) => error.reason === "RouterBehind", times: 5 })

/**
 * What a leader's sink keeps of its router between batches (`leaderRouter`).
 *
 * @category models
 * @since 0.4.0
 */
export interface LeaderRouter<R> {
  /**
   * Before a batch's transaction: brings the kept router to the checkpoint when it is not there (a first batch,
   * another leader moved it), from the stored row and the log; answers whether the batch must write the router: it
   * ends a catch-up (nothing in the log after it), or `writeRouterWhen` asks for it.
   */
  readonly prepare: (
    events: ReadonlyArray<RecordedEvent>,
    sink: Pick<PartitionedSink<unknown>, "checkpoint" | "readRouter">
  ) => Effect.Effect<boolean, ProjectionError>
  /**
   * In the transaction, once the checkpoint is locked: the router standing at it, the kept one when it stands
   * there (no decode), else the stored row's (`load`) when that stands at the checkpoint; throws a `ProjectionError`
   * with reason `RouterBehind` otherwise (run `prepare` again). The kept router is let go: the batch may fold it in
   * place, and only `committed` keeps it again.
   */
  readonly take: (checkpoint: bigint, load: () => Uint8Array | undefined) => R
  /** Whether `take` at `checkpoint` answers the kept router (so an adapter need not load the stored row first). */
  readonly keeps: (checkpoint: bigint) => boolean
  /** The router row's bytes to write with the batch ending at `last`, or `undefined` when it is not due yet. */
  readonly toWrite: (last: bigint, router: R, mustWrite: boolean) => Uint8Array | undefined
  /** After the batch committed: keeps its router (standing at `last`), and when it was written. */
  readonly committed: (last: bigint, router: R, written: boolean) => void
  /** Forgets the kept router (a reset). */
  readonly drop: () => void
}

/**
 * The router a leader's sink keeps in memory between batches, and when it writes it (`RouterOptions`).
 *
 * Why: a definition's router grows with the log (every user's schools); decoding and writing it with every batch
 * made a leader slow down as the log grew. A router standing at the checkpoint is the fold of the log up to it,
 * whoever folded it, so the kept one serves as long as the checkpoint is where this sink left it.
 *
 * @category constructors
 * @since 0.4.0
 */
export const leaderRouter = <S, E, R>(
  definition: Definition<S, E, R>,
  options: RouterOptions = {}
): LeaderRouter<R> => {
  const { name } = definition
  const every = BigInt(Math.max(1, options.routerEvery ?? 50_000))
  const millis = options.routerMillis ?? 5000
  let kept: { readonly position: bigint; readonly router: R } | undefined
  let written: { position: bigint; at: number } | undefined
  return {
    prepare: (events, sink) =>
      Effect.gen(function* () {
        const log = options.log
        if (definition.router === undefined || log === undefined || events.length === 0) return false
        const checkpoint = yield* sink.checkpoint
        const last = events.at(-1)?.globalPosition ?? 0n
        if (last <= checkpoint) return false
        if (kept?.position !== checkpoint) {
          kept = undefined
          const at = yield* sink.readRouter
          const router = yield* catchUpRouter(definition, at, log)
          kept = { position: at.checkpoint, router }
          written = { position: at.position, at: Date.now() }
        }
        if (options.writeRouterWhen?.(events) === true) return true
        const after = yield* Effect.mapError(log({ after: last, maxCount: 1 }), (cause) =>
          failure(name, "ProjectionFailed", "reading the log's head failed", cause)
        )
        return after.length === 0
      }),
    take: (checkpoint, load) => {
      const found = kept
      kept = undefined
      if (definition.router === undefined) return undefined as R
      if (found !== undefined && found.position === checkpoint) return found.router
      const stored = load()
      // No row yet: the initial router, which stands at 0 (or anywhere, for a sink that never writes behind).
      const { bytes, position } =
        stored === undefined
          ? { bytes: undefined, position: options.log === undefined ? undefined : 0n }
          : parseRouterRow(stored)
      if (position !== undefined && position !== checkpoint)
        throw failure(name, "RouterBehind", `the stored router stands at ${position}, the checkpoint at ${checkpoint}`)
      written = { position: checkpoint, at: Date.now() }
      try {
        return bytes === undefined ? initialRouter(definition) : definition.router.decode(bytes)
      } catch (cause) {
        throw failure(name, "ProjectionFailed", "decoding the router failed", cause)
      }
    },
    keeps: (checkpoint) => definition.router === undefined || kept?.position === checkpoint,
    toWrite: (last, router, endsCatchUp) => {
      if (definition.router === undefined) return undefined
      const due =
        options.log === undefined ||
        endsCatchUp ||
        written === undefined ||
        last - written.position >= every ||
        Date.now() - written.at >= millis
      return due ? routerRowBytes(last, definition.router.encode(router)) : undefined
    },
    committed: (last, router, wasWritten) => {
      kept = { position: last, router }
      if (wasWritten) written = { position: last, at: Date.now() }
    },
    drop: () => {
      kept = undefined
      written = undefined
    }
  }
}

const foldWhole = <S, E, R>(
  definition: Definition<S, E, R>,
  events: ReadonlyArray<RecordedEvent>
): { readonly states: ReadonlyMap<string, S>; readonly router: R } => {
  let router = initialRouter(definition)
  const decoded: Array<E> = []
  for (const recorded of events) {
    const result = definition.decodeEvent(recorded)
    if (result !== undefined && Result.isSuccess(result)) decoded.push(result.success)
  }
  if (definition.batch !== undefined) {
    const folded = definition.batch.foldBatch(new Map(), decoded, router)
    return { states: folded.rows, router: folded.router }
  }
  const states = new Map<string, S>()
  for (const event of decoded) {
    if (definition.router !== undefined) router = definition.router.route(router, event)
    for (const key of definition.partitionsOf(event, router))
      states.set(key, definition.evolve(states.get(key) ?? definition.initial(key), event, key))
  }
  return { states, router }
}

/**
 * Folds a whole log in memory (one event at a time, or in one batch for the batch form): the reference the
 * stored rows must equal.
 *
 * @category combinators
 * @since 0.1.0
 */
export const foldLog = <S, E, R>(
  definition: Definition<S, E, R>,
  events: ReadonlyArray<RecordedEvent>
): ReadonlyMap<string, S> => foldWhole(definition, events).states

/**
 * What `verify` found: the keys whose stored row differs from the fold of the log (a missing row counts as the
 * key's initial state), and whether the stored router differs.
 *
 * @category models
 * @since 0.1.0
 */
export interface Verification {
  readonly differing: ReadonlyArray<string>
  readonly routerDiffers: boolean
}

/**
 * Compares stored rows (every row of the table, the router's too) with a fold of the whole log: the reference
 * check after a failover or a suspected corruption. A row that does not decode differs.
 *
 * @category combinators
 * @since 0.1.0
 */
export const verify = <S, E, R>(
  definition: Definition<S, E, R>,
  stored: ReadonlyArray<StoredRow>,
  events: ReadonlyArray<RecordedEvent>
): Verification => {
  const whole = foldWhole(definition, events)
  const same = (a: S, b: S) =>
    sameBytes(definition.encode(a), definition.encode(b)) || (definition.equals?.(a, b) ?? false)
  const rows = new Map(stored.map((row) => [row.key, row]))
  const differing: Array<string> = []
  const keys = new Set([...rows.keys(), ...whole.states.keys()])
  keys.delete(routerKey)
  for (const key of [...keys].sort()) {
    const row = rows.get(key)
    let ok: boolean
    try {
      const state = row === undefined ? definition.initial(key) : definition.decode(row.state)
      ok = same(state, whole.states.get(key) ?? definition.initial(key))
    } catch {
      ok = false
    }
    if (!ok) differing.push(key)
  }
  let routerDiffers = false
  if (definition.router !== undefined) {
    const row = rows.get(routerKey)
    const expected = definition.router.encode(whole.router)
    try {
      // A router stored behind the checkpoint is brought there with the events after it (as a reader does).
      const { bytes, position } = row === undefined ? { bytes: undefined, position: 0n } : parseRouterRow(row.state)
      let router = bytes === undefined ? initialRouter(definition) : definition.router.decode(bytes)
      if (position !== undefined)
        for (const recorded of events) {
          if (recorded.globalPosition <= position) continue
          const decoded = definition.decodeEvent(recorded)
          if (decoded !== undefined && Result.isSuccess(decoded))
            router = definition.router.route(router, decoded.success)
        }
      routerDiffers = !sameBytes(definition.router.encode(router), expected)
    } catch {
      routerDiffers = true
    }
  }
  return { differing, routerDiffers }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Decodes stored rows for a read, ordered by key; a row that does not decode fails the read.
 *
 * @category combinators
 * @since 0.1.0
 */
export const decodeRows = <S, E, R>(
  definition: Definition<S, E, R>,
  rows: ReadonlyArray<{ readonly key: string; readonly version: bigint; readonly state: Uint8Array }>
): Effect.Effect<ReadonlyArray<Row<S>>, ProjectionError> =>
  Effect.try({
    try: () =>
      rows
        .filter((row) => row.key !== routerKey)
        .map((row) => ({ key: row.key, version: row.version, state: definition.decode(row.state) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    catch: (cause) => failure(definition.name, "ProjectionFailed", "decoding a row failed", cause)
  })

/**
 * The rows and checkpoint of in-memory partitioned projections, shareable by several sinks (two leaders of
 * one projection in one process, or a sink remade after a crash).
 *
 * @category models
 * @since 0.1.0
 */
export interface MemoryTables {
  readonly tables: Map<string, { checkpoint: bigint; rows: Map<string, StoredRow> }>
}

/**
 * Empty in-memory tables.
 *
 * @category constructors
 * @since 0.1.0
 */
export const memoryTables = (): MemoryTables => ({ tables: new Map() })

/**
 * An in-process partitioned sink: rows kept encoded (as an adapter keeps them), a batch committed only when
 * every event of it folded.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeMemory = <S, E, R>(
  definition: Definition<S, E, R>,
  tables: MemoryTables = memoryTables(),
  options: RouterOptions = {}
): Effect.Effect<PartitionedSink<S>, ProjectionError> =>
  Effect.map(validateName(definition.name), () => {
    const { name } = definition
    const leader = leaderRouter(definition, options)
    const table = (): { checkpoint: bigint; rows: Map<string, StoredRow> } => {
      let found = tables.tables.get(name)
      if (found === undefined) {
        found = { checkpoint: 0n, rows: new Map() }
        tables.tables.set(name, found)
      }
      return found
    }
    table()
    const rowsOf = (keys: ReadonlyArray<string>) => {
      const rows = table().rows
      return [...new Set(keys)].flatMap((key) => {
        const row = key === routerKey ? undefined : rows.get(key)
        return row === undefined ? [] : [row]
      })
    }
    const checkpoint = Effect.sync(() => table().checkpoint)
    const scan = Effect.sync(() =>
      [...table().rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    )
    const readRouter = Effect.sync(() => {
      const current = table()
      return routerAt(current.checkpoint, current.rows.get(routerKey)?.state ?? null)
    })
    const applyOnce = (events: ReadonlyArray<RecordedEvent>) =>
      Effect.flatMap(leader.prepare(events, { checkpoint, readRouter }), (endsCatchUp) =>
        Effect.try({
          try: () => {
            const current = table()
            if ((events.at(-1)?.globalPosition ?? 0n) <= current.checkpoint) return
            const routerStored = current.rows.get(routerKey)
            const batch = plan(
              definition,
              events,
              current.checkpoint,
              leader.take(current.checkpoint, () => routerStored?.state)
            )
            if (batch === undefined) return
            const folded = foldRows(definition, batch, current.rows)
            const routerBytes = leader.toWrite(batch.last, folded.router, endsCatchUp)
            // Nothing is written before the fold succeeded: a batch that throws changes nothing.
            for (const key of folded.deleted) current.rows.delete(key)
            for (const row of folded.changed) current.rows.set(row.key, row)
            if (routerBytes !== undefined)
              current.rows.set(routerKey, {
                key: routerKey,
                scope: null,
                version: (routerStored?.version ?? 0n) + 1n,
                state: routerBytes
              })
            current.checkpoint = batch.last
            leader.committed(batch.last, folded.router, routerBytes !== undefined)
          },
          catch: (cause) =>
            cause instanceof ProjectionError ? cause : failure(name, "ProjectionFailed", "apply failed", cause)
        })
      )
    return {
      name,
      checkpoint,
      apply: (events) => retryWhileRouterBehind(applyOnce(events)),
      reset: Effect.sync(() => {
        tables.tables.set(name, { checkpoint: 0n, rows: new Map() })
        leader.drop()
      }),
      read: (keys) => Effect.suspend(() => decodeRows(definition, rowsOf(keys))),
      // One synchronous read: no batch can land between the checkpoint and the rows.
      readAt: (keys) =>
        Effect.suspend(() => {
          const checkpoint = table().checkpoint
          return Effect.map(decodeRows(definition, rowsOf(keys)), (rows) => ({ checkpoint, rows }))
        }),
      readRouter,
      readScope: (scope) =>
        Effect.suspend(() =>
          decodeRows(
            definition,
            [...table().rows.values()].filter((row) => row.scope === scope)
          )
        ),
      scan,
      // In memory a scan reads nothing: the keys are its rows'.
      keys: Effect.map(scan, (rows) => rows.map((row) => row.key))
    }
  })
