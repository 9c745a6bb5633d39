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

/** The table's slots per value (`SealedNative.OpenMany`). */
const slots = 6

/**
 * Opens the stored JSON texts `texts[from, to)` in place, as `opener` opens each one, but a page's sealed values
 * in one native call (`SealedNative.openMany`): the subjects and the decoded values are written into one reused
 * buffer and opened under the snapshot's raw keys. Each opened text is decoded once from the output buffer, where
 * its clear part (the text before the sealed field) was written just before its clear fields: one flat string,
 * not pieces joined (which every later reader of the text, from the digest to `JSON.parse`, would copy again).
 * Without the addon (not built, or `ORGA_NATIVE_OPEN=0`), or given `openMany: undefined`, it is `opener` text by
 * text.
 *
 * @category constructors
 * @since 0.1.0
 */
export const pageOpener = (
  snapshot: KeySnapshot,
  openMany: SealedNative.OpenMany | undefined = SealedNative.openMany
): ((texts: Array<string>, from: number, to: number) => void) => {
  if (openMany === undefined) {
    const one = opener(snapshot)
    return (texts, from, to) => {
      for (let index = from; index < to; index++) texts[index] = one(texts[index]!)
    }
  }
  const offsets = new Map<string, number>()
  snapshot.subjects.forEach((subject, index) => {
    offsets.set(subject, index * 32)
  })
  const keys = snapshot.keys
  // Reused across pages, grown when a page needs more. Per value, `input` holds the subject then the sealed
  // bytes; `output` holds, at the same offsets, the text's clear part then (from the sealed bytes' start, over
  // the clear part's last byte) the clear fields as a JSON object: `{"a":1,` + `{"b":2}` reads `{"a":1,"b":2}`
  // once the byte the object's brace covered is put back.
  let input = Buffer.allocUnsafe(1 << 16)
  let output = Buffer.allocUnsafe(1 << 16)
  let table = new Int32Array(slots * 1024)
  // Per value: the text's index, where its clear part starts in `output`, the byte the brace covers.
  let spans = new Int32Array(3 * 1024)
  return (texts, from, to) => {
    let count = 0
    let used = 0
    for (let index = from; index < to; index++) {
      const text = texts[index]!
      const where = find(text)
      const offset = where === undefined ? undefined : offsets.get(where.subject)
      // The field must end the text (`find` stops at the first `"]` after the subject).
      if (where === undefined || offset === undefined || where.valueEnd + 3 !== text.length) continue
      // At most 3 bytes a character of the subject and of the clear part, 3 bytes each 4 characters of base64.
      const need =
        used + (where.subject.length + where.at) * 3 + Math.ceil(((where.valueEnd - where.valueStart) * 3) / 4) + 3
      if (need > input.length) {
        const size = Math.max(need, input.length * 2)
        const grownInput = Buffer.allocUnsafe(size)
        input.copy(grownInput, 0, 0, used)
        input = grownInput
        const grownOutput = Buffer.allocUnsafe(size)
        output.copy(grownOutput, 0, 0, used)
        output = grownOutput
      }
      if ((count + 1) * slots > table.length) {
        const grown = new Int32Array(table.length * 2)
        grown.set(table)
        table = grown
        const grownSpans = new Int32Array(spans.length * 2)
        grownSpans.set(spans)
        spans = grownSpans
      }
      const aad = used
      used += input.write(where.subject, used, "utf8")
      const part = used
      used += output.write(text.slice(0, where.at), used, "utf8")
      // The clear part's last byte (`,` or `{`, one byte) is where the clear object's `{` lands.
      const sealed = used - 1
      used = sealed + input.write(text.slice(where.valueStart, where.valueEnd), sealed, "base64")
      const row = count * slots
      table[row] = offset
      table[row + 1] = aad
      table[row + 2] = part - aad
      table[row + 3] = sealed
      table[row + 4] = used - sealed
      spans[count * 3] = index
      spans[count * 3 + 1] = part
      spans[count * 3 + 2] = output[sealed]!
      count++
    }
    if (count === 0) return
    openMany(keys, input, table, count, output)
    for (let value = 0; value < count; value++) {
      const row = value * slots
      const length = table[row + 5]!
      // Not opened (left as stored), or no clear fields (`{}`: left as stored, as `opener` does).
      if (length <= 2) continue
      const start = table[row + 3]!
      output[start] = spans[value * 3 + 2]!
      texts[spans[value * 3]!] = output.toString("utf8", spans[value * 3 + 1]!, start + length)
    }
  }
}
