/**
 * Read-model snapshots kept where the log lives (docs/adr/0056-read-model-snapshots.md): an instance starts from
 * the newest snapshot and replays only the events after it, instead of the whole log. The store layers of
 * `@orga/orga/sqlite` and `@orga/orga/postgres` provide this service when asked: a `snapshots` option, or the
 * environment's `ORGA_SNAPSHOTS=on` for a layer given none; `ORGA_SNAPSHOTS=off` turns them off whatever the option
 * (to measure both side by side). Without them, every start replays the whole log. Off by default: on the académie
 * of `bench/scale` (4.1 million events) a start from a snapshot was slower than the replay and each capture stalled
 * the writing instance for seconds (ADR 0056, Consequences).
 *
 * Snapshots hold clear names: with personal data shredded, each is sealed (AES-256-GCM) under a key of its own,
 * kept in the key store wrapped by the master key, and an erasure drops every snapshot and destroys its key.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import { type EventStoreError, type KeyStore, SealedText, type SnapshotStore } from "@orga/event-store"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * When snapshots are written: after start-up when it replayed events, then when `everyEvents` events were folded
 * since the last one, or `everySeconds` passed and the log moved. The newest `keep` are kept.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly everyEvents?: number | undefined
  readonly everySeconds?: number | undefined
  readonly keep?: number | undefined
}

/**
 * The options with every field set.
 *
 * @category models
 * @since 0.1.0
 */
export interface Resolved {
  readonly everyEvents: number
  readonly everySeconds: number
  readonly keep: number
}

/**
 * The defaults of `Options`: every 50,000 events or 5 minutes, the last 2 kept.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaults = { everyEvents: 50_000, everySeconds: 300, keep: 2 } as const

/**
 * How snapshots are sealed: a fresh key per snapshot, stored wrapped in the key store.
 *
 * @category models
 * @since 0.1.0
 */
export interface Sealer {
  /** Seals the bytes under a new key; answers its key-store subject. */
  readonly seal: (
    id: string,
    clear: Uint8Array
  ) => Effect.Effect<{ readonly keySubject: string; readonly sealed: Uint8Array }, EventStoreError.EventStoreError>
  /** The clear bytes, or `undefined` when the key is gone or they do not authenticate. */
  readonly open: (
    keySubject: string,
    sealed: Uint8Array
  ) => Effect.Effect<Uint8Array | undefined, EventStoreError.EventStoreError>
  /** Destroys a snapshot's key. */
  readonly destroy: (keySubject: string) => Effect.Effect<void, EventStoreError.EventStoreError>
}

/**
 * What a store layer gives the services: where snapshots live, how they are sealed (`undefined`: stored clear,
 * for a store without shredding), who may write them (`lead`: waits until this instance leads, for the life of the
 * scope; absent: this instance always writes), and when (`undefined`: snapshots are off for this instance, which
 * neither loads nor writes them, but an erasure still drops those an earlier run or another instance wrote).
 *
 * @category models
 * @since 0.1.0
 */
export interface SnapshotsShape {
  readonly store: SnapshotStore.SnapshotStoreShape
  readonly sealer: Sealer | undefined
  readonly lead?: (() => Effect.Effect<unknown, unknown, Scope.Scope>) | undefined
  readonly options: Resolved | undefined
}

/**
 * The snapshots of an instance that loads and writes them (its options resolved).
 *
 * @category models
 * @since 0.1.0
 */
export interface Writing extends SnapshotsShape {
  readonly options: Resolved
}

/**
 * The snapshots as an instance loads and writes them, or `undefined` when they are off for it.
 *
 * @category getters
 * @since 0.1.0
 */
export const writing = (snapshots: SnapshotsShape): Writing | undefined =>
  snapshots.options === undefined ? undefined : { ...snapshots, options: snapshots.options }

/**
 * The snapshots service (optional: the library uses it when the store layer provides it; the SQLite and
 * PostgreSQL layers always do, so that an erasure drops snapshots even where this instance does not write them).
 *
 * @category services
 * @since 0.1.0
 */
export class Snapshots extends Context.Service<Snapshots, SnapshotsShape>()("@orga/orga/Snapshots") {}

/** The key-store subjects of snapshot keys start with this (never a learner's or a user's). */
const subjectPrefix = "~snapshot:"

/**
 * The sealer over a store's key store and master key: each key is wrapped with AES-256-GCM under a key derived
 * from the master key (HKDF, its own label), the subject as associated data.
 *
 * @category constructors
 * @since 0.1.0
 */
export const sealer = (keyStore: KeyStore.KeyStoreShape, masterKey: Uint8Array): Sealer => {
  const wrapKey = Crypto.createSecretKey(
    Buffer.from(Crypto.hkdfSync("sha256", masterKey, Buffer.alloc(0), Buffer.from("orga/snapshot-key-wrap"), 32))
  )
  return {
    seal: (id, clear) =>
      Effect.gen(function* () {
        const keySubject = `${subjectPrefix}${id}`
        const key = Crypto.randomBytes(32)
        const rows = yield* keyStore.create([[keySubject, SealedText.seal(wrapKey, keySubject, key)]])
        const stored = rows[0]?.[1]
        const unwrapped =
          stored === null || stored === undefined ? undefined : SealedText.open(wrapKey, keySubject, stored)
        if (unwrapped === undefined || !unwrapped.equals(key)) return yield* Effect.die(new Error("snapshot key clash"))
        return { keySubject, sealed: SealedText.seal(Crypto.createSecretKey(key), keySubject, clear) }
      }),
    open: (keySubject, sealed) =>
      Effect.map(keyStore.get([keySubject]), (rows) => {
        const wrapped = rows[0]?.[1]
        if (wrapped === null || wrapped === undefined) return undefined
        const key = SealedText.open(wrapKey, keySubject, wrapped)
        return key === undefined ? undefined : SealedText.open(Crypto.createSecretKey(key), keySubject, sealed)
      }),
    destroy: (keySubject) => Effect.asVoid(keyStore.destroy(keySubject))
  }
}

/**
 * The options a store layer resolves: none (unless `ORGA_SNAPSHOTS=on`), `false` or `ORGA_SNAPSHOTS=off` turn
 * snapshots off.
 *
 * @category constructors
 * @since 0.1.0
 */
export const resolve = (options: Options | false | undefined): Resolved | undefined => {
  if (options === false || process.env.ORGA_SNAPSHOTS === "off") return undefined
  if (options === undefined && process.env.ORGA_SNAPSHOTS !== "on") return undefined
  return {
    everyEvents: options?.everyEvents ?? defaults.everyEvents,
    everySeconds: options?.everySeconds ?? defaults.everySeconds,
    keep: options?.keep ?? defaults.keep
  }
}
