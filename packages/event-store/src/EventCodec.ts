/**
 * Schema-driven encoding of domain events to the store and back, with upcasting by event version.
 *
 * - `encode` turns a tagged domain event into a `NewEvent`: `type` is the event's `_tag`, `data` is the
 *   schema-encoded event without its `_tag` (JSON-safe when the schema's encoded side is), and
 *   `metadata.schemaVersion` is the current version of that tag (1 unless `versions` says otherwise).
 * - `decode` reads `metadata.schemaVersion` (1 when absent), runs the upcasters registered for
 *   (type, fromVersion) one version at a time up to the current version, then decodes with the schema.
 * - A stored tag is never renamed or reused: upcasters change the shape of data, never the type.
 * - `tagInData: true` keeps the `_tag` inside `data` too, for stores whose fast readers fold data without its
 *   type (replay pages); decoding accepts data with or without it.
 * - `upcastResult` brings stored data to the current version without decoding it: folds that read stored
 *   shapes directly (in-place read models) stay on one path with the decoder, and pay nothing when the
 *   stored version is current.
 *
 * For hot loops (projection replays), `decodeResult` and `decodeAll` decode without one Effect per event.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import type { NewEvent, RecordedEvent } from "./EventStore.ts"

/**
 * Why an event could not be encoded or decoded.
 *
 * - `UnknownEventType`: the stored type is not a tag of the schema.
 * - `MissingUpcaster`: no upcaster from the stored version towards the current one.
 * - `FutureVersion`: the stored version is newer than this code knows (written by a newer release).
 * - `InvalidEvent`: the schema rejected the data (after upcasting) or the event to encode.
 *
 * @since 0.1.0
 */
export class EventCodecError extends Schema.TaggedError<EventCodecError>()("EventCodecError", {
  reason: Schema.Literals(["UnknownEventType", "MissingUpcaster", "FutureVersion", "InvalidEvent"]),
  type: Schema.String,
  version: Schema.Number,
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}

/**
 * Moves the stored data of one event type from `fromVersion` to `fromVersion + 1`.
 *
 * @since 0.1.0
 */
export interface Upcaster {
  readonly type: string
  readonly fromVersion: number
  readonly upcast: (data: unknown, event: RecordedEvent) => unknown
  /**
   * The same step for data whose version is not known: it tells the versions apart by shape and leaves data
   * already past `fromVersion` unchanged. Folds over replay pages (which carry no versions, only data) can run
   * it; a codec whose upcasters all have one offers `upcastUnversioned`.
   */
  readonly upcastShape?: ((data: unknown) => unknown) | undefined
}

/**
 * Builds an upcaster with typed input and output shapes (the encoded shapes of the two versions).
 *
 * @since 0.1.0
 */
export const upcaster = <From, To>(
  type: string,
  fromVersion: number,
  upcast: (data: From, event: RecordedEvent) => To
): Upcaster => ({ type, fromVersion, upcast: upcast as (data: unknown, event: RecordedEvent) => unknown })

/**
 * Options of `encode`.
 *
 * @since 0.1.0
 */
export interface EncodeOptions {
  /** The event id (default: `makeId()` of the codec, a random UUID). */
  readonly id?: string | undefined
  /** Extra metadata (causation, actor, ...); `schemaVersion` is always set by the codec. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined
}

/**
 * An event codec for the tagged union `E`.
 *
 * @since 0.1.0
 */
export interface EventCodec<E extends { readonly _tag: string }> {
  /** Every tag the schema knows. */
  readonly types: ReadonlySet<string>
  /** The current version of a tag (1 unless configured). */
  readonly versionOf: (type: string) => number
  readonly encodeResult: (event: E, options?: EncodeOptions) => Result.Result<NewEvent, EventCodecError>
  readonly encode: (event: E, options?: EncodeOptions) => Effect.Effect<NewEvent, EventCodecError>
  readonly encodeAll: (
    events: ReadonlyArray<E>,
    options?: Omit<EncodeOptions, "id">
  ) => Effect.Effect<Array<NewEvent>, EventCodecError>
  readonly decodeResult: (event: RecordedEvent) => Result.Result<E, EventCodecError>
  /**
   * The stored data brought to the current version of its type, not decoded (the same object when the
   * stored version is current). Unknown types pass through unchanged.
   */
  readonly upcastResult: (event: RecordedEvent) => Result.Result<unknown, EventCodecError>
  /** True when some upcaster is registered (a stored shape changed since version 1). */
  readonly hasUpcasters: boolean
  /**
   * Brings stored data of any version to the current one by its shape (every upcaster's `upcastShape`, in
   * order), for folds that have data without its version (replay pages). Undefined when some upcaster has no
   * `upcastShape`: such folds must then read whole events.
   */
  readonly upcastUnversioned: ((data: unknown) => unknown) | undefined
  readonly decode: (event: RecordedEvent) => Effect.Effect<E, EventCodecError>
  /** Decodes a batch in one Effect (stops at the first failure). */
  readonly decodeAll: (events: ReadonlyArray<RecordedEvent>) => Effect.Effect<Array<E>, EventCodecError>
}

/**
 * What `make` needs.
 *
 * @since 0.1.0
 */
export interface EventCodecOptions<E extends { readonly _tag: string }, Encoded> {
  /** A union (or a single struct) of tagged events, without decoding or encoding services. */
  readonly schema: Schema.Codec<E, Encoded>
  /** Current version per tag, for tags past version 1. */
  readonly versions?: { readonly [K in E["_tag"]]?: number } | undefined
  /** Upcasters, at most one per (type, fromVersion). */
  readonly upcasters?: ReadonlyArray<Upcaster> | undefined
  /** Makes event ids when `encode` is given none (default `crypto.randomUUID`). */
  readonly makeId?: (() => string) | undefined
  /** Keep `_tag` inside the stored data too (default false: the type alone names it). */
  readonly tagInData?: boolean | undefined
  /**
   * Check each event against its schema when encoding it (default true). `false` trusts events built by their
   * schema's constructor (which validated them already): a tag whose schema encodes to the same shape is then
   * written as it is, without a second pass over every field; a tag whose schema transforms is still encoded
   * (and checked) by its schema.
   */
  readonly checkOnEncode?: boolean | undefined
}

/**
 * Makes a codec. Throws (a programming error, at start-up) when two upcasters claim the same
 * (type, fromVersion), or when a version or upcaster names a tag the schema does not have.
 *
 * @since 0.1.0
 */
export const make = <E extends { readonly _tag: string }, Encoded>(
  options: EventCodecOptions<E, Encoded>
): EventCodec<E> => {
  const members = membersOf(options.schema.ast)
  const types = new Set(members.keys())
  const versions = new Map<string, number>()
  for (const [type, version] of Object.entries(options.versions ?? {})) {
    if (typeof version !== "number") continue
    if (!types.has(type)) throw new Error(`EventCodec: version given for ${type}, which the schema does not know`)
    if (!Number.isInteger(version) || version < 1)
      throw new Error(`EventCodec: version of ${type} must be an integer >= 1`)
    versions.set(type, version)
  }
  const upcasters = new Map<string, Upcaster>()
  for (const upcaster of options.upcasters ?? []) {
    const key = `${upcaster.fromVersion}:${upcaster.type}`
    if (!types.has(upcaster.type))
      throw new Error(`EventCodec: upcaster for ${upcaster.type}, which the schema does not know`)
    if (upcasters.has(key))
      throw new Error(`EventCodec: two upcasters for ${upcaster.type} from version ${upcaster.fromVersion}`)
    upcasters.set(key, upcaster)
  }
  const makeId = options.makeId ?? (() => globalThis.crypto.randomUUID())
  const tagInData = options.tagInData === true
  const versionOf = (type: string): number => versions.get(type) ?? 1
  // Each changed type's steps by shape, from version 1 to its current one; none when a step has no shape form.
  const shapeSteps = new Map<string, ReadonlyArray<(data: unknown) => unknown>>()
  let everyStepHasShape = true
  for (const type of new Set([...upcasters.values()].map((upcaster) => upcaster.type))) {
    const steps: Array<(data: unknown) => unknown> = []
    for (let version = 1; version < versionOf(type); version++) {
      const step = upcasters.get(`${version}:${type}`)?.upcastShape
      if (step === undefined) everyStepHasShape = false
      else steps.push(step)
    }
    shapeSteps.set(type, steps)
  }
  const upcastUnversioned =
    upcasters.size === 0 || !everyStepHasShape
      ? undefined
      : (data: unknown): unknown => {
          const steps =
            typeof data === "object" && data !== null
              ? shapeSteps.get((data as { _tag?: unknown })._tag as string)
              : undefined
          if (steps === undefined) return data
          let upcasted = data
          for (const step of steps) upcasted = step(upcasted)
          return upcasted
        }
  // Each tag is encoded and decoded by its own member of the union (about twice as fast as asking the union,
  // which tries its members in turn); the union answers for anything else (and for its error messages).
  const encodeUnion = Schema.encodeUnknownResult(options.schema as unknown as Schema.Codec<E, Encoded>)
  const decodeUnion = Schema.decodeUnknownResult(options.schema as unknown as Schema.Codec<E, Encoded>)
  const encoders = new Map<string, (input: unknown) => Result.Result<unknown, Schema.SchemaError>>()
  const decoders = new Map<string, (input: unknown) => Result.Result<unknown, Schema.SchemaError>>()
  for (const [tag, ast] of members) {
    const member = Schema.make<Schema.Codec<unknown, unknown>>(ast)
    encoders.set(tag, Schema.encodeUnknownResult(member))
    decoders.set(tag, Schema.decodeUnknownResult(member))
  }
  // Tags whose encoded shape is the value itself, written without a second check when the codec trusts its events.
  const trusted = new Set<string>()
  if (options.checkOnEncode === false) for (const [tag, ast] of members) if (encodesToItself(ast)) trusted.add(tag)
  const encodeSchema = (event: E): Result.Result<unknown, Schema.SchemaError> =>
    trusted.has(event._tag) ? Result.succeed(event) : (encoders.get(event._tag) ?? encodeUnion)(event)
  const decodeSchema = (type: string, data: unknown): Result.Result<E, Schema.SchemaError> => {
    const decoder = decoders.get(type)
    // A member decodes the tagged value of the union: the same `E`, by construction of `members`.
    return decoder === undefined ? decodeUnion(data) : (decoder(data) as Result.Result<E, Schema.SchemaError>)
  }

  const encodeResult = (event: E, encodeOptions: EncodeOptions = {}): Result.Result<NewEvent, EventCodecError> => {
    const type = event._tag
    const version = versionOf(type)
    const encoded = encodeSchema(event)
    if (Result.isFailure(encoded)) {
      return Result.fail(
        new EventCodecError({
          reason: types.has(type) ? "InvalidEvent" : "UnknownEventType",
          type,
          version,
          message: `${type} cannot be encoded: ${encoded.failure.message}`,
          cause: encoded.failure
        })
      )
    }
    const data = tagInData ? encoded.success : withoutTag(encoded.success as { readonly _tag: string })
    return Result.succeed({
      id: encodeOptions.id ?? makeId(),
      type,
      data,
      metadata: { ...encodeOptions.metadata, schemaVersion: version }
    })
  }

  /** The stored data at the current version (`strict`: unknown types fail). */
  const upcastData = (event: RecordedEvent, strict: boolean): Result.Result<unknown, EventCodecError> => {
    const type = event.type
    const stored = storedVersion(event)
    if (!types.has(type)) {
      if (!strict) return Result.succeed(event.data)
      return Result.fail(
        new EventCodecError({
          reason: "UnknownEventType",
          type,
          version: stored,
          message: `Unknown event type ${type}`
        })
      )
    }
    const current = versionOf(type)
    if (stored > current) {
      return Result.fail(
        new EventCodecError({
          reason: "FutureVersion",
          type,
          version: stored,
          message: `${type} version ${stored} is newer than the known version ${current}`
        })
      )
    }
    if (stored === current) return Result.succeed(event.data)
    let data = event.data
    for (let version = stored; version < current; version++) {
      const upcaster = upcasters.get(`${version}:${type}`)
      if (upcaster === undefined) {
        return Result.fail(
          new EventCodecError({
            reason: "MissingUpcaster",
            type,
            version,
            message: `No upcaster for ${type} from version ${version} to ${version + 1}`
          })
        )
      }
      try {
        data = upcaster.upcast(data, event)
      } catch (cause) {
        return Result.fail(
          new EventCodecError({
            reason: "InvalidEvent",
            type,
            version,
            message: `The upcaster of ${type} from version ${version} failed on event ${event.id}`,
            cause
          })
        )
      }
    }
    if (tagInData && typeof data === "object" && data !== null && !Array.isArray(data) && !("_tag" in data))
      data = { ...data, _tag: type }
    return Result.succeed(data)
  }

  const decodeResult = (event: RecordedEvent): Result.Result<E, EventCodecError> => {
    const type = event.type
    const stored = storedVersion(event)
    const upcasted = upcastData(event, true)
    if (Result.isFailure(upcasted)) return Result.fail(upcasted.failure)
    const data = upcasted.success
    const decoded = decodeSchema(
      type,
      typeof data === "object" && data !== null && !Array.isArray(data) ? { ...data, _tag: type } : data
    )
    if (Result.isFailure(decoded)) {
      return Result.fail(
        new EventCodecError({
          reason: "InvalidEvent",
          type,
          version: stored,
          message: `${type} (version ${stored}, event ${event.id}) cannot be decoded: ${decoded.failure.message}`,
          cause: decoded.failure
        })
      )
    }
    return Result.succeed(decoded.success)
  }

  return {
    types,
    versionOf,
    encodeResult,
    encode: (event, encodeOptions) => Effect.fromResult(encodeResult(event, encodeOptions)),
    encodeAll: (events, encodeOptions) =>
      Effect.suspend(() => {
        const out: Array<NewEvent> = []
        for (const event of events) {
          const encoded = encodeResult(event, encodeOptions)
          if (Result.isFailure(encoded)) return Effect.fail(encoded.failure)
          out.push(encoded.success)
        }
        return Effect.succeed(out)
      }),
    decodeResult,
    upcastResult: (event) => upcastData(event, false),
    hasUpcasters: upcasters.size > 0,
    upcastUnversioned,
    decode: (event) => Effect.fromResult(decodeResult(event)),
    decodeAll: (events) =>
      Effect.suspend(() => {
        const out: Array<E> = []
        for (const event of events) {
          const decoded = decodeResult(event)
          if (Result.isFailure(decoded)) return Effect.fail(decoded.failure)
          out.push(decoded.success)
        }
        return Effect.succeed(out)
      })
  }
}

/** The data without its tag. */
const withoutTag = (encoded: { readonly _tag: string }): unknown => {
  const { _tag: _, ...data } = encoded
  return data
}

/** The version an event was stored with: `metadata.schemaVersion`, 1 when absent. */
const storedVersion = (event: RecordedEvent): number => {
  const version = event.metadata.schemaVersion
  return typeof version === "number" && Number.isInteger(version) && version >= 1 ? version : 1
}

/**
 * Whether a schema's encoded value is its decoded value, as it is: no transformation, no encoding check, and
 * only JSON-shaped nodes (declarations such as classes or dates, and suspended schemas, are not).
 */
const encodesToItself = (ast: SchemaAST.AST): boolean => {
  if (ast.encoding !== undefined) return false
  switch (ast._tag) {
    case "String":
    case "Number":
    case "Boolean":
    case "Null":
    case "Literal":
    case "Enum":
    case "TemplateLiteral":
      return true
    case "Union":
      return ast.types.every(encodesToItself)
    case "Arrays":
      return ast.encodingChecks === undefined && ast.elements.every(encodesToItself) && ast.rest.every(encodesToItself)
    case "Objects":
      return (
        ast.encodingChecks === undefined &&
        ast.propertySignatures.every((property) => encodesToItself(property.type)) &&
        ast.indexSignatures.every((index) => encodesToItself(index.parameter) && encodesToItself(index.type))
      )
    default:
      return false
  }
}

/** The member of each `_tag` literal, in a struct or a (nested) union of structs. */
const membersOf = (ast: SchemaAST.AST, into = new Map<string, SchemaAST.AST>()): Map<string, SchemaAST.AST> => {
  if (ast._tag === "Union") {
    for (const member of ast.types) membersOf(member, into)
    return into
  }
  if (ast._tag === "Objects") {
    const tag = ast.propertySignatures.find((property) => property.name === "_tag")?.type
    if (tag?._tag === "Literal" && typeof tag.literal === "string" && !into.has(tag.literal)) into.set(tag.literal, ast)
  }
  return into
}
