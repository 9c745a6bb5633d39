/**
 * A map from strings to one string or a few, kept in typed arrays (issue 17: the router a tables-mode instance keeps).
 *
 * The router's big maps (the schools and logins of each user, the login of each hashed login stream) hold some
 * 550,000 entries on the académie. Here the keys live in one `StringArena`, the values in another under a count of
 * their uses (a school's id is written once for its thousand participants, and zeroed when no entry names it any
 * more), and each key's index holds its value's index (or a short list's for several): a few tens of bytes an entry,
 * outside the v8 heap. It offers what the router's readers use of a `Map` (get, set, has, delete, size, iteration);
 * a value read is a new string (or array) each time, never changed in place.
 *
 * @since 0.3.0
 */
import { StringArena } from "./StringArena.ts"

/**
 * One id, or several in the order they came (the router's `Ids`).
 *
 * @category models
 * @since 0.3.0
 */
export type Value = string | ReadonlyArray<string>

/**
 * The map.
 *
 * @category models
 * @since 0.3.0
 */
export class CompactMap<V extends Value = Value> implements Iterable<[string, V]> {
  private keyArena: StringArena
  private valueArena: StringArena
  /** Per value index: how many entries name it. */
  private uses = new Uint32Array(16)
  /** Per key index: its value's index, or `-1 - list` for several. */
  private targets = new Int32Array(16)
  private lists: Array<Uint32Array | undefined> = []
  private freeLists: Array<number> = []

  constructor(options: { readonly layOutAbove?: number } = {}) {
    this.keyArena = new StringArena(options)
    this.valueArena = new StringArena(options)
  }

  /** How many entries. */
  get size(): number {
    return this.keyArena.size
  }

  /** Whether a key has a value. */
  has(key: string): boolean {
    return this.keyArena.find(key) >= 0
  }

  /** The value of a key. */
  get(key: string): V | undefined {
    const index = this.keyArena.find(key)
    return index < 0 ? undefined : this.valueAt(index)
  }

  /** Sets the value of a key (an array is kept as it is: in its order, even of one id). */
  set(key: string, value: V): this {
    const before = this.keyArena.size
    const index = this.keyArena.add(key)
    if (index >= this.targets.length) this.targets = grown(this.targets, index)
    const known = this.keyArena.size === before
    // The new value's uses first, so that a value kept is never released on the way.
    let target: number
    if (typeof value === "string") target = this.use(value)
    else {
      const list = new Uint32Array(value.length)
      for (let item = 0; item < value.length; item++) list[item] = this.use(value[item]!)
      const at = this.freeLists.length > 0 ? this.freeLists.pop()! : this.lists.length
      this.lists[at] = list
      target = -1 - at
    }
    if (known) this.release(this.targets[index]!)
    this.targets[index] = target
    return this
  }

  /**
   * `set` of one value, key and value given as the one-byte characters of a buffer (as v8's serializer writes
   * them), with no v8 string made; false, changing nothing, when one is not ASCII (`set` then).
   */
  setAscii(source: Buffer, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): boolean {
    if (!isAscii(source, keyStart, keyEnd) || !isAscii(source, valueStart, valueEnd)) return false
    const before = this.keyArena.size
    const index = this.keyArena.addAscii(source, keyStart, keyEnd)
    if (index >= this.targets.length) this.targets = grown(this.targets, index)
    const known = this.keyArena.size === before
    const value = this.valueArena.addAscii(source, valueStart, valueEnd)
    if (value >= this.uses.length) this.uses = grown(this.uses, value)
    this.uses[value]!++
    if (known) this.release(this.targets[index]!)
    this.targets[index] = value
    return true
  }

  /** Removes a key; whether it was there. */
  delete(key: string): boolean {
    const index = this.keyArena.find(key)
    if (index < 0) return false
    this.release(this.targets[index]!)
    this.keyArena.remove(index)
    return true
  }

  /** The keys whose value is, or holds, a value: found by its index, no string made for the others. */
  keysWith(value: string): Array<string> {
    const wanted = this.valueArena.find(value)
    const keys: Array<string> = []
    if (wanted < 0) return keys
    for (let index = 0; index < this.keyArena.bound; index++) {
      if (!this.keyArena.has(index)) continue
      const target = this.targets[index]!
      if (target >= 0 ? target === wanted : this.lists[-1 - target]!.includes(wanted))
        keys.push(this.keyArena.text(index))
    }
    return keys
  }

  /** The entries (in no particular order). */
  *entries(): IterableIterator<[string, V]> {
    for (let index = 0; index < this.keyArena.bound; index++)
      if (this.keyArena.has(index)) yield [this.keyArena.text(index), this.valueAt(index)]
  }

  /** The keys. */
  *keys(): IterableIterator<string> {
    for (let index = 0; index < this.keyArena.bound; index++)
      if (this.keyArena.has(index)) yield this.keyArena.text(index)
  }

  /** The values. */
  *values(): IterableIterator<V> {
    for (let index = 0; index < this.keyArena.bound; index++) if (this.keyArena.has(index)) yield this.valueAt(index)
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries()
  }

  /** Gives back the room grown ahead (`StringArena.trim`), once a map is read whole. */
  trim(): void {
    this.keyArena.trim()
    this.valueArena.trim()
    this.targets = this.targets.slice(0, Math.max(this.keyArena.bound, 16))
    this.uses = this.uses.slice(0, Math.max(this.valueArena.bound, 16))
  }

  /** A copy, changed independently (typed arrays copied, no string made). */
  clone(): CompactMap<V> {
    const copy = new CompactMap<V>()
    copy.keyArena = this.keyArena.clone()
    copy.valueArena = this.valueArena.clone()
    copy.uses = this.uses.slice()
    copy.targets = this.targets.slice()
    copy.lists = this.lists.slice()
    copy.freeLists = this.freeLists.slice()
    return copy
  }

  /**
   * Each entry's key and value indexes (`list` set for several values), for a writer that copies the arenas' bytes
   * rather than make strings (`RouterBytes`).
   */
  forEachIndex(each: (key: number, value: number, list: Uint32Array | undefined) => void): void {
    for (let index = 0; index < this.keyArena.bound; index++) {
      if (!this.keyArena.has(index)) continue
      const target = this.targets[index]!
      if (target >= 0) each(index, target, undefined)
      else each(index, -1, this.lists[-1 - target])
    }
  }

  /** The arena of the keys (read only: `forEachIndex`'s key indexes are its). */
  get keyStrings(): StringArena {
    return this.keyArena
  }

  /** The arena of the values (read only: `forEachIndex`'s value indexes are its). */
  get valueStrings(): StringArena {
    return this.valueArena
  }

  private valueAt(index: number): V {
    const target = this.targets[index]!
    if (target >= 0) return this.valueArena.text(target) as V
    const list = this.lists[-1 - target]!
    // Pushed, not preallocated: an array with holes is one v8's serializer writes as a sparse one.
    const texts: Array<string> = []
    for (const item of list) texts.push(this.valueArena.text(item))
    return texts as unknown as V
  }

  private use(text: string): number {
    const index = this.valueArena.add(text)
    if (index >= this.uses.length) this.uses = grown(this.uses, index)
    this.uses[index]!++
    return index
  }

  private release(target: number): void {
    if (target >= 0) {
      this.releaseValue(target)
      return
    }
    const list = this.lists[-1 - target]!
    for (const value of list) this.releaseValue(value)
    this.lists[-1 - target] = undefined
    this.freeLists.push(-1 - target)
  }

  private releaseValue(index: number): void {
    if (--this.uses[index]! === 0) this.valueArena.remove(index)
  }
}

const isAscii = (source: Buffer, start: number, end: number): boolean => {
  for (let byte = start; byte < end; byte++) if (source[byte]! >= 0x80) return false
  return true
}

// A typed array twice as long (or enough to hold `index`), its items kept.
const grown = <A extends Uint32Array | Int32Array>(array: A, index: number): A => {
  let capacity = array.length * 2
  while (capacity <= index) capacity *= 2
  const copy = new (array.constructor as new (length: number) => A)(capacity)
  copy.set(array)
  return copy
}
