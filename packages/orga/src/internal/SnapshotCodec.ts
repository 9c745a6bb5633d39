/**
 * The bytes of a read-model snapshot (docs/adr/0056-read-model-snapshots.md): every root of `ReadModels.roots`,
 * through v8's structured serializer (then zstd), which carries `Map`s, `Set`s, arrays, plain objects and shared references
 * as they are. What it cannot carry, class instances (their prototype and private fields would be lost), is
 * turned into a tagged plain value first and revived on load: the domain's `PersistentMap`. Any other class
 * instance makes `capture` fail, so a snapshot is never written that would load into a different state.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as V8 from "node:v8"
import * as Zlib from "node:zlib"
import { PersistentMap as PersistentMaps } from "@orga/domain"
import type * as ReadModels from "./ReadModels.ts"

/**
 * The snapshot format's version: bump it whenever a projection changes what it keeps (a new field, another
 * shape), so that snapshots of the old folds are ignored and the read models are rebuilt from the log.
 *
 * @category models
 * @since 0.1.0
 */
export const formatVersion = 1

/**
 * The fingerprint of the read models a snapshot was taken of: the format version, every read model's name and
 * tags, and the names of the state roots. A snapshot whose fingerprint differs from the running code's is never
 * loaded (a full replay instead).
 *
 * @category getters
 * @since 0.1.0
 */
export const fingerprint = (models: ReadModels.ReadModels): string =>
  Crypto.createHash("sha256")
    .update(
      JSON.stringify({
        formatVersion,
        readModels: models.readModels.map((model) => [model.name, [...model.tags].sort()]),
        roots: Object.keys(models.roots)
      })
    )
    .digest("hex")
    .slice(0, 32)

/** The key of a tagged value: a string no fold writes as a field name. */
const classTag = "~orga/snapshot-class"

const unsupported = (value: object) =>
  new Error(`A read model holds an instance of ${value.constructor?.name ?? "an unknown class"}: no snapshot`)

// Copy-on-need: a value comes back as it is unless something under it had to be tagged, and a tagged value
// replaces its original everywhere it is referenced (`done`), so shared references stay shared.
const encodeValue = (value: unknown, done: Map<object, unknown>): unknown => {
  if (typeof value !== "object" || value === null) return value
  const seen = done.get(value)
  if (seen !== undefined) return seen
  if (value instanceof PersistentMaps.PersistentMap) {
    const entries: Array<[unknown, unknown]> = []
    for (const [key, item] of value) entries.push([encodeValue(key, done), encodeValue(item, done)])
    const tagged = { [classTag]: "PersistentMap", entries }
    done.set(value, tagged)
    return tagged
  }
  if (Array.isArray(value)) {
    let copy: Array<unknown> | undefined
    for (let index = 0; index < value.length; index++) {
      const item = value[index]
      const encoded = encodeValue(item, done)
      if (encoded !== item) {
        copy ??= [...value]
        copy[index] = encoded
      }
    }
    if (copy !== undefined) done.set(value, copy)
    return copy ?? value
  }
  if (value instanceof Map) {
    let copy: Map<unknown, unknown> | undefined
    for (const [key, item] of value) {
      const encodedKey = encodeValue(key, done)
      const encoded = encodeValue(item, done)
      if (encoded !== item || encodedKey !== key) {
        copy ??= new Map(value)
        if (encodedKey !== key) copy.delete(key)
        copy.set(encodedKey, encoded)
      }
    }
    if (copy !== undefined) done.set(value, copy)
    return copy ?? value
  }
  if (value instanceof Set) {
    for (const item of value) if (encodeValue(item, done) !== item) throw unsupported(item as object)
    return value
  }
  if (ArrayBuffer.isView(value)) return value
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) throw unsupported(value)
  let copy: Record<string, unknown> | undefined
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key]
    const encoded = encodeValue(item, done)
    if (encoded !== item) {
      copy ??= { ...(value as Record<string, unknown>) }
      copy[key] = encoded
    }
  }
  if (copy !== undefined) done.set(value, copy)
  return copy ?? value
}

// In place: the deserialized graph is this module's own copy.
const decodeValue = (value: unknown, done: Map<object, unknown>): unknown => {
  if (typeof value !== "object" || value === null) return value
  const seen = done.get(value)
  if (seen !== undefined) return seen
  done.set(value, value)
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = decodeValue(value[index], done)
    return value
  }
  if (value instanceof Map) {
    for (const [key, item] of value) {
      const decoded = decodeValue(item, done)
      if (decoded !== item) value.set(key, decoded)
    }
    return value
  }
  if (value instanceof Set || ArrayBuffer.isView(value)) return value
  const record = value as Record<string, unknown>
  if (record[classTag] === "PersistentMap") {
    const entries = (record.entries as Array<[unknown, unknown]>).map(
      ([key, item]) => [decodeValue(key, done), decodeValue(item, done)] as const
    )
    const revived = PersistentMaps.PersistentMap.fromEntries(entries)
    done.set(value, revived)
    return revived
  }
  if (record[classTag] !== undefined) throw new Error(`Unknown tagged value ${String(record[classTag])}`)
  for (const key in record) {
    const item = record[key]
    const decoded = decodeValue(item, done)
    if (decoded !== item) record[key] = decoded
  }
  return value
}

/**
 * The read models' state as plain values (`PersistentMap`s tagged): what `capture` serializes, and what tests
 * compare read model by read model.
 *
 * @category getters
 * @since 0.1.0
 */
export const plain = (models: ReadModels.ReadModels): Record<string, unknown> =>
  encodeValue(saved(models), new Map()) as Record<string, unknown>

// What is saved: the roots without the caches queries fill as they read (the participations' merged views, made
// again on the first read after a start), so a snapshot is the same whether or not queries ran before it.
const saved = (models: ReadModels.ReadModels): Record<string, unknown> => {
  const roots: Record<string, unknown> = { ...models.roots }
  const participations = roots.participations as { readonly views?: unknown } | undefined
  if (participations?.views instanceof Map) roots.participations = { ...participations, views: new Map() }
  return roots
}

/**
 * The read models' state as bytes, at the position they stand at (synchronous: nothing folds meanwhile).
 * Throws when a read model holds a value the format cannot carry.
 *
 * @category constructors
 * @since 0.1.0
 */
export const capture = (models: ReadModels.ReadModels): Buffer => {
  const done = new Map<object, unknown>()
  const roots = encodeValue(saved(models), done)
  // Whether anything was tagged: when nothing was (the usual case), loading skips the walk that revives them.
  // Compressed (zstd, its fastest level): the states repeat their field names and values, so the bytes shrink
  // many times over for a few milliseconds per megabyte, and so do the store's reads and writes.
  return Zlib.zstdCompressSync(V8.serialize({ tagged: done.size > 0, roots }), {
    params: { [Zlib.constants.ZSTD_c_compressionLevel]: 1 }
  })
}

/**
 * The state roots of captured bytes, revived; throws on bytes that are not a snapshot of these read models
 * (nothing is changed: `restore` puts them in place).
 *
 * @category constructors
 * @since 0.1.0
 */
export const decode = (models: ReadModels.ReadModels, bytes: Uint8Array): Record<string, unknown> => {
  const envelope = V8.deserialize(Zlib.zstdDecompressSync(bytes)) as {
    readonly tagged?: unknown
    readonly roots?: unknown
  }
  if (typeof envelope !== "object" || envelope === null || typeof envelope.roots !== "object")
    throw new Error("Not a read-model snapshot")
  const roots = (envelope.tagged === false ? envelope.roots : decodeValue(envelope.roots, new Map())) as Record<
    string,
    unknown
  >
  if (roots === null) throw new Error("Not a read-model snapshot")
  for (const name of Object.keys(models.roots)) {
    const target = models.roots[name]!
    const source = roots[name]
    if (typeof source !== "object" || source === null) throw new Error(`The snapshot has no ${name}`)
    if (target instanceof Map !== source instanceof Map || target instanceof Set !== source instanceof Set)
      throw new Error(`The snapshot's ${name} is not of its read model's shape`)
  }
  return roots
}

const fill = (target: object, source: unknown) => {
  if (target instanceof Map) {
    target.clear()
    for (const [key, value] of source as Map<unknown, unknown>) target.set(key, value)
  } else if (target instanceof Set) {
    target.clear()
    for (const value of source as Set<unknown>) target.add(value)
  } else {
    // A projection's state object: its maps filled in place (the folds hold them), its other fields replaced.
    const fields = target as Record<string, unknown>
    for (const key of Object.keys(source as object)) {
      const field = fields[key]
      const value = (source as Record<string, unknown>)[key]
      if (typeof field === "object" && field !== null && (field instanceof Map || field instanceof Set))
        fill(field, value)
      else fields[key] = value
    }
  }
}

/**
 * Puts decoded roots in place of the read models' state (the maps the folds and queries hold are filled, not
 * replaced). The read models must be empty, as at start-up.
 *
 * @category combinators
 * @since 0.1.0
 */
export const restore = (models: ReadModels.ReadModels, roots: Record<string, unknown>): void => {
  for (const name of Object.keys(models.roots)) fill(models.roots[name]!, roots[name])
}

/**
 * Any value the read models hold (a partition's state, a router) as bytes, the way `capture` writes the whole state:
 * v8 serialization of the value with its `PersistentMap`s tagged, then zstd at its fastest level when the
 * serialization is longer than `compressAbove` bytes (1 KB unless told): zstd does not shrink a small row and costs
 * more than its v8 decoding (a school's read models are assembled from thousands of small rows).
 *
 * @category constructors
 * @since 0.3.0
 */
export const encodeValueBytes = (value: unknown, options: { readonly compressAbove?: number } = {}): Buffer => {
  const done = new Map<object, unknown>()
  const encoded = encodeValue(value, done)
  const serialized = V8.serialize({ tagged: done.size > 0, value: encoded })
  if (serialized.length <= (options.compressAbove ?? 1024)) return serialized
  return Zlib.zstdCompressSync(serialized, { params: { [Zlib.constants.ZSTD_c_compressionLevel]: 1 } })
}

// A v8 serialization opens with its version tag (0xFF); a zstd frame with its magic number (28 B5 2F FD).
const v8VersionTag = 0xff

/**
 * The value of bytes written by `encodeValueBytes`, revived; throws on other bytes.
 *
 * @category constructors
 * @since 0.3.0
 */
export const decodeValueBytes = (bytes: Uint8Array): unknown => {
  const serialized = bytes[0] === v8VersionTag ? bytes : Zlib.zstdDecompressSync(bytes)
  const envelope = V8.deserialize(serialized) as { readonly tagged?: unknown; readonly value?: unknown }
  if (typeof envelope !== "object" || envelope === null || !("value" in envelope))
    throw new Error("Not an encoded value")
  return envelope.tagged === false ? envelope.value : decodeValue(envelope.value, new Map())
}
