/**
 * Sealed values at the byte level (docs/adr/0049-crypto-shredding.md): AES-256-GCM with a fresh 96-bit nonce
 * per value and the subject as associated data, and the opening of an event's stored JSON text without parsing
 * it, for a replay's reading thread. Imports `node:crypto` only, so that a worker loads it at once.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"

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
  // One lookup per event: a subject's index in the snapshot until its key is first used, then its key object and
  // associated data (made once per subject: a rebuild meets most learners once, and a key object is what makes
  // an open cheap, docs/adr/0049-crypto-shredding.md).
  const known = new Map<string, number | Opening>()
  snapshot.subjects.forEach((subject, index) => {
    known.set(subject, index)
  })
  const keyOf = (subject: string): Opening | undefined => {
    const found = known.get(subject)
    if (found === undefined || typeof found !== "number") return found
    const opening: Opening = {
      key: Crypto.createSecretKey(snapshot.keys.subarray(found * 32, found * 32 + 32)),
      aad: Buffer.from(subject)
    }
    known.set(subject, opening)
    return opening
  }
  return (text) => {
    const at = text.indexOf(marker)
    if (at < 0) return text
    const subjectStart = at + marker.length
    const subjectEnd = text.indexOf('","', subjectStart)
    const valueEnd = subjectEnd < 0 ? -1 : text.indexOf('"]', subjectEnd + 3)
    if (valueEnd < 0) return text
    const opening = keyOf(text.slice(subjectStart, subjectEnd))
    if (opening === undefined) return text
    const clear = openWith(opening, Buffer.from(text.slice(subjectEnd + 3, valueEnd), "base64"))
    // The clear fields as a JSON object's text: spliced in without its braces.
    if (clear === undefined || clear.length <= 2) return text
    return `${text.slice(0, at)}${clear.toString("utf8", 1, clear.length - 1)}${text.slice(valueEnd + 2)}`
  }
}

interface Opening {
  readonly key: Crypto.KeyObject
  readonly aad: Buffer
}

/** `open` with the subject's associated data made once; GCM's `final` yields no bytes, so nothing is joined. */
const openWith = (opening: Opening, sealed: Buffer): Buffer | undefined => {
  if (sealed.length < 28) return undefined
  try {
    const decipher = Crypto.createDecipheriv("aes-256-gcm", opening.key, sealed.subarray(0, 12))
    decipher.setAAD(opening.aad)
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    const clear = decipher.update(sealed.subarray(12, sealed.length - 16))
    const rest = decipher.final()
    return rest.length === 0 ? clear : Buffer.concat([clear, rest])
  } catch {
    return undefined
  }
}
