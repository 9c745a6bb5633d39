/**
 * The router's bytes (issue 17: the router a tables-mode instance keeps), read and written without a `Map` of its big
 * maps.
 *
 * A stored router is what `SnapshotCodec.encodeValueBytes` writes of it: v8's structured serialization of
 * `{ tagged, value: router }`, zstd above 1 KB. Deserialized by v8, the académie's router (9.7 MB compressed) made
 * three maps of 183,000 entries and their strings, a 375 MB peak of the heap at start whose pages v8 kept. Here the
 * same bytes are read tag by tag, the big maps' entries going straight into their `CompactMap`s (each string read
 * dies young), and written the same way from the arenas' bytes: the format is unchanged (v8 reads what this writes,
 * this reads what v8 wrote), so a stored router needs no new tables version. What this reader does not expect (a
 * shared reference, a sparse array, a value of another type) sends the bytes to v8's reader and the checks made on
 * its maps, which also say why bytes are not a router.
 *
 * @since 0.3.0
 */
import * as V8 from "node:v8"
import * as Zlib from "node:zlib"
import { CompactMap } from "./CompactMap.ts"
import type * as PartitionRouter from "./PartitionRouter.ts"
import * as SnapshotCodec from "./SnapshotCodec.ts"
import type { StringArena } from "./StringArena.ts"

type Router = PartitionRouter.Router
type Ids = PartitionRouter.Ids

// The router's maps, in the order they are written.
const fields = [
  "campaignOrg",
  "userOrgs",
  "userLogins",
  "erasedLearnerOrg",
  "loginStreams",
  "userMemberships",
  "uaiOrgs"
] as const
type Field = (typeof fields)[number]

// The maps a router written before them lacks (read as empty: the tables' version changed with them, so such a
// router is only read from a table being replaced, never as complete).
const added: ReadonlySet<string> = new Set(["userMemberships", "uaiOrgs"])

// The maps whose values are `Ids` (one id or several).
const many: ReadonlySet<string> = new Set(["userOrgs", "userLogins", "userMemberships", "uaiOrgs"])

// The maps kept compact (one entry per user or login stream); the others hold one per campaign, school or member.
const compact: ReadonlySet<string> = new Set(["userOrgs", "userLogins", "loginStreams"])

const notARouter = () => new Error("Not a partition router")

// v8's serialization tags (v8/src/objects/value-serializer.cc).
const tags = {
  version: 0xff,
  padding: 0x00,
  oneByteString: 0x22, // "
  twoByteString: 0x63, // c
  utf8String: 0x53, // S
  beginObject: 0x6f, // o
  endObject: 0x7b, // {
  beginDenseArray: 0x41, // A
  endDenseArray: 0x24, // $
  beginSparseArray: 0x61, // a
  endSparseArray: 0x40, // @
  int32: 0x49, // I (zigzag)
  beginMap: 0x3b, // ;
  endMap: 0x3a, // :
  beginSet: 0x27, // '
  endSet: 0x2c, // ,
  true: 0x54, // T
  false: 0x46 // F
} as const

// The version of the serialization this v8 writes (what `V8.serialize` opens with).
const version = V8.serialize(null)[1]!

class Writer {
  bytes = Buffer.allocUnsafe(1 << 16)
  at = 0
  private readonly ascii = Buffer.allocUnsafe(256)

  ensure(count: number): void {
    if (this.at + count <= this.bytes.length) return
    const bytes = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + count))
    this.bytes.copy(bytes, 0, 0, this.at)
    this.bytes = bytes
  }

  byte(value: number): void {
    this.ensure(1)
    this.bytes[this.at++] = value
  }

  varint(value: number): void {
    this.ensure(5)
    while (value >= 0x80) {
      this.bytes[this.at++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    this.bytes[this.at++] = value
  }

  string(text: string): void {
    let oneByte = true
    for (let char = 0; char < text.length && oneByte; char++) oneByte = text.charCodeAt(char) < 0x100
    if (oneByte) {
      this.byte(tags.oneByteString)
      this.varint(text.length)
      this.ensure(text.length)
      this.at += this.bytes.write(text, this.at, "latin1")
      return
    }
    // As v8 writes it: the UTF-16 code units aligned on two bytes.
    const length = text.length * 2
    if ((this.at + 1 + varintSize(length)) % 2 === 1) this.byte(tags.padding)
    this.byte(tags.twoByteString)
    this.varint(length)
    this.ensure(length)
    this.at += this.bytes.write(text, this.at, "utf16le")
  }

  // A string of an arena, copied from its bytes when it is ASCII (no v8 string made).
  arenaString(arena: StringArena, index: number): void {
    const bound = arena.asciiBound(index)
    if (bound < 0x80) {
      // Its length fits one byte: written in place, the length set after.
      this.ensure(2 + bound)
      const length = arena.writeAscii(index, this.bytes, this.at + 2)
      if (length >= 0) {
        this.bytes[this.at] = tags.oneByteString
        this.bytes[this.at + 1] = length
        this.at += 2 + length
        return
      }
      this.string(arena.text(index))
      return
    }
    const ascii = bound <= this.ascii.length ? this.ascii : Buffer.allocUnsafe(bound)
    const length = arena.writeAscii(index, ascii, 0)
    if (length < 0) {
      this.string(arena.text(index))
      return
    }
    this.byte(tags.oneByteString)
    this.varint(length)
    this.ensure(length)
    this.at += ascii.copy(this.bytes, this.at, 0, length)
  }

  strings(ids: Ids): void {
    if (typeof ids === "string") {
      this.string(ids)
      return
    }
    this.byte(tags.beginDenseArray)
    this.varint(ids.length)
    for (const id of ids) this.string(id)
    this.byte(tags.endDenseArray)
    this.varint(0)
    this.varint(ids.length)
  }
}

const varintSize = (value: number): number => (value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4)

const writeMap = (writer: Writer, map: ReadonlyMap<string, Ids> | CompactMap<Ids>): void => {
  writer.byte(tags.beginMap)
  if (map instanceof CompactMap) {
    const keys = map.keyStrings
    const values = map.valueStrings
    map.forEachIndex((key, value, list) => {
      writer.arenaString(keys, key)
      if (list === undefined) {
        writer.arenaString(values, value)
        return
      }
      writer.byte(tags.beginDenseArray)
      writer.varint(list.length)
      for (const item of list) writer.arenaString(values, item)
      writer.byte(tags.endDenseArray)
      writer.varint(0)
      writer.varint(list.length)
    })
  } else
    for (const [key, ids] of map) {
      writer.string(key)
      writer.strings(ids)
    }
  writer.byte(tags.endMap)
  writer.varint(map.size * 2)
}

/**
 * The router as bytes, as `SnapshotCodec.encodeValueBytes` writes it (v8's serialization of `{ tagged: false,
 * value: router }`, zstd above 1 KB), written from the compact maps' bytes.
 *
 * @category constructors
 * @since 0.3.0
 */
export const encode = (router: Router): Buffer => {
  const writer = new Writer()
  writer.byte(tags.version)
  writer.varint(version)
  writer.byte(tags.beginObject)
  writer.string("tagged")
  writer.byte(tags.false)
  writer.string("value")
  writer.byte(tags.beginObject)
  for (const field of fields) {
    writer.string(field)
    writeMap(writer, router[field] as ReadonlyMap<string, Ids> | CompactMap<Ids>)
  }
  if (router.partial === true) {
    writer.string("partial")
    writer.byte(tags.true)
  }
  writer.byte(tags.endObject)
  writer.varint(fields.length + (router.partial === true ? 1 : 0))
  writer.byte(tags.endObject)
  writer.varint(2)
  const serialized = writer.bytes.subarray(0, writer.at)
  if (serialized.length <= 1024) return Buffer.from(serialized)
  return Zlib.zstdCompressSync(serialized, { params: { [Zlib.constants.ZSTD_c_compressionLevel]: 1 } })
}

// Thrown by the reader on what it does not expect: the bytes then go to v8's reader (`fromMaps`).
const unexpected = Symbol("unexpected")

class Reader {
  at = 0
  private readonly bytes: Buffer
  constructor(bytes: Buffer) {
    this.bytes = bytes
  }

  tag(): number {
    let tag: number | undefined
    do tag = this.bytes[this.at++]
    while (tag === tags.padding)
    if (tag === undefined) throw unexpected
    return tag
  }

  varint(): number {
    let value = 0
    let shift = 0
    for (;;) {
      const byte = this.bytes[this.at++]
      if (byte === undefined || shift > 28) throw unexpected
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
      shift += 7
    }
  }

  // A string after its tag, or `unexpected` for another value.
  string(tag: number): string {
    let encoding: BufferEncoding
    if (tag === tags.oneByteString) encoding = "latin1"
    else if (tag === tags.twoByteString) encoding = "utf16le"
    else if (tag === tags.utf8String) encoding = "utf8"
    else throw unexpected
    const length = this.varint()
    const end = this.at + length
    if (end > this.bytes.length) throw unexpected
    const text = this.bytes.toString(encoding, this.at, end)
    this.at = end
    return text
  }

  // A map's value: one id, a dense array of ids (kept as it is, even of one), or a set of them (the form before
  // compact ids: one id, or several in their order).
  ids(intern: (text: string) => string, several: boolean): Ids {
    const tag = this.tag()
    if (!several) return intern(this.string(tag))
    if (tag === tags.beginDenseArray) {
      const length = this.varint()
      if (length === 0) throw unexpected
      const ids: Array<string> = new Array(length)
      for (let item = 0; item < length; item++) ids[item] = intern(this.string(this.tag()))
      if (this.tag() !== tags.endDenseArray || this.varint() !== 0 || this.varint() !== length) throw unexpected
      return ids
    }
    if (tag === tags.beginSparseArray) {
      // v8 writes an array with holes as sparse: its items under their indexes (0, 1, ... here, none missing).
      const length = this.varint()
      const ids: Array<string> = []
      for (let next = this.tag(); next !== tags.endSparseArray; next = this.tag()) {
        if (next !== tags.int32 || this.varint() !== ids.length * 2) throw unexpected
        ids.push(intern(this.string(this.tag())))
      }
      if (length === 0 || ids.length !== length || this.varint() !== length || this.varint() !== length)
        throw unexpected
      return ids
    }
    if (tag === tags.beginSet) {
      const ids: Array<string> = []
      for (let next = this.tag(); next !== tags.endSet; next = this.tag()) {
        const id = intern(this.string(next))
        if (!ids.includes(id)) ids.push(id)
      }
      this.varint()
      if (ids.length === 0) throw unexpected
      return ids.length === 1 ? ids[0]! : ids
    }
    return intern(this.string(tag))
  }

  // A compact map of the router after its tag: an entry of one-byte strings goes from the bytes into the arenas
  // (no v8 string made), any other through strings.
  compactMap(field: Field, into: CompactMap<Ids>): void {
    if (this.tag() !== tags.beginMap) throw unexpected
    const several = many.has(field)
    let entries = 0
    for (let tag = this.tag(); tag !== tags.endMap; tag = this.tag()) {
      entries++
      const keyAt = this.at
      if (tag === tags.oneByteString) {
        const keyLength = this.varint()
        const keyStart = this.at
        const keyEnd = keyStart + keyLength
        if (keyEnd > this.bytes.length) throw unexpected
        this.at = keyEnd
        // One id, or (the form before compact ids) a set of one: `'`, the id, `,` and its size 1.
        const inSet = several && this.bytes[this.at] === tags.beginSet
        if (inSet) this.at++
        if (this.bytes[this.at] === tags.oneByteString) {
          this.at++
          const valueLength = this.varint()
          const valueStart = this.at
          const valueEnd = valueStart + valueLength
          if (valueEnd > this.bytes.length) throw unexpected
          this.at = valueEnd
          const closed = !inSet || (this.bytes[this.at] === tags.endSet && this.bytes[this.at + 1] === 1)
          if (inSet) this.at += 2
          if (closed && into.setAscii(this.bytes, keyStart, keyEnd, valueStart, valueEnd)) continue
        }
      }
      // Read again through strings.
      this.at = keyAt
      into.set(this.string(tag), this.ids(asIs, several))
    }
    if (this.varint() !== entries * 2) throw unexpected
  }

  // A map of the router after its tag, into `into`.
  map(field: Field, into: { set: (key: string, ids: Ids) => unknown }, intern: (text: string) => string): void {
    if (this.tag() !== tags.beginMap) throw unexpected
    let entries = 0
    for (let tag = this.tag(); tag !== tags.endMap; tag = this.tag()) {
      const key = this.string(tag)
      into.set(key, this.ids(intern, many.has(field)))
      entries++
    }
    if (this.varint() !== entries * 2) throw unexpected
  }
}

// One string per text: a school's id each of its campaigns' and members' (the compact maps keep theirs once).
const interner = () => {
  const shared = new Map<string, string>()
  return (text: string) => {
    const found = shared.get(text)
    if (found !== undefined) return found
    shared.set(text, text)
    return text
  }
}

const asIs = (text: string) => text

// The router straight from its bytes, or undefined when they are not in the form read here.
const read = (bytes: Buffer): Router | undefined => {
  const reader = new Reader(bytes)
  try {
    if (reader.tag() !== tags.version) return undefined
    reader.varint()
    if (reader.tag() !== tags.beginObject) return undefined
    let router: Router | undefined
    for (let tag = reader.tag(); tag !== tags.endObject; tag = reader.tag()) {
      const key = reader.string(tag)
      if (key === "tagged") {
        if (reader.tag() !== tags.false) return undefined
      } else if (key === "value" && router === undefined) router = readRouter(reader)
      else return undefined
    }
    return router
  } catch (error) {
    if (error === unexpected) return undefined
    throw error
  }
}

const readRouter = (reader: Reader): Router => {
  if (reader.tag() !== tags.beginObject) throw unexpected
  const intern = interner()
  const maps: Partial<Record<Field, Map<string, Ids> | CompactMap<Ids>>> = {}
  let partial = false
  for (let tag = reader.tag(); tag !== tags.endObject; tag = reader.tag()) {
    const key = reader.string(tag)
    if (key === "partial") {
      const flag = reader.tag()
      if (flag !== tags.true && flag !== tags.false) throw unexpected
      partial = flag === tags.true
      continue
    }
    const field = fields.find((name) => name === key)
    if (field === undefined || maps[field] !== undefined) throw unexpected
    if (compact.has(field)) {
      const map = new CompactMap<Ids>()
      reader.compactMap(field, map)
      map.trim()
      maps[field] = map
    } else {
      const map = new Map<string, Ids>()
      reader.map(field, map, intern)
      maps[field] = map
    }
  }
  reader.varint()
  for (const field of fields) {
    if (maps[field] !== undefined) continue
    if (!added.has(field)) throw unexpected
    // Written without the maps added since, or by a router that was: they are not the whole log's.
    partial = true
    maps[field] = new Map()
  }
  return (partial ? { ...maps, partial: true } : maps) as unknown as Router
}

// A router from maps v8 decoded, in the form `encode` writes (a user's ids as one id or an array) or the form
// written before it (a `Set` of ids per user); throws when they are not a router's.
const fromMaps = (value: Record<string, unknown>): Router => {
  if (!fields.every((field) => value[field] instanceof Map || (added.has(field) && value[field] === undefined)))
    throw notARouter()
  const intern = interner()
  const router: Partial<Record<Field, Map<string, Ids> | CompactMap<Ids>>> = {}
  for (const field of fields) {
    const source = (value[field] ?? new Map()) as Map<unknown, unknown>
    const map = compact.has(field) ? new CompactMap<Ids>() : new Map<string, Ids>()
    for (const [key, item] of source) {
      if (typeof key !== "string") throw notARouter()
      if (typeof item === "string") {
        map.set(key, intern(item))
        continue
      }
      if (!many.has(field)) throw notARouter()
      if (!(item instanceof Set) && (!Array.isArray(item) || item.length === 0)) throw notARouter()
      const ids = [...(item as Iterable<unknown>)]
      if (!ids.every((id) => typeof id === "string")) throw notARouter()
      if (item instanceof Set) {
        if (ids.length > 0) map.set(key, ids.length === 1 ? intern(ids[0]!) : ids.map(intern))
      } else map.set(key, ids.map(intern))
    }
    if (map instanceof CompactMap) map.trim()
    router[field] = map
  }
  const partial = value.partial === true || [...added].some((field) => value[field] === undefined)
  return (partial ? { ...router, partial: true } : router) as unknown as Router
}

/**
 * A router from its bytes, read straight into its compact maps (no `Map` of them, no v8 deserialization), or
 * undefined when they are not in the form read here (then `decodeThroughMaps` reads them, and says why they are not
 * a router).
 *
 * @category constructors
 * @since 0.3.0
 */
export const readStraight = (bytes: Uint8Array): Router | undefined => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let serialized: Buffer
  try {
    serialized = buffer[0] === tags.version ? buffer : Zlib.zstdDecompressSync(buffer)
  } catch {
    return undefined
  }
  return read(serialized)
}

/**
 * A router from its bytes, read straight into its compact maps (`readStraight`), else by v8 with its maps checked
 * (`decodeThroughMaps`); throws on bytes that are not a router.
 *
 * @category constructors
 * @since 0.3.0
 */
export const decode = (bytes: Uint8Array): Router => readStraight(bytes) ?? decodeThroughMaps(bytes)

/**
 * A router from its bytes through v8's reader and maps (the form before compact ids: a `Set` per user; an older
 * router without its memberships and UAIs, marked partial); throws on bytes that are not one. `decode`'s way for
 * what it does not read itself, and its reference in tests.
 *
 * @category constructors
 * @since 0.3.0
 */
export const decodeThroughMaps = (bytes: Uint8Array): Router => {
  const value = SnapshotCodec.decodeValueBytes(bytes) as Record<string, unknown> | null
  if (typeof value !== "object" || value === null) throw notARouter()
  return fromMaps(value)
}
