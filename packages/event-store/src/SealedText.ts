/**
 * Sealed values at the byte level (docs/adr/0049-crypto-shredding.md): AES-256-GCM with a fresh 96-bit nonce
 * per value and the subject as associated data, and the opening of an event's stored JSON text without parsing
 * it, for a replay's reading thread. Imports `node:crypto` only, so that a worker loads it at once.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as SealedNative from "./SealedNative.ts"

/**
 * Seals clear bytes under a subject's key: nonce (12) | ciphertext | tag (16).
 *
 * @category constructors
 * @since 0.1.0
 */
export const seal = (key: Crypto.KeyObject, subject: string, clear: Uint8Array): Uint8Array => {
  const nonce = Crypto.randomBytes(12)
  const cipher = Crypto.createCipheriv("aes-256-gcm", key, nonce)
  cipher.setAAD(Buffer.from(subject))
  return Buffer.concat([nonce, cipher.update(clear), cipher.final(), cipher.getAuthTag()])
}

/**
 * The clear bytes of a sealed value, or undefined when it does not authenticate (another key, another subject,
 * a forged value): never bytes decrypted with the wrong key.
 *
 * @category getters
 * @since 0.1.0
 */
export const open = (key: Crypto.KeyObject, subject: string, sealed: Uint8Array): Buffer | undefined => {
  if (sealed.length < 28) return undefined
  try {
    const decipher = Crypto.createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12))
    decipher.setAAD(Buffer.from(subject))
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()])
  } catch {
    return undefined
  }
}

/**
 * Clear data keys handed to another thread of the same process: subject `i`'s key is `keys[32 i, 32 i + 32)`.
 *
 * @category models
 * @since 0.1.0
 */
export interface KeySnapshot {
  readonly subjects: ReadonlyArray<string>
  readonly keys: Uint8Array
}

const marker = '"$personal":["'

/**
 * Opens the stored JSON text of events with the keys of a snapshot, without parsing it: the sealed field (which
 * the shredder writes last) is replaced by the clear fields. Text it cannot open (no sealed field, a key not in
 * the snapshot, an erased subject, a value that does not authenticate) comes back unchanged, for the thread
 * that folds to open or refuse.
 *
 * @category constructors
 * @since 0.1.0
 */
export const opener = (snapshot: KeySnapshot): ((text: string) => string) => {
  const offsets = new Map<string, number>()
  snapshot.subjects.forEach((subject, index) => {
    offsets.set(subject, index * 32)
  })
  return (text) => {
    const where = find(text)
    if (where === undefined) return text
    const { at, subject, valueStart, valueEnd } = where
    const offset = offsets.get(subject)
    if (offset === undefined) return text
    // A key object per open, not kept: a rebuild meets most subjects once, and thousands of key objects kept
    // alive cost the garbage collector more than making one again (docs/adr/0049-crypto-shredding.md). A key
    // object still, not the raw key: `createDecipheriv` with raw bytes is three times slower.
    const key = Crypto.createSecretKey(snapshot.keys.subarray(offset, offset + 32))
    const clear = openClear(key, subject, Buffer.from(text.slice(valueStart, valueEnd), "base64"))
    // The clear fields as a JSON object's text: spliced in without its braces.
    if (clear === undefined || clear.length <= 2) return text
    return `${text.slice(0, at)}${clear.toString("utf8", 1, clear.length - 1)}${text.slice(valueEnd + 2)}`
  }
}

/** `open`, without joining buffers: GCM's `final` yields no bytes. */
const openClear = (key: Crypto.KeyObject, subject: string, sealed: Buffer): Buffer | undefined => {
  if (sealed.length < 28) return undefined
  try {
    const decipher = Crypto.createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12))
    decipher.setAAD(Buffer.from(subject))
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    const clear = decipher.update(sealed.subarray(12, sealed.length - 16))
    const rest = decipher.final()
    return rest.length === 0 ? clear : Buffer.concat([clear, rest])
  } catch {
    return undefined
  }
}

/** Where a text's sealed field lies: the marker's start, the subject, the base64 value's range. */
interface Found {
  readonly at: number
  readonly subject: string
  readonly valueStart: number
  readonly valueEnd: number
}

/**
 * The sealed field of a stored text, which the shredder writes last: a text that does not end as one (`"]}`) is
 * passed over at once, without searching it (most events have no personal fields, and a shared profile's text is
 * a kilobyte); one that does is searched from its end. A field elsewhere is left to the parsed-data path.
 */
const find = (text: string): Found | undefined => {
  const length = text.length
  // `"]}`: the sealed value's closing quote and bracket, and the event's closing brace.
  if (text.charCodeAt(length - 1) !== 125 || text.charCodeAt(length - 2) !== 93 || text.charCodeAt(length - 3) !== 34)
    return undefined
  const at = text.lastIndexOf(marker)
  if (at < 0) return undefined
  const subjectStart = at + marker.length
  const subjectEnd = text.indexOf('","', subjectStart)
  const valueEnd = subjectEnd < 0 ? -1 : text.indexOf('"]', subjectEnd + 3)
  if (valueEnd < 0) return undefined
  return { at, subject: text.slice(subjectStart, subjectEnd), valueStart: subjectEnd + 3, valueEnd }
}

/** The table's slots per text (`SealedNative.OpenTexts`). */
const slots = 3

/** The snapshot's subjects as the addon's index (`SealedNative.IndexSubjects`): their bytes, ends and buckets. */
const subjectIndex = (
  snapshot: KeySnapshot,
  indexSubjects: SealedNative.IndexSubjects
): { readonly bytes: Uint8Array; readonly ends: Int32Array; readonly buckets: Int32Array } => {
  const subjects = snapshot.subjects
  const count = subjects.length
  const ends = new Int32Array(Math.max(count, 1))
  // Subjects are identifiers, ASCII as a rule: one join and one encoding, their ends from their lengths. When
  // the encoding is longer than the text, some are not: each is encoded on its own.
  const joined = subjects.join("")
  let bytes = Buffer.from(joined, "utf8")
  if (bytes.length === joined.length) {
    let end = 0
    for (let index = 0; index < count; index++) {
      end += subjects[index]!.length
      ends[index] = end
    }
  } else {
    // Each on its own, not cut from the joined bytes: a lone surrogate ending one subject would pair with one
    // starting the next.
    bytes = Buffer.allocUnsafe(joined.length * 3)
    let used = 0
    for (let index = 0; index < count; index++) {
      used += bytes.write(subjects[index]!, used, "utf8")
      ends[index] = used
    }
    bytes = bytes.subarray(0, used)
  }
  if (bytes.length === 0) bytes = Buffer.alloc(1)
  // A power of two, at least twice the subjects: short probes.
  let buckets = 2
  while (buckets < 2 * count) buckets *= 2
  const index = { bytes, ends, buckets: new Int32Array(buckets) }
  indexSubjects(index.bytes, index.ends, count, index.buckets)
  return index
}

/**
 * Opens the stored JSON texts `texts[from, to)` in place, as `opener` opens each one, but a page's texts in one
 * native call (`SealedNative.TextOpening`): each text that ends as a sealed field does (`"]}`) is written once
 * into a reused buffer, and the addon finds the field, looks its subject's key up in an index of the snapshot's
 * subjects (built once, in one buffer: no map of strings), decodes the base64, opens the value and writes the
 * opened text into the output buffer, decoded once into one flat string (not pieces joined, which every later
 * reader of the text, from the digest to `JSON.parse`, would copy again). Per text JS does no search: a profile
 * put `lastIndexOf` and the subject's map lookup at two thirds of the page opener's time (ADR 0057).
 * Without the addon (not built, or `ORGA_NATIVE_OPEN=0`), or given `opening: undefined`, it is `opener` text by
 * text.
 *
 * @category constructors
 * @since 0.1.0
 */
export const pageOpener = (
  snapshot: KeySnapshot,
  opening: SealedNative.TextOpening | undefined = SealedNative.textOpening
): ((texts: Array<string>, from: number, to: number) => void) => {
  if (opening === undefined) {
    const one = opener(snapshot)
    return (texts, from, to) => {
      for (let index = from; index < to; index++) texts[index] = one(texts[index]!)
    }
  }
  const { openTexts } = opening
  const keys = snapshot.keys
  // The index when the first page has a text to open (a replay of a log without personal data needs none).
  let subjects: ReturnType<typeof subjectIndex> | undefined
  // The text opener for what the addon leaves to it (base64 it does not take), made when first needed.
  let one = (text: string): string => {
    one = opener(snapshot)
    return one(text)
  }
  // Reused across pages, grown when a page needs more: the texts' bytes in `input`, each opened text at the
  // same offset in `output`.
  let input = Buffer.allocUnsafe(1 << 16)
  let output = Buffer.allocUnsafe(1 << 16)
  let table = new Int32Array(slots * 1024)
  // Per text: its index in `texts`.
  let indexes = new Int32Array(1024)
  return (texts, from, to) => {
    let count = 0
    let used = 0
    for (let index = from; index < to; index++) {
      const text = texts[index]!
      const length = text.length
      // `"]}`: the sealed value's closing quote and bracket, and the event's closing brace (as `find`).
      if (
        text.charCodeAt(length - 1) !== 125 ||
        text.charCodeAt(length - 2) !== 93 ||
        text.charCodeAt(length - 3) !== 34
      )
        continue
      // At most 3 bytes a UTF-16 unit.
      const need = used + length * 3
      if (need > input.length) {
        const size = Math.max(need, input.length * 2)
        const grownInput = Buffer.allocUnsafe(size)
        input.copy(grownInput, 0, 0, used)
        input = grownInput
        // The output holds nothing yet: the addon writes it.
        output = Buffer.allocUnsafe(size)
      }
      if (count === indexes.length) {
        const grown = new Int32Array(table.length * 2)
        grown.set(table)
        table = grown
        const grownIndexes = new Int32Array(indexes.length * 2)
        grownIndexes.set(indexes)
        indexes = grownIndexes
      }
      const written = input.write(text, used, "utf8")
      const row = count * slots
      table[row] = used
      table[row + 1] = written
      indexes[count] = index
      used += written
      count++
    }
    if (count === 0) return
    subjects ??= subjectIndex(snapshot, opening.indexSubjects)
    openTexts(keys, subjects.bytes, subjects.ends, subjects.buckets, input, table, count, output)
    for (let value = 0; value < count; value++) {
      const row = value * slots
      const length = table[row + 2]!
      if (length >= 0) {
        const start = table[row]!
        texts[indexes[value]!] = output.toString("utf8", start, start + length)
      } else if (length === -2) {
        // Base64 the addon does not take (unpadded, URL-safe…): as node:crypto's path would open it.
        texts[indexes[value]!] = one(texts[indexes[value]!]!)
      }
    }
  }
}
