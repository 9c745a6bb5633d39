/**
 * Results and exports: `orga results` (by class), `orga export campaign|classes` (Pix's CSV), `orga
 * certificability` (by class, with the deadline) and `orga audit`.
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import { French } from "@orga/domain"
import { Reports, Rosters, Team, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Actor from "../Actor.ts"
import * as Files from "../Files.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import { examples, withOrga } from "../Run.ts"
import * as Analysis from "./analysis.ts"

/**
 * `results` (one entry per class).
 *
 * @category schemas
 * @since 0.1.0
 */
export const DivisionResultJson = ViewSchemas.DivisionResult

/**
 * `export campaign --output` and `export classes`: the files written.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ExportJson = Schema.Struct({
  files: Schema.Array(
    Schema.Struct({ division: Schema.NullOr(Schema.String), path: Schema.String, lines: Schema.Number })
  )
})

/**
 * `certificability`: the deadline and, per class, who is certifiable.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CertificabilityJson = ViewSchemas.CertificabilityReport

/**
 * `audit`: a page of the journal (one entry per event, newest first) and the `--before` of the next page.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AuditJson = ViewSchemas.AuditTrailPage

const organization = Flag.String("organization").pipe(
  Flag.withAlias("o"),
  Flag.withDescription("Identifiant de l'organisation.")
)
const campaign = Argument.String("campagne").pipe(Argument.withDescription("Identifiant de la campagne."))
const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)} %`)

const results = Command.make("results", { campaign }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const rows = yield* (yield* Reports.Reports).resultsByDivision(actor, input.campaign)
      yield* Output.emit(Schema.Array(DivisionResultJson), rows, (all) =>
        all.length === 0
          ? "Aucun résultat."
          : Output.table(
              ["Classe", "Élèves", "Participants", "Partagés", "Résultat moyen"],
              all.map((r) => [r.division, r.learners, r.participants, r.shared, percent(r.averageResult)])
            )
      )
    })
  )
).pipe(
  Command.withDescription("Résultats d'une campagne, par classe."),
  Command.withExamples(examples(["orga --as claire results camp-1", "Les résultats par classe"])),
  Command.withSubcommands(Analysis.subcommands)
)

const exportCampaign = Command.make(
  "campaign",
  {
    campaign,
    classes: Flag.String("class").pipe(
      Flag.withAlias("c"),
      Flag.withDescription("Seulement cette classe (option répétable)."),
      Flag.atLeast(0)
    ),
    output: Flag.String("output").pipe(
      Flag.withAlias("O"),
      Flag.withDescription("Fichier CSV à écrire (sinon la sortie standard)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const reports = yield* Reports.Reports
        const filter = input.classes.length > 0 ? { divisions: input.classes } : {}
        if (input.output._tag === "None") {
          // Line by line: a large campaign never sits whole in memory.
          yield* reports
            .exportResultsStream(actor, input.campaign, filter)
            .pipe(Stream.runForEach((line) => Effect.sync(() => process.stdout.write(line))))
          return
        }
        const path = input.output.value
        const csv = yield* Progress.spinner("export", reports.exportResults(actor, input.campaign, filter))
        const lines = [...csv.lines]
        yield* Files.write(path, lines.join(""))
        yield* Output.emit(
          ExportJson,
          { files: [{ division: null, path: Path.resolve(path), lines: lines.length }] },
          () => `${Output.green("✓")} Export écrit dans ${path} (${lines.length - 1} ligne(s) de résultats).`
        )
      })
    )
).pipe(
  Command.withDescription("Exporte les résultats d'une campagne en CSV (format Pix)."),
  Command.withExamples(
    examples(
      ["orga --as claire export campaign camp-1 --output resultats.csv", "Dans un fichier"],
      ["orga --as claire export campaign camp-1 > resultats.csv", "Sur la sortie standard"],
      ["orga --as claire export campaign camp-1 --class 3A -O 3A.csv", "Une seule classe"]
    )
  )
)

const exportClasses = Command.make(
  "classes",
  {
    campaign,
    folder: Flag.String("folder").pipe(
      Flag.withAlias("d"),
      Flag.withDescription("Dossier où écrire un CSV par classe.")
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const reports = yield* Reports.Reports
        const campaigns = yield* reports.campaignResults(actor, input.campaign)
        const divisions = yield* (yield* Rosters.Rosters).divisions(actor, campaigns.campaign.organizationId)
        yield* Files.folder(input.folder)
        const files: Array<{ division: string | null; path: string; lines: number }> = []
        for (const division of divisions) {
          const csv = yield* reports.exportResults(actor, input.campaign, { divisions: [division] })
          const lines = [...csv.lines]
          const path = Path.resolve(input.folder, `${division.replace(/[^\p{L}\p{N}_-]+/gu, "_")}.csv`)
          yield* Files.write(path, lines.join(""))
          files.push({ division, path, lines: lines.length })
        }
        yield* Output.emit(ExportJson, { files }, (e) =>
          [
            `${Output.green("✓")} ${e.files.length} fichier(s) écrit(s) dans ${input.folder} :`,
            Output.table(
              ["Classe", "Fichier", "Lignes"],
              e.files.map((f) => [f.division ?? "", Path.basename(f.path), f.lines - 1])
            )
          ].join("\n")
        )
      })
    )
).pipe(
  Command.withDescription("Exporte les résultats d'une campagne, un fichier CSV par classe."),
  Command.withExamples(examples(["orga --as claire export classes camp-1 --folder exports/", "Un CSV par classe"]))
)

const exportCommand = Command.make("export").pipe(
  Command.withDescription("Exports CSV des résultats (format Pix)."),
  Command.withExamples(examples(["orga --as claire export campaign camp-1 -O resultats.csv", "Export CSV"])),
  Command.withSubcommands([exportCampaign, exportClasses])
)

const certificability = Command.make("certificability", { organization }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const report = yield* (yield* Reports.Reports).certificability(actor, input.organization)
      yield* Output.emit(CertificabilityJson, report, (r) =>
        [
          `Année ${r.schoolYear} : date limite de collecte le ${r.deadline} (${r.daysLeft} jour(s) restant(s)).`,
          Output.table(
            ["Classe", "Élèves", "Certifiables", "Non certifiables", "Pas encore partagé"],
            r.divisions.map((d) => [
              d.division,
              d.learners,
              d.certifiable.length,
              d.notCertifiable.length,
              d.notSharedYet.length
            ])
          )
        ].join("\n")
      )
    })
  )
).pipe(
  Command.withDescription("Certificabilité des élèves par classe, avec la date limite."),
  Command.withExamples(examples(["orga --as claire certificability -o org-1", "Qui est certifiable"]))
)

const audit = Command.make(
  "audit",
  {
    organization,
    limit: Flag.Int("limit").pipe(Flag.withDescription("Nombre d'entrées au plus (1 à 1000)."), Flag.withDefault(50)),
    before: Flag.String("before").pipe(
      Flag.withDescription("Les entrées antérieures à cette position (la page suivante, qu'indique la précédente)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        // The organization is read first so an unknown one is `NotFound`, not an empty trail.
        yield* (yield* Team.Team).organization(actor, input.organization)
        const page = yield* (yield* Reports.Reports).auditTrail(actor, input.organization, {
          limit: input.limit,
          ...(input.before._tag === "Some" ? { before: input.before.value } : {})
        })
        yield* Output.emit(AuditJson, page, (p) =>
          [
            p.entries.length === 0
              ? "Aucune entrée."
              : Output.table(
                  ["Position", "Date", "Par", "Action", "Événement"],
                  p.entries.map((a) => [
                    a.position,
                    French.dateTime(a.occurredAt),
                    a.actorName ?? a.actorId ?? "",
                    a.useCase,
                    a.event
                  ])
                ),
            ...(p.next === null
              ? []
              : [
                  `Entrées plus anciennes : orga audit -o ${input.organization} --limit ${input.limit} --before ${p.next}`
                ])
          ].join("\n")
        )
      })
    )
).pipe(
  Command.withDescription("Journal d'audit d'une organisation, du plus récent au plus ancien, par pages."),
  Command.withExamples(
    examples(
      ["orga --as claire audit -o org-1 --limit 20", "Les 20 dernières actions"],
      ["orga --as claire audit -o org-1 --limit 20 --before 1234", "Les 20 précédentes (page suivante)"]
    )
  )
)

/**
 * The reporting commands.
 *
 * @category constructors
 * @since 0.1.0
 */
export const commands = [results, exportCommand, certificability, audit] as const
