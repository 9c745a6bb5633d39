/**
 * Crypto-shredding as the library's store layers apply it (docs/adr/0049-crypto-shredding.md): the domain's
 * rules of whose personal data each event holds, the master key from configuration (or a generated key file
 * for the embedded default), and the one place a store is wrapped so that every reader above it (the codec,
 * the read models, the replay pages, an app's outbox) sees clear or erased data and the database only
 * ciphertext.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import { PersonalSubjects } from "@orga/domain"
import {
  EventStore,
  EventStoreError,
  type KeyStore,
  type ReplayPage,
  ShreddedStore,
  Shredding
} from "@orga/event-store"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as Replay from "./Replay.ts"

/**
 * How a store layer protects personal data. `masterKey`: the key itself (32 bytes, base64 or hex), e.g. from a
 * secret of the deployment; `masterKeyFile`: a file holding it, generated (permissions 0600) when the store is
 * new. Neither: the layer's default file. `false`: personal data stored in clear (not recommended: a store
 * without shredding cannot erase anyone; the measured cost of shredding is in the package README).
 *
 * @category models
 * @since 0.1.0
 */
export type Options = { readonly masterKey?: string | undefined; readonly masterKeyFile?: string | undefined } | false

/**
 * The shredder of the store the services run on, when its layer shreds (the erasure and data-export use cases
 * need it; without it they answer `ERASURE_NOT_CONFIGURED`).
 *
 * @category services
 * @since 0.1.0
 */
export class Shredder extends Context.Service<Shredder, Shredding.Shredder>()("@orga/orga/PersonalData/Shredder") {}

/**
 * The domain's rules, as the store's shredder takes them.
 *
 * @category models
 * @since 0.1.0
 */
export const rules: Shredding.Rules = { types: PersonalSubjects.rules, erasedBy: PersonalSubjects.erasedBy }

const startFailure = (error: Shredding.ShreddingError | EventStoreError.EventStoreError) =>
  error instanceof Shredding.ShreddingError
    ? new EventStoreError.EventStoreError({ reason: error.code, message: error.message, cause: error })
    : error

const keyFileFailure = (message: string, cause?: unknown) =>
  new EventStoreError.EventStoreError({ reason: "MASTER_KEY_FILE", message, cause })

/**
 * The master key of a store: the configured one, or the key file's. A missing file is generated (0600, never
 * over an existing file) only for a store that holds no key yet: a store with keys and no key file is refused,
 * rather than given a new key that could read none of them. A file others may read is refused too.
 *
 * @category constructors
 * @since 0.1.0
 */
export const masterKey = (
  options: Exclude<Options, false>,
  defaultFile: string,
  keyStore: KeyStore.KeyStoreShape
): Effect.Effect<Uint8Array, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    if (options.masterKey !== undefined)
      return yield* Effect.mapError(Shredding.parseMasterKey(options.masterKey), startFailure)
    const file = options.masterKeyFile ?? defaultFile
    if (!Fs.existsSync(file)) {
      const rows = yield* keyStore.all
      // Checked again once the keys are read: another process over the same store may have created the file and
      // its first keys in between (two apps started at once on a fresh data dir).
      if (rows.length > 0 && !Fs.existsSync(file))
        return yield* Effect.fail(
          keyFileFailure(
            `Le fichier de la clé maîtresse ${file} est introuvable alors que le magasin contient déjà des clés : restaurez-le (aucune nouvelle clé n'a été créée).`
          )
        )
      yield* Effect.try({
        try: () => Fs.writeFileSync(file, `${Shredding.generateMasterKey()}\n`, { mode: 0o600, flag: "wx" }),
        // Another process created it first: its key is read below.
        catch: (cause) => cause
      }).pipe(
        Effect.catch((cause) =>
          (cause as { code?: unknown }).code === "EEXIST"
            ? Effect.void
            : Effect.fail(keyFileFailure(`Le fichier de la clé maîtresse ${file} n'a pas pu être créé.`, cause))
        )
      )
    }
    const mode = yield* Effect.try({
      try: () => Fs.statSync(file).mode,
      catch: (cause) => keyFileFailure(`Le fichier de la clé maîtresse ${file} est illisible.`, cause)
    })
    if ((mode & 0o077) !== 0)
      return yield* Effect.fail(
        keyFileFailure(
          `Le fichier de la clé maîtresse ${file} est lisible par d'autres utilisateurs : restreignez ses droits (chmod 600).`
        )
      )
    const text = yield* Effect.try({
      try: () => Fs.readFileSync(file, "utf8"),
      catch: (cause) => keyFileFailure(`Le fichier de la clé maîtresse ${file} est illisible.`, cause)
    })
    return yield* Effect.mapError(Shredding.parseMasterKey(text), startFailure)
  })

/**
 * The shredder of a store over its key store, once the master key is proven (`WRONG_MASTER_KEY` otherwise, with
 * nothing decrypted or written), loading every key at start or each on demand (`keys`, see `Shredding.KeyLoading`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const shredder = (
  options: Exclude<Options, false>,
  defaultFile: string,
  keyStore: KeyStore.KeyStoreShape,
  keys: Shredding.KeyLoading = "all"
): Effect.Effect<Shredding.Shredder, EventStoreError.EventStoreError> =>
  Effect.flatMap(masterKey(options, defaultFile, keyStore), (key) =>
    Effect.mapError(Shredding.make({ rules, keyStore, masterKey: key, keys }), startFailure)
  )

/**
 * The store and the shredder, as a store layer gives them: the store wrapped by the shredder.
 *
 * @category constructors
 * @since 0.1.0
 */
export const shredded = (
  store: EventStore.EventStoreShape,
  shredder: Shredding.Shredder
): Context.Context<EventStore.EventStore | Shredder> =>
  Context.make(EventStore.EventStore, ShreddedStore.wrap(store, shredder)).pipe(Context.add(Shredder, shredder))

/**
 * A store's replay reader whose pages are opened by the shredder.
 *
 * @category constructors
 * @since 0.1.0
 */
export const shreddedReplay = (
  pages: (after: bigint) => Stream.Stream<ReplayPage.ReplayPage, EventStoreError.EventStoreError>,
  shredder: Shredding.Shredder
): Replay.ReplayShape => ({ pages: (after) => ShreddedStore.openPages(pages(after), shredder) })
