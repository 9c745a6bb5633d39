/**
 * Crypto-shredding of the personal fields of stored events (docs/adr/0049-crypto-shredding.md).
 *
 * Every event type with personal fields has a `Rule`: which fields, whose they are (the subject: a learner, a
 * user, an import) and what they read once that subject is erased. `seal` takes an event's personal fields out of
 * its data and stores them as one AES-256-GCM value under the subject's own data key (a fresh 96-bit nonce per
 * value, the subject as associated data), in the field `$personal`; `open` puts them back, or, when the subject's
 * key was destroyed, puts the rule's erased values in their place (a typed value the schemas accept, shown as
 * "Élève effacé" / "Utilisateur effacé"). Data keys are random, kept wrapped by the master key in a `KeyStore`
 * beside the log; destroying one is the erasure.
 *
 * The store decorator (`ShreddedStore`) is the one place that calls `seal` and `open`: the codec, the read
 * models, the replay pages and the apps only ever see clear (or erased) data.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { NewEvent } from "./EventStore.ts"
import type { EventStoreError } from "./EventStoreError.ts"
import type { KeyStoreShape, Row } from "./KeyStore.ts"
import * as SealedText from "./SealedText.ts"

/**
 * The field of stored data that holds the sealed personal fields: `[subject, base64(nonce | ciphertext | tag)]`.
 *
 * @category models
 * @since 0.1.0
 */
export const sealedField = "$personal"

/**
 * The key-store row that proves the master key: a known text sealed under a key derived from it. Not a subject.
 *
 * @category models
 * @since 0.1.0
 */
export const checkSubject = "~master-key-check"

/**
 * How one event type's personal fields are sealed.
 *
 * @category models
 * @since 0.1.0
 */
export interface Rule {
  /** The personal fields of the type (its schema's `personalData` annotations). */
  readonly fields: ReadonlyArray<string>
  /** The subject the fields belong to, from the event's clear fields (an id, never personal data). */
  readonly subject: (data: Readonly<Record<string, unknown>>) => string
  /** The fields' values once the subject is erased, from the clear fields; values the schemas accept. */
  readonly erased: (data: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>
}

/**
 * The rules of every type with personal fields, and the subject an erasure event erases (so every reader drops
 * that subject's key from its cache when it reads the event, on any instance).
 *
 * @category models
 * @since 0.1.0
 */
export interface Rules {
  readonly types: Readonly<Record<string, Rule>>
  readonly erasedBy?: ((type: string, data: unknown) => string | undefined) | undefined
}

/**
 * Why sealing or opening failed. `WrongMasterKey`: the configured master key is not the one the key store was
 * made with (nothing is decrypted, nothing written). `Tampered`: a sealed value fails its authentication (never
 * decrypted into garbage). `SubjectErased`: personal data of an erased subject cannot be written again.
 * `InvalidMasterKey`: the configured master key is not 32 bytes.
 *
 * @category errors
 * @since 0.1.0
 */
export class ShreddingError extends Schema.TaggedError<ShreddingError>()("ShreddingError", {
  code: Schema.Literals(["WRONG_MASTER_KEY", "TAMPERED", "SUBJECT_ERASED", "INVALID_MASTER_KEY"]),
  message: Schema.String,
  meta: Schema.Record(Schema.String, Schema.Unknown)
}) {}

const wrongMasterKey = () =>
  new ShreddingError({
    code: "WRONG_MASTER_KEY",
    message:
      "La clé maîtresse configurée ne correspond pas à celle du magasin de clés : aucune donnée personnelle n'a été lue ni écrite. Vérifiez la configuration de la clé.",
    meta: {}
  })

const tampered = (subject: string) =>
  new ShreddingError({
    code: "TAMPERED",
    message: "Une donnée personnelle chiffrée ne peut pas être authentifiée : elle n'a pas été lue.",
    meta: { subject }
  })

const subjectErased = (subject: string) =>
  new ShreddingError({
    code: "SUBJECT_ERASED",
    message: "Les données de cette personne ont été effacées : elles ne peuvent pas être enregistrées de nouveau.",
    meta: { subject }
  })

/**
 * A master key: 32 bytes, from configuration (base64 or 64 hexadecimal digits).
 *
 * @category constructors
 * @since 0.1.0
 */
export const parseMasterKey = (text: string): Effect.Effect<Uint8Array, ShreddingError> => {
  const trimmed = text.trim()
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64")
  return bytes.length === 32 ? Effect.succeed(new Uint8Array(bytes)) : Effect.fail(invalidMasterKey(bytes.length))
}

const invalidMasterKey = (length: number) =>
  new ShreddingError({
    code: "INVALID_MASTER_KEY",
    message: "La clé maîtresse doit faire 32 octets (en base64 ou en 64 chiffres hexadécimaux).",
    meta: { length }
  })

/**
 * A new random master key, as base64 text (what a generated key file holds).
 *
 * @category constructors
 * @since 0.1.0
 */
export const generateMasterKey = (): string => Crypto.randomBytes(32).toString("base64")

/**
 * What seals and opens events, with the keys of one store.
 *
 * @category models
 * @since 0.1.0
 */
export interface Shredder {
  readonly rules: Rules
  /** Seals the personal fields of each event that has some (creating its subject's key on first use). */
  readonly sealAll: (
    events: ReadonlyArray<NewEvent>
  ) => Effect.Effect<ReadonlyArray<NewEvent>, ShreddingError | EventStoreError>
  /** Loads the keys of the subjects of these data that this process has not seen yet (written by another one). */
  readonly prepare: (data: ReadonlyArray<unknown>) => Effect.Effect<void, EventStoreError>
  /**
   * The data with its personal fields back (or erased), synchronously: the keys must be loaded (`prepare`).
   * Data without sealed fields comes back as is. Throws `ShreddingError` (`TAMPERED`) on a forged value.
   */
  readonly open: (type: string, data: unknown) => unknown
  /** Destroys a subject's key (`"unknown"`: it never had one; `"already"`: erased before). */
  readonly erase: (subject: string) => Effect.Effect<"destroyed" | "already" | "unknown", EventStoreError>
  /** Drops a subject's key from this process's cache (another instance erased it). */
  readonly forget: (subject: string) => void
  /** Whether the subject's key is known to be destroyed (among the keys loaded, with `keys: "onDemand"`). */
  readonly isErased: (subject: string) => boolean
  /**
   * Whether the subject has a key (its data was sealed at least once, and not erased), among the keys loaded with
   * `keys: "onDemand"`.
   */
  readonly hasKey: (subject: string) => boolean
  /**
   * A keyed hash of a text (HMAC-SHA-256 under a key derived from the master key, base64url): for a name that
   * must be derived from personal data, such as the stream that keeps a login unique, without writing it.
   */
  readonly blindIndex: (text: string) => string
  /** The clear keys this process holds, for a replay's reading thread (`SealedText.opener`). */
  readonly keySnapshot: () => SealedText.KeySnapshot
}

const checkText = Buffer.from("orga personal data key store")

/**
 * Which keys a shredder loads at start: `all` (the default: every key unwrapped at once, what a process that
 * replays the whole log needs, and what `keySnapshot` hands a replay's reading thread), or `onDemand` (only the
 * check row; each subject's key is read when data of that subject is first opened or sealed, by `prepare` and
 * `sealAll` as they already do for keys another instance made). `onDemand` is for a process that never replays the
 * whole log, such as an instance serving from the read-model tables: loading an académie's hundreds of thousands of
 * keys at start held about 300 MB of its heap for a moment, and the process kept most of it (`bench/scale`).
 *
 * @category models
 * @since 0.3.0
 */
export type KeyLoading = "all" | "onDemand"

/**
 * How many key objects a shredder keeps by default: those of the subjects it sealed or opened most recently, the
 * others made again from their clear bytes when next used (a microsecond or two). A key object weighs about 1.7 KB
 * with its native part; kept for every subject ever opened, they grew without bound in a long-running instance (an
 * académie's 200,000 subjects would be 340 MB).
 *
 * @category getters
 * @since 0.3.0
 */
export const keyObjectsKept = 4096

/**
 * A shredder over a key store: derives the wrapping and check keys from the master key, proves the master key
 * against the store's check row (writing one into an empty store), then loads and unwraps every key at once, or
 * none yet (`keys: "onDemand"`, see {@link KeyLoading}). Fails with `WRONG_MASTER_KEY` before anything is decrypted
 * or written when the key is not the store's.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: {
  readonly rules: Rules
  readonly keyStore: KeyStoreShape
  readonly masterKey: Uint8Array
  readonly keys?: KeyLoading | undefined
  /** How many key objects to keep (the most recently used): {@link keyObjectsKept} unless told. */
  readonly keyObjects?: number | undefined
}): Effect.Effect<Shredder, ShreddingError | EventStoreError> =>
  Effect.gen(function* () {
    const { rules, keyStore } = options
    if (options.masterKey.length !== 32)
      return yield* Effect.flatMap(parseMasterKey(""), () => Effect.die("unreachable"))
    const derive = (info: string) =>
      Buffer.from(Crypto.hkdfSync("sha256", options.masterKey, Buffer.alloc(0), Buffer.from(info), 32))
    const wrapKey = Crypto.createSecretKey(derive("orga/data-key-wrap"))
    const checkKey = Crypto.createSecretKey(derive("orga/master-key-check"))
    const indexKey = derive("orga/blind-index")

    const onDemand = options.keys === "onDemand"
    // On demand, the check row alone; without one (an empty store, or one not made by this code) every row, as at
    // a full load, so that the two cases are told apart the same way.
    const checkRows = onDemand ? yield* keyStore.get([checkSubject]) : []
    const rows = checkRows.length > 0 ? checkRows : yield* keyStore.all
    const check = rows.find(([subject]) => subject === checkSubject)
    if (check === undefined) {
      // A store with keys but no check row was not made by this code: refuse rather than guess.
      if (rows.length > 0) return yield* Effect.fail(wrongMasterKey())
      yield* keyStore.create([[checkSubject, sealValue(checkKey, checkSubject, checkText)]])
    } else if (check[1] === null || !sameBytes(openValue(checkKey, checkSubject, check[1]), checkText)) {
      return yield* Effect.fail(wrongMasterKey())
    }

    // The clear keys in one buffer, 32 bytes a slot, grown by doubling; subject -> its slot, null: destroyed.
    // Not one buffer or key object per subject: a large store holds hundreds of thousands of subjects, and as
    // many small objects cost every garbage collection of a rebuild (ADR 0057). Keys are unwrapped in one pass
    // (see `unwrapAll`); key objects are made for the subjects sealed or opened here, on first use.
    let clearKeys = Buffer.alloc(0)
    let slotsUsed = 0
    const keys = new Map<string, number | null>()
    const objects = new Map<string, Crypto.KeyObject>()
    const destroy = (subject: string) => {
      const slot = keys.get(subject)
      // Its clear bytes overwritten, not only forgotten.
      if (slot !== undefined && slot !== null) clearKeys.fill(0, slot * 32, slot * 32 + 32)
      keys.set(subject, null)
      objects.delete(subject)
    }
    const load = (loaded: ReadonlyArray<Row>) => {
      const live = loaded.filter(
        (row): row is readonly [string, Uint8Array] => row[1] !== null && row[0] !== checkSubject
      )
      const clear = unwrapAll(
        wrapKey,
        live.map(([, wrapped]) => wrapped)
      )
      const need = (slotsUsed + live.length) * 32
      if (need > clearKeys.length) {
        const grown = Buffer.alloc(Math.max(need, clearKeys.length * 2))
        clearKeys.copy(grown, 0, 0, slotsUsed * 32)
        clearKeys.fill(0)
        clearKeys = grown
      }
      clear.copy(clearKeys, slotsUsed * 32)
      clear.fill(0)
      for (let index = 0; index < live.length; index++) {
        const subject = live[index]![0]
        const before = keys.get(subject)
        // Loaded again (another instance made it first): the slot it had is cleared.
        if (before !== undefined && before !== null) clearKeys.fill(0, before * 32, before * 32 + 32)
        keys.set(subject, slotsUsed + index)
        objects.delete(subject)
      }
      slotsUsed += live.length
      for (const [subject, wrapped] of loaded) if (wrapped === null) destroy(subject)
    }
    load(rows)

    // The most recently used key objects, the least recently used first in the map's order.
    const objectsKept = Math.max(1, options.keyObjects ?? keyObjectsKept)
    const keyOf = (subject: string): Crypto.KeyObject | null | undefined => {
      const slot = keys.get(subject)
      if (slot === undefined || slot === null) return slot
      let object = objects.get(subject)
      if (object === undefined) {
        object = Crypto.createSecretKey(clearKeys.subarray(slot * 32, slot * 32 + 32))
        if (objects.size >= objectsKept) objects.delete(objects.keys().next().value as string)
      } else objects.delete(subject)
      objects.set(subject, object)
      return object
    }

    const ensureKeys = (subjects: ReadonlySet<string>) =>
      Effect.gen(function* () {
        const missing = [...subjects].filter((subject) => !keys.has(subject))
        if (missing.length > 0) load(yield* keyStore.get(missing))
        const still = missing.filter((subject) => !keys.has(subject))
        if (still.length > 0) {
          const fresh = still.map((subject) => [subject, Crypto.randomBytes(32)] as const)
          // The stored row wins (another instance may have made this subject's key first).
          load(yield* keyStore.create(fresh.map(([subject, key]) => [subject, wrapAll(wrapKey, [key])] as const)))
        }
        for (const subject of subjects)
          if (keys.get(subject) === null) return yield* Effect.fail(subjectErased(subject))
      })

    const sealAll: Shredder["sealAll"] = (events) =>
      Effect.gen(function* () {
        const plans: Array<{
          readonly index: number
          readonly subject: string
          readonly clear: Record<string, unknown>
          readonly personal: Record<string, unknown>
        }> = []
        for (let index = 0; index < events.length; index++) {
          const event = events[index]!
          const rule = rules.types[event.type]
          const data = event.data
          if (rule === undefined || typeof data !== "object" || data === null || sealedField in data) continue
          const clear: Record<string, unknown> = { ...(data as Record<string, unknown>) }
          const personal: Record<string, unknown> = {}
          let any = false
          for (const field of rule.fields) {
            if (!(field in clear)) continue
            const value = clear[field]
            delete clear[field]
            personal[field] = value
            if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) any = true
          }
          // Nothing personal in this event (every personal field empty): it is stored as it is.
          if (!any) continue
          plans.push({ index, subject: rule.subject(clear), clear, personal })
        }
        if (plans.length === 0) return events
        yield* ensureKeys(new Set(plans.map((plan) => plan.subject)))
        const sealed = [...events]
        for (const plan of plans) {
          const key = keyOf(plan.subject)!
          const value = sealValue(key, plan.subject, Buffer.from(JSON.stringify(plan.personal)))
          sealed[plan.index] = {
            ...events[plan.index]!,
            data: { ...plan.clear, [sealedField]: [plan.subject, Buffer.from(value).toString("base64")] }
          }
        }
        return sealed
      })

    const prepare: Shredder["prepare"] = (data) =>
      Effect.suspend(() => {
        const missing = new Set<string>()
        for (const item of data) {
          const sealed = sealedOf(item)
          if (sealed !== undefined && !keys.has(sealed[0])) missing.add(sealed[0])
        }
        return missing.size === 0 ? Effect.void : Effect.map(keyStore.get([...missing]), load)
      })

    const open: Shredder["open"] = (type, data) => {
      const sealed = sealedOf(data)
      if (sealed === undefined) return data
      const [subject, text] = sealed
      const { [sealedField]: _, ...clear } = data as Record<string, unknown>
      const key = keyOf(subject)
      if (key === null || key === undefined) {
        // The key is gone (destroyed, or never loaded because its row is gone): the typed erased values.
        const rule = rules.types[type] ?? rules.types[(clear as { _tag?: string })._tag ?? ""]
        return rule === undefined ? clear : { ...clear, ...rule.erased(clear) }
      }
      const personal = openValue(key, subject, Buffer.from(text, "base64"))
      if (personal === undefined) throw tampered(subject)
      return { ...clear, ...JSON.parse(personal.toString("utf8")) }
    }

    return {
      rules,
      sealAll,
      prepare,
      open,
      erase: (subject) =>
        Effect.map(keyStore.destroy(subject), (result) => {
          if (result !== "unknown") destroy(subject)
          return result
        }),
      forget: (subject) => {
        if (keys.has(subject)) destroy(subject)
      },
      isErased: (subject) => keys.get(subject) === null,
      hasKey: (subject) => {
        const key = keys.get(subject)
        return key !== undefined && key !== null
      },
      blindIndex: (text) => Crypto.createHmac("sha256", indexKey).update(text).digest("base64url"),
      keySnapshot: () => {
        // Keys loaded on demand are only those seen so far: a replay opening with them would read the others as
        // erased. Such a process never replays the whole log; if one ever does, it fails loudly here.
        if (onDemand) throw new Error("A shredder that loads keys on demand cannot give a replay every key")
        const subjects: Array<string> = []
        // A copy (erasing a subject later zeroes its slot here, not in a snapshot a replay is using); in one
        // piece while the slots follow the subjects' order, as they do unless a key was destroyed or reloaded.
        const snapshot = Buffer.allocUnsafe(keys.size * 32)
        let inOrder = true
        for (const [subject, slot] of keys) {
          if (slot === null) continue
          const at = subjects.length
          subjects.push(subject)
          if (inOrder && slot === at) continue
          if (inOrder) {
            clearKeys.copy(snapshot, 0, 0, at * 32)
            inOrder = false
          }
          clearKeys.copy(snapshot, at * 32, slot * 32, slot * 32 + 32)
        }
        if (inOrder) clearKeys.copy(snapshot, 0, 0, subjects.length * 32)
        return { subjects, keys: snapshot.subarray(0, subjects.length * 32) }
      }
    } satisfies Shredder
  })

/**
 * The subject and sealed text of stored data, if it holds sealed personal fields.
 *
 * @category getters
 * @since 0.1.0
 */
export const sealedOf = (data: unknown): readonly [subject: string, text: string] | undefined => {
  if (typeof data !== "object" || data === null) return undefined
  const sealed = (data as Record<string, unknown>)[sealedField]
  return Array.isArray(sealed) && typeof sealed[0] === "string" && typeof sealed[1] === "string"
    ? (sealed as unknown as readonly [string, string])
    : undefined
}

const sealValue = SealedText.seal
const openValue = SealedText.open

// Data keys are wrapped with AES-256 on their two raw blocks (ECB over random, never repeated 32-byte keys), all
// of a store's keys in one call at start-up: per-key AES-KW or GCM costs a cipher object per key, seconds for the
// hundreds of thousands of learners of a large store (ADR 0049). A wrong wrapping key cannot go unnoticed: the
// master key is proven first, and every value is authenticated by GCM under the unwrapped key.
const wrapAll = (wrapKey: Crypto.KeyObject, keys: ReadonlyArray<Uint8Array>): Uint8Array => {
  const cipher = Crypto.createCipheriv("aes-256-ecb", wrapKey, null)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat(keys)), cipher.final()])
}

const unwrapAll = (wrapKey: Crypto.KeyObject, wrapped: ReadonlyArray<Uint8Array>): Buffer => {
  if (wrapped.length === 0) return Buffer.alloc(0)
  const decipher = Crypto.createDecipheriv("aes-256-ecb", wrapKey, null)
  decipher.setAutoPadding(false)
  return Buffer.concat([decipher.update(Buffer.concat(wrapped.map((key) => key.subarray(0, 32)))), decipher.final()])
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && a.length === b.length && Crypto.timingSafeEqual(a, b)
