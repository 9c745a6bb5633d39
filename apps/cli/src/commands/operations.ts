/**
 * Operations of the back office: `store stats`, `rebuild` (the read models from the whole log, with its
 * throughput), `verify` (two rebuilds by two paths, compared answer by answer), SQLite `backup` and `restore`.
 * Each one asks for a back-office identity (`--as` one of `ORGA_PIX_ADMINS`).
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { BackOffice, Orga, ReadModelTables, Replay, Runtime, Snapshots } from "@orga/orga"
import * as Context from "effect/Context"
import { Argument, Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Actor from "../Actor.ts"
import { BadArgument, FileError, NotInBatch } from "../Failure.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import { examples, SharedOrga } from "../Run.ts"
import * as Store from "../Store.ts"
import * as Compare from "./compare.ts"

/**
 * `store stats`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const StatsJson = Schema.Struct({
  store: Schema.Literals(["sqlite", "postgres"]),
  location: Schema.String,
  events: Schema.Number,
  streams: Schema.Number,
  lastPosition: Schema.String,
  sizeBytes: Schema.NullOr(Schema.Number)
})

/**
 * `rebuild`: what the library's start-up rebuild read and how fast.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RebuildJson = Schema.Struct({
  events: Schema.Number,
  millis: Schema.Number,
  foldMillis: Schema.Number,
  eventsPerSecond: Schema.Number,
  /** The position of the read-model snapshot the start loaded (ADR 0056), or null: the whole log was replayed. */
  snapshotPosition: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * `verify`: the answers compared and those that differ.
 *
 * @category schemas
 * @since 0.1.0
 */
export const VerifyJson = Schema.Struct({
  organizations: Schema.Number,
  answersCompared: Schema.Number,
  differences: Schema.Array(Schema.String),
  live: RebuildJson,
  scratch: RebuildJson,
  /**
   * The read-model tables compared with a fold of the whole log (`ORGA_READ_MODEL_TABLES=on`): the partitions that
   * differ (`router` for the router's row), the rows compared and the checkpoint they were read at; absent when
   * the tables are off.
   */
  tables: Schema.optional(
    Schema.Struct({ rows: Schema.Number, checkpoint: Schema.String, differing: Schema.Array(Schema.String) })
  )
})

/**
 * `backup` and `restore`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CopyJson = Schema.Struct({ from: Schema.String, to: Schema.String, sizeBytes: Schema.Number })

const sqliteOnly = (what: string) =>
  Effect.gen(function* () {
    const where = Store.location()
    if (where._tag === "Sqlite") return where
    return yield* new BadArgument({
      code: "SQLITE_ONLY",
      message: `${what} concerne le fichier SQLite : sur PostgreSQL, utilisez les outils du serveur (pg_dump, pg_restore).`
    })
  })

const sizeOf = (file: string): number =>
  [file, `${file}-wal`].reduce((total, path) => total + (Fs.existsSync(path) ? Fs.statSync(path).size : 0), 0)

const stats = Command.make("stats", {}, () =>
  Effect.gen(function* () {
    yield* Actor.requireBackOffice
    const where = Store.location()
    const figures = yield* Progress.spinner(
      "lecture du journal",
      Effect.gen(function* () {
        const replay = yield* Replay.Replay
        const streams = new Set<string>()
        let events = 0
        let lastPosition = 0n
        yield* replay.pages(0n).pipe(
          Stream.runForEach((page) =>
            Effect.sync(() => {
              events += page.data.length
              for (const stream of page.streamIds) streams.add(stream)
              lastPosition = page.lastPosition
            })
          )
        )
        return { events, streams: streams.size, lastPosition }
      }).pipe(Effect.provide(Store.store(where)))
    )
    yield* Output.emit(
      StatsJson,
      {
        store: where._tag === "Sqlite" ? "sqlite" : "postgres",
        location: where._tag === "Sqlite" ? where.file : where.schema,
        events: figures.events,
        streams: figures.streams,
        lastPosition: String(figures.lastPosition),
        sizeBytes: where._tag === "Sqlite" ? sizeOf(where.file) : null
      },
      (s) =>
        Output.table(
          ["Stockage", "Emplacement", "Événements", "Flux", "Dernière position", "Taille"],
          [
            [
              s.store === "sqlite" ? "SQLite" : "PostgreSQL",
              s.location,
              s.events,
              s.streams,
              s.lastPosition,
              s.sizeBytes === null ? "—" : `${(s.sizeBytes / 1024 / 1024).toFixed(1)} Mo`
            ]
          ]
        )
    )
  })
).pipe(
  Command.withDescription("Statistiques du stockage : événements, flux, dernière position, taille."),
  Command.withExamples(examples(["orga --as pix store stats", "Taille du journal"]))
)

const storeCommand = Command.make("store").pipe(
  Command.withDescription("Le stockage des événements."),
  Command.withExamples(examples(["orga --as pix store stats", "Taille du journal"])),
  Command.withSubcommands([stats])
)

const throughput = (figures: BackOffice.BackOfficeShape["rebuild"]) => ({
  events: figures.events,
  millis: figures.millis,
  foldMillis: figures.foldMillis,
  eventsPerSecond: figures.millis > 0 ? Math.round((figures.events / figures.millis) * 1000) : 0,
  snapshotPosition: figures.snapshotPosition == null ? null : figures.snapshotPosition.toString()
})

/**
 * The store's services without its replay reader nor its snapshots: the library then rebuilds from the whole log
 * through `readAll`.
 */
const withoutReplay = <R, E>(store: Layer.Layer<R, E>) =>
  Layer.effectContext(
    Effect.map(Effect.context<R>(), (context) =>
      Context.omit(Snapshots.Snapshots)(Context.omit(Replay.Replay)(context) as Context.Context<R>)
    )
  ).pipe(Layer.provide(store))

/** The store's services without its snapshots: the library replays the whole log (its fast path). */
const withoutSnapshots = <R, E>(store: Layer.Layer<R, E>) =>
  Layer.effectContext(Effect.map(Effect.context<R>(), Context.omit(Snapshots.Snapshots))).pipe(Layer.provide(store))

/**
 * The library's services over the store: `"snapshot"` starts from the newest read-model snapshot (as the app does),
 * `"replay"` replays the whole log through the replay pages, `"readAll"` through plain `readAll`.
 */
// Each instance folds the whole log in memory, whatever `ORGA_READ_MODELS` says: that fold is what is compared
// and measured (an instance serving from the tables would compare the tables with themselves).
const instance = (where: Store.Location, start: "snapshot" | "replay" | "readAll") =>
  Layer.unwrap(Effect.map(Store.loadConfig(), Orga.layer)).pipe(
    Layer.provide(
      start === "snapshot"
        ? Store.store(where, { readModels: "memory" })
        : start === "replay"
          ? withoutSnapshots(Store.store(where, { readModels: "memory" }))
          : withoutReplay(Store.store(where, { readModels: "memory" }))
    ),
    Layer.provide(Runtime.live)
  )

const rebuild = Command.make("rebuild", {}, () =>
  Effect.gen(function* () {
    yield* Actor.requireBackOffice
    const figures = yield* Progress.spinner(
      "reconstruction des modèles de lecture",
      // The whole log, snapshots aside (ADR 0056): what this command measures.
      Effect.map(BackOffice.BackOffice, (backOffice) => backOffice.rebuild).pipe(
        Effect.provide(instance(Store.location(), "replay"))
      )
    )
    yield* Output.emit(
      RebuildJson,
      throughput(figures),
      (r) =>
        `${Output.green("✓")} Modèles de lecture reconstruits : ${r.events} événements en ${Math.round(r.millis)} ms (${r.eventsPerSecond.toLocaleString("fr-FR")} événements/s, dont ${Math.round(r.foldMillis)} ms de calcul).`
    )
  })
).pipe(
  Command.withDescription("Reconstruit les modèles de lecture depuis tout le journal et donne le débit."),
  Command.withExamples(examples(["orga --as pix rebuild", "Reconstruit et mesure"]))
)

// The read-model tables of the store compared with a fold of the whole log, once their leader (this process or an
// app instance) has reached the head the log had when the check began.
const tablesCheck = (where: Store.Location) =>
  Effect.gen(function* () {
    const found = yield* Effect.serviceOption(ReadModelTables.ReadModelTables)
    if (found._tag === "None") return undefined
    const tables = found.value
    yield* tables.awaitHead
    const verification = yield* tables.verify
    return {
      rows: verification.rows,
      checkpoint: String(verification.checkpoint),
      differing: [...verification.differing, ...(verification.routerDiffers ? ["router"] : [])]
    }
  }).pipe(Effect.provide(Store.store(where)))

const verify = Command.make("verify", {}, () =>
  Effect.gen(function* () {
    const actor = yield* Actor.current
    const where = Store.location()
    const outcome = yield* Progress.spinner(
      "vérification",
      Compare.run(actor, instance(where, "snapshot"), instance(where, "readAll"))
    )
    const tables = ReadModelTables.enabled(undefined)
      ? yield* Progress.spinner("vérification des tables", tablesCheck(where))
      : undefined
    yield* Output.emit(
      VerifyJson,
      {
        ...outcome,
        live: throughput(outcome.live),
        scratch: throughput(outcome.scratch),
        ...(tables === undefined ? {} : { tables })
      },
      (v) =>
        [
          v.differences.length === 0
            ? `${Output.green("✓")} Les deux reconstructions concordent : ${v.answersCompared} réponses comparées sur ${v.organizations} organisation(s)${v.live.snapshotPosition == null ? "" : ` (l'une repartie de l'instantané à la position ${v.live.snapshotPosition})`}.`
            : [`${v.differences.length} différence(s) :`, ...v.differences.map((d) => `  - ${d}`)].join("\n"),
          ...(v.tables === undefined
            ? []
            : [
                v.tables.differing.length === 0
                  ? `${Output.green("✓")} Tables des modèles de lecture : conformes au journal (${v.tables.rows} lignes à la position ${v.tables.checkpoint}).`
                  : [
                      `Tables des modèles de lecture : ${v.tables.differing.length} partition(s) diffèrent du journal :`,
                      ...v.tables.differing.map((key) => `  - ${key}`)
                    ].join("\n")
              ])
        ].join("\n")
    )
    if (outcome.differences.length > 0 || (tables?.differing.length ?? 0) > 0) process.exitCode = 6
  })
).pipe(
  Command.withDescription(
    "Reconstruit deux fois (comme l'application : depuis le dernier instantané des modèles de lecture s'il y en a un, puis la lecture rapide du stockage ; ensuite tout le journal en lecture simple) et compare toutes les réponses pour les organisations de l'utilisateur (--as)."
  ),
  Command.withExamples(examples(["orga --as claire verify", "Vérifie les modèles de lecture du collège de Claire"]))
)

const backup = Command.make(
  "backup",
  { file: Argument.String("fichier").pipe(Argument.withDescription("Fichier de sauvegarde à créer.")) },
  (input) =>
    Effect.gen(function* () {
      yield* Actor.requireBackOffice
      const where = yield* sqliteOnly("La sauvegarde")
      const target = Path.resolve(input.file)
      if (Fs.existsSync(target))
        return yield* new FileError({
          path: target,
          message: `Le fichier ${input.file} existe déjà : rien n'a été écrit.`
        })
      if (!Fs.existsSync(where.file))
        return yield* new FileError({ path: where.file, message: `Aucun fichier ${where.file} à sauvegarder.` })
      yield* Progress.spinner(
        "sauvegarde",
        Effect.try({
          // VACUUM INTO copies one consistent snapshot (a read transaction), while the app keeps writing.
          try: () => {
            const database = new DatabaseSync(where.file)
            try {
              database.exec("PRAGMA busy_timeout = 10000")
              database.prepare("VACUUM INTO ?").run(target)
            } finally {
              database.close()
            }
          },
          catch: (cause) =>
            new FileError({
              path: target,
              message: `La sauvegarde a échoué : ${cause instanceof Error ? cause.message : String(cause)}.`
            })
        })
      )
      yield* Output.emit(
        CopyJson,
        { from: where.file, to: target, sizeBytes: Fs.statSync(target).size },
        () => `${Output.green("✓")} Sauvegarde écrite dans ${input.file}.`
      )
    })
).pipe(
  Command.withDescription("Copie cohérente du fichier SQLite, même pendant que l'application écrit (VACUUM INTO)."),
  Command.withExamples(examples(["orga --as pix backup sauvegardes/orga-2026-12-04.db", "Sauvegarde du jour"]))
)

const restore = Command.make(
  "restore",
  { file: Argument.String("fichier").pipe(Argument.withDescription("Sauvegarde à remettre en place.")) },
  (input) =>
    Effect.gen(function* () {
      yield* Actor.requireBackOffice
      if ((yield* SharedOrga) !== undefined)
        return yield* new NotInBatch({
          code: "RESTORE_IN_BATCH",
          message:
            "La restauration ne se fait pas dans orga batch, dont le stockage reste ouvert : lancez orga restore seul, application arrêtée."
        })
      const where = yield* sqliteOnly("La restauration")
      const source = Path.resolve(input.file)
      yield* Effect.try({
        // The backup is checked before anything is replaced: a file that is not an Orga store changes nothing.
        try: () => {
          const database = new DatabaseSync(source, { readOnly: true })
          try {
            database.prepare("SELECT count(*) AS n FROM events").get()
          } finally {
            database.close()
          }
        },
        catch: () =>
          new FileError({ path: source, message: `Le fichier ${input.file} n'est pas une sauvegarde Orga lisible.` })
      })
      yield* Effect.try({
        try: () => {
          Fs.mkdirSync(Path.dirname(where.file), { recursive: true })
          const temporary = `${where.file}.restore-${process.pid}`
          Fs.copyFileSync(source, temporary)
          for (const suffix of ["-wal", "-shm"]) Fs.rmSync(`${where.file}${suffix}`, { force: true })
          Fs.renameSync(temporary, where.file)
        },
        catch: (cause) =>
          new FileError({
            path: where.file,
            message: `La restauration a échoué : ${cause instanceof Error ? cause.message : String(cause)}.`
          })
      })
      yield* Output.emit(
        CopyJson,
        { from: source, to: where.file, sizeBytes: Fs.statSync(where.file).size },
        (c) => `${Output.green("✓")} ${c.from} restauré dans ${c.to}. Redémarrez l'application.`
      )
    })
).pipe(
  Command.withDescription("Remet une sauvegarde en place (application arrêtée)."),
  Command.withExamples(examples(["orga --as pix restore sauvegardes/orga-2026-12-04.db", "Restaure la sauvegarde"]))
)

/**
 * The operations' commands.
 *
 * @category constructors
 * @since 0.1.0
 */
export const commands = [storeCommand, rebuild, verify, backup, restore] as const
