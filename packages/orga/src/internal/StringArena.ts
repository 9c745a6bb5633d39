/**
 * Strings kept as bytes in one buffer, each under a small index (issue 17: the router a tables-mode instance keeps).
 *
 * A follower holds the router of the whole log: on the académie some 550,000 ids, logins and login streams. As `Map`
 * keys and values each is a v8 string (a header and, for a login stream's name, 75 bytes) plus the map's own entry,
 * some 130 MB of live heap, and decoding them at start peaked at 375 MB. Here a string is its bytes in one arena
 * (canonical UUIDs packed to 16 bytes, a hashed login stream's name `user-login-<64 hex>` to 32, any other string as
 * UTF-8), found by an open-addressing hash table in typed arrays: a few tens of bytes per string, outside the v8 heap,
 * nothing for the garbage collector to walk. A removed string's bytes are zeroed at once (an erased login is kept
 * neither as a string nor as bytes) and its index reused; the arena is laid out again when half of it is holes.
 *
 * @since 0.3.0
 */

/**
 * The strings of an arena, each under its index.
 *
 * @category models
 * @since 0.3.0
 */
export class StringArena {
  /** The bytes of the strings, one after the other (a removed one's zeroed until the arena is laid out again). */
  private bytes: Buffer = Buffer.alloc(1024)
  private used = 0
  private holes = 0
  /** Per index: where its bytes start, how many (-1: a free index). Hashes are not kept: made again from the bytes. */
  private starts = new Uint32Array(16)
  private lengths = new Int32Array(16).fill(-1)
  /**
   * The hash table: an index per slot, `empty` or `removed` (linear probing; grown at three quarters full, removed
   * counted, to half full; a trimmed arena's table may stand near three quarters).
   */
  private slots = new Int32Array(32).fill(empty)
  private removedSlots = 0
  private live = 0
  private top = 0
  private free: Array<number> = []

  private readonly options: { readonly layOutAbove?: number }

  /** `layOutAbove`: how many bytes of holes the arena keeps before it is laid out again (64 KB unless told). */
  constructor(options: { readonly layOutAbove?: number } = {}) {
    this.options = options
  }

  /** How many strings the arena holds. */
  get size(): number {
    return this.live
  }

  /** One more than the highest index handed out: every live index is below it. */
  get bound(): number {
    return this.top
  }

  /** Whether an index holds a string. */
  has(index: number): boolean {
    return index >= 0 && index < this.top && this.lengths[index]! >= 0
  }

  /** The index of a string, or -1. */
  find(text: string): number {
    const length = pack(text)
    return this.probe(length, hashOf(length))
  }

  /** The index of a string, added when it is not there. */
  add(text: string): number {
    return this.insert(pack(text))
  }

  /**
   * The index of a string given as the one-byte characters of a buffer (as v8's serializer writes a one-byte
   * string), added when it is not there, with no v8 string made; -1, adding nothing, when one is not ASCII.
   */
  addAscii(source: Buffer, start: number, end: number): number {
    const length = packAscii(source, start, end)
    return length < 0 ? -1 : this.insert(length)
  }

  // The index of the packed string in `scratch`, added when it is not there.
  private insert(length: number): number {
    const hash = hashOf(length)
    const found = this.probe(length, hash)
    if (found >= 0) return found
    const slot = probedSlot
    if (this.used + length > this.bytes.length) this.grow(length)
    const index = this.free.length > 0 ? this.free.pop()! : this.top++
    if (index >= this.starts.length) this.growIndexes()
    scratch.copy(this.bytes, this.used, 0, length)
    this.starts[index] = this.used
    this.lengths[index] = length
    this.used += length
    if (this.slots[slot] === removed) this.removedSlots--
    this.slots[slot] = index
    this.live++
    if ((this.live + this.removedSlots) * 4 > this.slots.length * 3) this.rehash(2)
    return index
  }

  /** Removes the string of an index: its bytes are zeroed, its index is free for another. */
  remove(index: number): void {
    if (!this.has(index)) return
    const start = this.starts[index]!
    const length = this.lengths[index]!
    const mask = this.slots.length - 1
    let slot = this.hashAt(index) & mask
    while (this.slots[slot] !== index) slot = (slot + 1) & mask
    this.slots[slot] = removed
    this.removedSlots++
    this.bytes.fill(0, start, start + length)
    this.lengths[index] = -1
    this.free.push(index)
    this.live--
    this.holes += length
    if (this.holes > (this.options.layOutAbove ?? 1 << 16) && this.holes * 2 > this.used) this.layOut(0)
  }

  /** The string of an index (a new v8 string each time: the arena keeps bytes only). */
  text(index: number): string {
    const start = this.starts[index]!
    const end = start + this.lengths[index]!
    switch (this.bytes[start]) {
      case uuidTag:
        return unpackUuid(this.bytes, start + 1)
      case loginStreamTag:
        return unpackLoginStream(this.bytes, start + 1)
      case loginStreamBase64Tag:
        return unpackLoginStreamBase64(this.bytes, start + 1)
      default:
        return this.bytes.toString("utf8", start + 1, end)
    }
  }

  /**
   * Writes the string of an index as one-byte characters at `at` (the form v8's serializer writes an ASCII string
   * in) and says how many; -1, writing nothing, when it is not ASCII. `target` must hold `asciiBound` bytes.
   */
  writeAscii(index: number, target: Buffer, at: number): number {
    const start = this.starts[index]!
    const end = start + this.lengths[index]!
    const bytes = this.bytes
    switch (bytes[start]) {
      case uuidTag:
        return writeUuid(bytes, start + 1, target, at)
      case loginStreamTag:
        return writeLoginStream(bytes, start + 1, target, at)
      case loginStreamBase64Tag:
        return writeLoginStreamBase64(bytes, start + 1, target, at)
      default:
        for (let byte = start + 1; byte < end; byte++) if (bytes[byte]! >= 0x80) return -1
        return bytes.copy(target, at, start + 1, end)
    }
  }

  /** The most bytes `writeAscii` writes for an index. */
  asciiBound(index: number): number {
    return Math.max(loginStreamText, this.lengths[index]!)
  }

  /**
   * Gives back the room grown ahead (the arena doubles as it fills): once a router is read whole, its arenas hold
   * what they hold and little more, until more comes.
   */
  trim(): void {
    if (this.holes > 0) this.layOut(Math.max(this.used - this.holes, 1024))
    else if (this.bytes.length > this.used + 1024) this.bytes = Buffer.from(this.bytes.subarray(0, this.used + 1024))
    const bound = Math.max(this.top, 16)
    if (this.starts.length > bound) {
      this.starts = this.starts.slice(0, bound)
      this.lengths = this.lengths.slice(0, bound)
    }
    // Its table at most three quarters full (4/3 of room), or left as it is when that is not smaller.
    let capacity = 32
    while (capacity * 3 < this.live * 4) capacity *= 2
    if (capacity < this.slots.length) this.rehash(4 / 3)
  }

  /** A copy, changed independently. */
  clone(): StringArena {
    const copy = new StringArena(this.options)
    copy.bytes = Buffer.from(this.bytes.subarray(0, Math.max(this.used, 1024)))
    copy.used = this.used
    copy.holes = this.holes
    copy.starts = this.starts.slice()
    copy.lengths = this.lengths.slice()
    copy.slots = this.slots.slice()
    copy.removedSlots = this.removedSlots
    copy.live = this.live
    copy.top = this.top
    copy.free = this.free.slice()
    return copy
  }

  // Where a packed string (in `scratch`) is: its index (or -1), its slot (or the first free slot on its path) left
  // in `probedSlot` (no object per lookup).
  private probe(length: number, hash: number): number {
    const mask = this.slots.length - 1
    let slot = hash & mask
    let firstRemoved = -1
    for (;;) {
      const index = this.slots[slot]!
      if (index === empty) {
        probedSlot = firstRemoved >= 0 ? firstRemoved : slot
        return -1
      }
      if (index === removed) {
        if (firstRemoved < 0) firstRemoved = slot
      } else if (this.lengths[index] === length && this.same(index, length)) {
        probedSlot = slot
        return index
      }
      slot = (slot + 1) & mask
    }
  }

  // The hash of an index's bytes (as `hashOf` makes it of the scratch's).
  private hashAt(index: number): number {
    const bytes = this.bytes
    const start = this.starts[index]!
    const end = start + this.lengths[index]!
    let hash = 0x811c9dc5
    for (let byte = start; byte < end; byte++) hash = Math.imul(hash ^ bytes[byte]!, 0x01000193)
    return hash >>> 0
  }

  private same(index: number, length: number): boolean {
    const bytes = this.bytes
    const start = this.starts[index]!
    for (let byte = 0; byte < length; byte++) if (bytes[start + byte] !== scratch[byte]) return false
    return true
  }

  private grow(needed: number): void {
    // Laid out again rather than grown when holes make the room.
    if (this.holes * 2 > this.used && this.used - this.holes + needed <= this.bytes.length) this.layOut(0)
    else this.layOut(Math.max(this.bytes.length * 2, this.used - this.holes + needed))
  }

  // The live strings copied one after the other (into a new buffer of `size` bytes, or the same size when 0).
  private layOut(size: number): void {
    const target = Buffer.alloc(size > 0 ? size : this.bytes.length)
    let at = 0
    for (let index = 0; index < this.top; index++) {
      const length = this.lengths[index]!
      if (length < 0) continue
      const start = this.starts[index]!
      this.bytes.copy(target, at, start, start + length)
      this.starts[index] = at
      at += length
    }
    this.bytes.fill(0)
    this.bytes = target
    this.used = at
    this.holes = 0
  }

  private growIndexes(): void {
    const capacity = this.starts.length * 2
    const starts = new Uint32Array(capacity)
    starts.set(this.starts)
    const lengths = new Int32Array(capacity).fill(-1)
    lengths.set(this.lengths)
    this.starts = starts
    this.lengths = lengths
  }

  // The table made again with room for `room` times the strings held (rounded up to a power of two).
  private rehash(room: number): void {
    let capacity = 32
    while (capacity < this.live * room) capacity *= 2
    const slots = new Int32Array(capacity).fill(empty)
    const mask = capacity - 1
    for (let index = 0; index < this.top; index++) {
      if (this.lengths[index]! < 0) continue
      let slot = this.hashAt(index) & mask
      while (slots[slot] !== empty) slot = (slot + 1) & mask
      slots[slot] = index
    }
    this.slots = slots
    this.removedSlots = 0
  }
}

const empty = -1
const removed = -2
let probedSlot = 0

// The first byte of a packed string says how the rest is written.
const utf8Tag = 0
const uuidTag = 1
const loginStreamTag = 2
const loginStreamBase64Tag = 3
const loginStreamPrefix = "user-login-"
const loginStreamText = loginStreamPrefix.length + 64
const loginStreamBase64Text = loginStreamPrefix.length + 43
const loginStreamPrefixBytes = Buffer.from(loginStreamPrefix, "latin1")

// The packed form of the string being looked up or added (grown for a long one).
let scratch = Buffer.alloc(256)

// The value of an ASCII code as a lower-case hex digit and as a base64url character (-1: not one).
const hexValues = new Int8Array(256).fill(-1)
const base64Values = new Int8Array(256).fill(-1)
for (const [index, char] of [..."0123456789abcdef"].entries()) hexValues[char.charCodeAt(0)] = index
for (const [index, char] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].entries())
  base64Values[char.charCodeAt(0)] = index
const hexValue = (code: number): number => hexValues[code]!
const base64Value = (code: number): number => base64Values[code]!

// Lower-case hex digits from `from` to `to`, two a byte, into the scratch at `at`; false when one is not.
const packHex = (source: Buffer, from: number, to: number, at: number): boolean => {
  for (let byte = from; byte < to; byte += 2) {
    const high = hexValue(source[byte]!)
    const low = hexValue(source[byte + 1]!)
    if (high < 0 || low < 0) return false
    scratch[at++] = (high << 4) | low
  }
  return true
}

// 43 base64url characters (no padding) from `from` as the 32 bytes they write, into the scratch at `at`; false when
// one is not, or when the last one's unused low bits are set (then another text writes the same bytes).
const packBase64 = (source: Buffer, from: number, at: number): boolean => {
  let bits = 0
  let held = 0
  for (let byte = from; byte < from + 43; byte++) {
    const value = base64Value(source[byte]!)
    if (value < 0) return false
    bits = (bits << 6) | value
    held += 6
    if (held >= 8) {
      held -= 8
      scratch[at++] = (bits >> held) & 0xff
    }
  }
  return (bits & ((1 << held) - 1)) === 0
}

const hasLoginStreamPrefix = (source: Buffer, start: number): boolean =>
  loginStreamPrefixBytes.compare(source, start, start + loginStreamPrefix.length) === 0

// The packed form of ASCII bytes into the scratch, its length; -1 when a byte is not ASCII (a Latin-1 character
// above 0x7f is not its own UTF-8). Only a text of an exact shape is packed (lower-case hex, canonical base64url), so
// a text has one packed form and two texts two: each form opens with its own tag.
const packAscii = (source: Buffer, start: number, end: number): number => {
  const length = end - start
  for (let byte = start; byte < end; byte++) if (source[byte]! >= 0x80) return -1
  if (
    length === 36 &&
    source[start + 8] === 45 &&
    source[start + 13] === 45 &&
    source[start + 18] === 45 &&
    source[start + 23] === 45 &&
    packHex(source, start, start + 8, 1) &&
    packHex(source, start + 9, start + 13, 5) &&
    packHex(source, start + 14, start + 18, 7) &&
    packHex(source, start + 19, start + 23, 9) &&
    packHex(source, start + 24, start + 36, 11)
  ) {
    scratch[0] = uuidTag
    return 17
  }
  if (
    length === loginStreamText &&
    hasLoginStreamPrefix(source, start) &&
    packHex(source, start + loginStreamPrefix.length, end, 1)
  ) {
    scratch[0] = loginStreamTag
    return 33
  }
  if (
    length === loginStreamBase64Text &&
    hasLoginStreamPrefix(source, start) &&
    packBase64(source, start + loginStreamPrefix.length, 1)
  ) {
    scratch[0] = loginStreamBase64Tag
    return 33
  }
  if (scratch.length < 1 + length) scratch = Buffer.alloc(Math.max(scratch.length * 2, 1 + length))
  scratch[0] = utf8Tag
  source.copy(scratch, 1, start, end)
  return 1 + length
}

// A short ASCII text's characters, to pack it as its bytes would be.
const asciiText = Buffer.alloc(128)

// A text's packed form into the scratch; its length (an ASCII text as its bytes, any other as UTF-8, unpacked).
const pack = (text: string): number => {
  const length = text.length
  let ascii = length <= asciiText.length
  for (let char = 0; char < length && ascii; char++) ascii = text.charCodeAt(char) < 0x80
  if (ascii) {
    asciiText.write(text, 0, "latin1")
    return packAscii(asciiText, 0, length)
  }
  if (scratch.length < 1 + length * 3) scratch = Buffer.alloc(Math.max(scratch.length * 2, 1 + length * 3))
  scratch[0] = utf8Tag
  return 1 + scratch.write(text, 1, "utf8")
}

// FNV-1a over the packed bytes.
const hashOf = (length: number): number => {
  let hash = 0x811c9dc5
  for (let byte = 0; byte < length; byte++) hash = Math.imul(hash ^ scratch[byte]!, 0x01000193)
  return hash >>> 0
}

const hexDigits = Buffer.from("0123456789abcdef", "latin1")

// Bytes as lower-case hex digits (ASCII) into `target` at `at`; where it stopped.
const writeHex = (bytes: Buffer, from: number, count: number, target: Buffer, at: number): number => {
  for (let byte = from; byte < from + count; byte++) {
    target[at++] = hexDigits[bytes[byte]! >> 4]!
    target[at++] = hexDigits[bytes[byte]! & 15]!
  }
  return at
}

const writeUuid = (bytes: Buffer, from: number, target: Buffer, at: number): number => {
  let end = writeHex(bytes, from, 4, target, at)
  target[end++] = 45
  end = writeHex(bytes, from + 4, 2, target, end)
  target[end++] = 45
  end = writeHex(bytes, from + 6, 2, target, end)
  target[end++] = 45
  end = writeHex(bytes, from + 8, 2, target, end)
  target[end++] = 45
  end = writeHex(bytes, from + 10, 6, target, end)
  return end - at
}

const base64Digits = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", "latin1")

const writeLoginStreamBase64 = (bytes: Buffer, from: number, target: Buffer, at: number): number => {
  loginStreamPrefixBytes.copy(target, at)
  let end = at + loginStreamPrefixBytes.length
  let bits = 0
  let held = 0
  for (let byte = from; byte < from + 32; byte++) {
    bits = ((bits & 0xffff) << 8) | bytes[byte]!
    held += 8
    while (held >= 6) {
      held -= 6
      target[end++] = base64Digits[(bits >> held) & 63]!
    }
  }
  target[end++] = base64Digits[(bits << (6 - held)) & 63]!
  return end - at
}

const writeLoginStream = (bytes: Buffer, from: number, target: Buffer, at: number): number => {
  loginStreamPrefixBytes.copy(target, at)
  return writeHex(bytes, from, 32, target, at + loginStreamPrefixBytes.length) - at
}

const unpacked = Buffer.alloc(loginStreamText)

const unpackUuid = (bytes: Buffer, from: number): string =>
  unpacked.toString("latin1", 0, writeUuid(bytes, from, unpacked, 0))

const unpackLoginStream = (bytes: Buffer, from: number): string =>
  unpacked.toString("latin1", 0, writeLoginStream(bytes, from, unpacked, 0))

const unpackLoginStreamBase64 = (bytes: Buffer, from: number): string =>
  unpacked.toString("latin1", 0, writeLoginStreamBase64(bytes, from, unpacked, 0))
