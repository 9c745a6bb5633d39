/**
 * Where the CLI works and who the back office is, from the environment: the SQLite file `./data/orga.db` by
 * default (`ORGA_SQLITE_FILE` names another), PostgreSQL when `DATABASE_URL` is set (schema `ORGA_PG_SCHEMA`,
 * `orga_events` by default), and the back-office identities in `ORGA_PIX_ADMINS` (user ids separated by
 * commas), given to the library as its `pixAdminIds`, so the CLI has exactly the app's rights.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { type TargetProfile, TargetProfileDefinition } from "@orga/domain"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import { FileError, StoreUnavailable } from "./Failure.ts"

/**
 * The store the CLI works on.
 *
 * @category models
 * @since 0.1.0
 */
export type Location =
  | { readonly _tag: "Sqlite"; readonly file: string }
  | { readonly _tag: "Postgres"; readonly url: string; readonly schema: string }

/**
 * The store named by the environment.
 *
 * @category constructors
 * @since 0.1.0
 */
export const location = (env: NodeJS.ProcessEnv = process.env): Location => {
  const url = env.DATABASE_URL ?? ""
  if (url !== "") return { _tag: "Postgres", url, schema: env.ORGA_PG_SCHEMA || "orga_events" }
  return { _tag: "Sqlite", file: Path.resolve(env.ORGA_SQLITE_FILE || Path.join("data", "orga.db")) }
}

/**
 * The back-office identities (`ORGA_PIX_ADMINS`).
 *
 * @category getters
 * @since 0.1.0
 */
export const pixAdminIds = (env: NodeJS.ProcessEnv = process.env): ReadonlyArray<string> =>
  (env.ORGA_PIX_ADMINS ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "")

/**
 * Where the store is, in words (for messages).
 *
 * @category getters
 * @since 0.1.0
 */
export const describe = (where: Location): string =>
  where._tag === "Sqlite" ? `fichier SQLite ${where.file}` : `PostgreSQL (schéma ${where.schema})`

/**
 * The store's layer (its event store and replay reader). The SQLite file's folder is made if missing. Each
 * entry point is loaded only when used: a SQLite run never loads `pg`, a PostgreSQL run never loads `node:sqlite`.
 * `readModels` overrides `ORGA_READ_MODELS` (the checks that fold the whole log ask for `"memory"`).
 *
 * @category layers
 * @since 0.1.0
 */
export const store = (where: Location, options: { readonly readModels?: "memory" | "tables" } = {}) =>
  where._tag === "Postgres"
    ? Layer.unwrap(
        Effect.map(
          Effect.promise(() => import("@orga/orga/postgres")),
          (Postgres) => Postgres.layer(where.url, where.schema, options)
        )
      )
    : Layer.unwrap(
        Effect.flatMap(
          Effect.promise(() => import("@orga/orga/sqlite")),
          (Sqlite) =>
            Effect.try({
              try: () => {
                Fs.mkdirSync(Path.dirname(where.file), { recursive: true })
                return Sqlite.layer(where.file, options)
              },
              catch: () =>
                new StoreUnavailable({ message: `impossible de créer le dossier ${Path.dirname(where.file)}.` })
            })
        )
      )

/**
 * The library's configuration for the CLI.
 *
 * @category constructors
 * @since 0.1.0
 */
export const config = (env: NodeJS.ProcessEnv = process.env): Orga.Config => ({
  targetProfiles: [TargetProfiles.sample],
  pixAdminIds: pixAdminIds(env)
})

/**
 * The target profiles a deployment adds to the sample (`ORGA_TARGET_PROFILES_FILE`: a JSON list of target profile
 * definitions, `@orga/domain`'s `TargetProfileDefinition`, each checked by its rules); none without the variable.
 *
 * @category getters
 * @since 0.1.0
 */
export const addedTargetProfiles = (
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<ReadonlyArray<TargetProfile.TargetProfile>, FileError> =>
  Effect.suspend(() => {
    const file = env.ORGA_TARGET_PROFILES_FILE ?? ""
    if (file === "") return Effect.succeed([])
    const refused = (reason: string) =>
      new FileError({ path: file, message: `Les profils cibles de ${file} sont illisibles : ${reason}` })
    let parsed: unknown
    try {
      parsed = JSON.parse(Fs.readFileSync(file, "utf8"))
    } catch {
      return Effect.fail(refused("le fichier n'est pas un JSON lisible."))
    }
    if (!Array.isArray(parsed)) return Effect.fail(refused("une liste de profils est attendue."))
    const profiles: Array<TargetProfile.TargetProfile> = []
    for (const definition of parsed) {
      const decoded = TargetProfileDefinition.decodeUnknown(definition)
      if (Result.isFailure(decoded)) return Effect.fail(refused(decoded.failure.message))
      profiles.push(decoded.success)
    }
    return Effect.succeed(profiles)
  })

/**
 * The library's configuration for the CLI, with the target profiles of `ORGA_TARGET_PROFILES_FILE`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Effect.Effect<Orga.Config, FileError> =>
  Effect.map(addedTargetProfiles(env), (added) => ({
    ...config(env),
    targetProfiles: [TargetProfiles.sample, ...added]
  }))

/**
 * Every service of the library over the store, with the live clock and ids; the read models are rebuilt from
 * the log when the layer is built (the figures are `BackOffice.rebuild`).
 *
 * @category layers
 * @since 0.1.0
 */
export const orga = (where: Location = location()) =>
  Layer.unwrap(Effect.map(loadConfig(), Orga.layer)).pipe(Layer.provideMerge(store(where)), Layer.provide(Runtime.live))
