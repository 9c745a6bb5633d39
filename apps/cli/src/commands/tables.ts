/**
 * `tables rebuild` and `tables status` (issue 17 item 4): the read-model tables' versions. `rebuild` builds the
 * next version's table beside the live one from the log while the app keeps using the live one, shows its progress,
 * then switches every instance to it and drops the old one; `status` tells the live version, its checkpoint, the
 * log's head and a rebuild in progress. Both ask for a back-office identity and the tables on
 * (`ORGA_READ_MODEL_TABLES=on`).
 *
 * @since 0.3.0
 */
import { French } from "@orga/domain"
import { ReadModelTables, type TablesVersion } from "@orga/orga"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import { BadArgument } from "../Failure.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import { examples } from "../Run.ts"
import * as Store from "../Store.ts"

/**
 * `tables rebuild`: the versions before and after and the position the new table was built to.
 *
 * @category schemas
 * @since 0.3.0
 */
export const TablesRebuildJson = Schema.Struct({ from: Schema.Number, to: Schema.Number, checkpoint: Schema.String })

/**
 * `tables status`: the live version, its checkpoint, the log's head, whether it is there, and a version being
 * built (null when none).
 *
 * @category schemas
 * @since 0.3.0
 */
export const TablesStatusJson = Schema.Struct({
  live: Schema.Number,
  checkpoint: Schema.String,
  head: Schema.String,
  upToDate: Schema.Boolean,
  building: Schema.NullOr(Schema.Number)
})

/**
 * The progress line of a rebuild, in French: `Reconstruction des tables des modèles de lecture : 1 234 / 4 140
 * événements (30 %)`.
 *
 * @category getters
 * @since 0.3.0
 */
export const progressLine = (progress: TablesVersion.Progress): string => {
  const done = Number(progress.checkpoint)
  const total = Number(progress.head)
  const percent = total <= 0 ? 100 : Math.floor((Math.min(done, total) / total) * 100)
  return `Reconstruction des tables des modèles de lecture : ${French.integer(done)} / ${French.integer(total)} événements (${percent} %)`
}

// The tables' versions of the store named by the environment, or a French refusal.
const versionsOf = Effect.gen(function* () {
  if (!ReadModelTables.enabled(undefined))
    return yield* new BadArgument({
      code: "TABLES_OFF",
      message:
        "Les tables des modèles de lecture ne sont pas activées : lancez la commande avec ORGA_READ_MODEL_TABLES=on."
    })
  // The store layer provides the tables when they are on (its type does not say so).
  const found = yield* Effect.serviceOption(ReadModelTables.ReadModelTables)
  const tables = Option.getOrUndefined(found)
  if (tables?.versions === undefined)
    return yield* new BadArgument({
      code: "NO_VERSIONS",
      message: "Ce stockage ne gère pas les versions des tables des modèles de lecture."
    })
  return tables.versions
})

const rebuild = Command.make(
  "rebuild",
  {
    to: Flag.Int("to").pipe(
      Flag.withDescription("Version à construire (par défaut : la suivante de la version en service)."),
      Flag.optional
    )
  },
  (input) =>
    Effect.gen(function* () {
      yield* Actor.requireBackOffice
      const where = Store.location()
      const rebuilt = yield* Effect.gen(function* () {
        const versions = yield* versionsOf
        const status = yield* Effect.orDie(versions.status)
        const to = Option.getOrUndefined(input.to)
        if (to !== undefined && to <= status.live)
          return yield* new BadArgument({
            code: "VERSION_NOT_ABOVE",
            message: `La version ${to} n'est pas au-dessus de la version en service (${status.live}) : choisissez une version supérieure.`
          })
        const line = Progress.makeLine()
        return yield* versions
          .rebuild({ to, onProgress: (progress) => line.update(progressLine(progress)) })
          .pipe(Effect.ensuring(Effect.sync(line.end)), Effect.orDie)
      }).pipe(Effect.provide(Store.store(where)))
      yield* Output.emit(
        TablesRebuildJson,
        { from: rebuilt.from, to: rebuilt.to, checkpoint: String(rebuilt.checkpoint) },
        (r) =>
          `${Output.green("✓")} Tables des modèles de lecture reconstruites jusqu'à la position ${French.integer(Number(r.checkpoint))} et basculées sur la version ${r.to} (l'ancienne version ${r.from} est effacée).`
      )
    })
).pipe(
  Command.withDescription(
    "Reconstruit les tables des modèles de lecture dans une nouvelle version, à côté de celle en service (qui reste lue et tenue à jour), puis bascule toutes les instances dessus et efface l'ancienne."
  ),
  Command.withExamples(
    examples(
      ["ORGA_READ_MODEL_TABLES=on orga --as pix tables rebuild", "Reconstruit dans la version suivante"],
      ["ORGA_READ_MODEL_TABLES=on orga --as pix tables rebuild --to 3", "Reconstruit dans la version 3"]
    )
  )
)

const status = Command.make("status", {}, () =>
  Effect.gen(function* () {
    yield* Actor.requireBackOffice
    const found = yield* Effect.gen(function* () {
      const versions = yield* versionsOf
      return yield* Effect.orDie(versions.status)
    }).pipe(Effect.provide(Store.store(Store.location())))
    yield* Output.emit(
      TablesStatusJson,
      {
        live: found.live,
        checkpoint: String(found.checkpoint),
        head: String(found.head),
        upToDate: found.checkpoint >= found.head,
        building: found.building ?? null
      },
      (s) =>
        [
          `Tables des modèles de lecture : version ${s.live} en service, à la position ${French.integer(Number(s.checkpoint))} sur ${French.integer(Number(s.head))} (${s.upToDate ? "à jour" : "en retard"}).`,
          s.building === null ? "Aucune reconstruction en cours." : `Reconstruction en cours : version ${s.building}.`
        ].join("\n")
    )
  })
).pipe(
  Command.withDescription(
    "Donne la version en service des tables des modèles de lecture, sa position, celle du journal et une reconstruction en cours."
  ),
  Command.withExamples(examples(["ORGA_READ_MODEL_TABLES=on orga --as pix tables status", "Où en sont les tables"]))
)

/**
 * `tables`.
 *
 * @category constructors
 * @since 0.3.0
 */
export const command = Command.make("tables").pipe(
  Command.withDescription("Les tables des modèles de lecture (ORGA_READ_MODEL_TABLES=on) : leurs versions."),
  Command.withExamples(examples(["ORGA_READ_MODEL_TABLES=on orga --as pix tables status", "Version en service"])),
  Command.withSubcommands([rebuild, status])
)
