/**
 * `orga students …`: import a SIECLE file (progress on stderr, every problem of a refused file), list the
 * students by class, explain why a student could not join, and the import history.
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import { French } from "@orga/domain"
import { Rosters, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import { BadArgument } from "../Failure.ts"
import * as Files from "../Files.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import { examples, withOrga } from "../Run.ts"
import * as SiecleImport from "./siecleImport.ts"
import * as StudentAccounts from "./studentAccounts.ts"

/**
 * A student of the file left out of the import (`LEFT` on `leftOn`, `NO_INE`, `NO_DIVISION`), as SIECLE gives him.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SkippedStudentJson = SiecleImport.SkippedStudentJson

/**
 * `students import siecle`: what the import did, with the students of the file it left out.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ImportJson = SiecleImport.ImportJson

const { skippedTable } = SiecleImport

/**
 * `students list` (one entry per student).
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnerJson = Schema.Struct({
  learnerId: Schema.String,
  lastName: Schema.String,
  firstName: Schema.String,
  birthdate: Schema.String,
  division: Schema.String,
  nationalStudentId: Schema.String,
  isDisabled: Schema.Boolean,
  isLinkedToAccount: Schema.Boolean,
  participationCount: Schema.Number,
  certificability: Schema.Literals(["Certifiable", "Non Certifiable", "Non communiqué"]),
  connectionMethods: Schema.Array(Schema.Literals(["email", "identifiant", "mediacentre"]))
})

/**
 * `students list --page N`: one page of the students and where it sits.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnersPageJson = ViewSchemas.LearnersPage

/**
 * `students why-refused`: the verdict and the close candidates with their reasons.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RefusalJson = ViewSchemas.RefusalExplanation

/**
 * `students imports` (one entry per import, refused ones with their errors).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ImportHistoryJson = ViewSchemas.ImportHistoryEntry

// The "Connexion" column: the student's connection methods as Pix names them ("Aucune" without an account).
const connectionLabel = (methods: ReadonlyArray<"email" | "identifiant" | "mediacentre">): string =>
  methods.length === 0 ? French.connectionMethod("none") : methods.map(French.connectionMethod).join(", ")

const organization = Flag.String("organization").pipe(
  Flag.withAlias("o"),
  Flag.withDescription("Identifiant de l'organisation.")
)

const siecle = Command.make(
  "siecle",
  {
    organization,
    file: Argument.String("fichier").pipe(Argument.withDescription("Fichier SIECLE (XML ou ZIP).")),
    dryRun: Flag.Boolean("dry-run").pipe(
      Flag.withDescription("Montre ce que l'import changerait, sans rien enregistrer."),
      Flag.withDefault(false)
    ),
    preview: Flag.Boolean("preview").pipe(
      Flag.withDescription(
        "Montre l'aperçu, puis demande « Importer ces élèves ? [o/N] » (réponse sur l'entrée standard) et importe sans relire le fichier."
      ),
      Flag.withDefault(false)
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        if (input.dryRun && input.preview)
          return yield* new BadArgument({
            code: "DRY_RUN_OR_PREVIEW",
            message:
              "Choisissez --dry-run (rien n'est enregistré) ou --preview (aperçu puis confirmation), pas les deux."
          })
        const actor = yield* Actor.current
        const bytes = yield* Files.read(input.file)
        const rosters = yield* Rosters.Rosters
        const request = { organizationId: input.organization, fileName: Path.basename(input.file), bytes }
        if (input.preview) return yield* SiecleImport.previewThenConfirm(actor, request)
        if (input.dryRun) {
          const preview = yield* Progress.spinner(
            "analyse du fichier SIECLE",
            rosters.previewSiecleImport(actor, request)
          )
          yield* Output.emit(
            ImportJson,
            {
              status: "IMPORTED",
              fileName: preview.fileName,
              schoolYear: preview.schoolYear,
              added: preview.added.length,
              updated: preview.updated.length,
              disabled: preview.disabled.length,
              reenabled: preview.reenabled.length,
              unchanged: preview.unchanged,
              eventsAppended: 0,
              skipped: preview.skipped,
              skippedStudents: preview.skippedStudents
            },
            (p) =>
              `Simulation (rien n'est enregistré) : ${p.added} ajouté(s), ${p.updated} mis à jour, ${p.disabled} désactivé(s), ${p.reenabled} réactivé(s), ${p.unchanged} inchangé(s).${skippedTable(p)}`
          )
          return
        }
        const outcome = yield* Progress.spinner("import du fichier SIECLE", rosters.importSiecleFile(actor, request))
        yield* Output.emit(ImportJson, outcome, SiecleImport.importedSentence)
      })
    )
).pipe(
  Command.withDescription("Importe un fichier SIECLE : tout ou rien, chaque erreur d'un fichier refusé est listée."),
  Command.withExamples(
    examples(
      ["orga --as claire students import siecle -o org-1 eleves.xml", "Importe les élèves du collège"],
      ["orga --as claire students import siecle -o org-1 --dry-run eleves.zip", "Montre ce qui changerait"],
      ["orga --as claire students import siecle -o org-1 --preview eleves.xml", "Aperçu, puis confirmation (o/N)"]
    )
  )
)

const importCommand = Command.make("import").pipe(
  Command.withDescription("Importe des élèves."),
  Command.withExamples(examples(["orga --as claire students import siecle -o org-1 eleves.xml", "Import SIECLE"])),
  Command.withSubcommands([siecle, SiecleImport.preview, SiecleImport.confirm])
)

const list = Command.make(
  "list",
  {
    organization,
    classes: Flag.String("class").pipe(
      Flag.withAlias("c"),
      Flag.withDescription("Seulement cette classe (option répétable)."),
      Flag.atLeast(0)
    ),
    disabled: Flag.Boolean("include-disabled").pipe(
      Flag.withDescription("Inclut les élèves désactivés."),
      Flag.withDefault(false)
    ),
    search: Flag.String("search").pipe(
      Flag.withDescription("Seulement les élèves dont le nom contient ce texte."),
      Flag.optional
    ),
    certificability: Flag.Literals("certificability", ["eligible", "non-eligible", "not-available"]).pipe(
      Flag.withDescription(
        "Seulement les élèves certifiables (eligible), non certifiables (non-eligible) ou non communiqués (not-available) ; option répétable."
      ),
      Flag.atLeast(0)
    ),
    connection: Flag.Literals("connection", [
      "none",
      "email",
      "identifiant",
      "mediacentre",
      "without_mediacentre"
    ]).pipe(
      Flag.withDescription(
        "Seulement les élèves qui se connectent ainsi : none (aucune), email, identifiant, mediacentre, without_mediacentre ; option répétable."
      ),
      Flag.atLeast(0)
    ),
    page: Flag.Int("page").pipe(
      Flag.withDescription(
        "Une page de la liste (à partir de 1), triée par nom ; --json donne { learners, pagination }."
      ),
      Flag.optional
    ),
    pageSize: Flag.Int("page-size").pipe(
      Flag.withDescription("Élèves par page avec --page (de 1 à 100, 50 par défaut)."),
      Flag.optional
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const rosters = yield* Rosters.Rosters
        const filter = {
          ...(input.classes.length > 0 ? { divisions: input.classes } : {}),
          includeDisabled: input.disabled,
          ...(input.search._tag === "Some" ? { search: input.search.value } : {}),
          ...(input.certificability.length > 0 ? { certificability: input.certificability } : {}),
          ...(input.connection.length > 0 ? { connectionTypes: input.connection } : {})
        }
        if (input.page._tag === "Some" || input.pageSize._tag === "Some") {
          const page = yield* rosters.learnersPage(actor, input.organization, {
            ...filter,
            ...(input.page._tag === "Some" ? { page: input.page.value } : {}),
            ...(input.pageSize._tag === "Some" ? { pageSize: input.pageSize.value } : {})
          })
          yield* Output.emit(LearnersPageJson, page, (p) => {
            const { page: number, pageCount, rowCount } = p.pagination
            const header = `Page ${number} sur ${Math.max(pageCount, 1)} (${French.count(rowCount, "élève")})`
            return p.learners.length === 0
              ? `${header} : aucun élève sur cette page.`
              : `${header}\n${Output.table(
                  ["Nom", "Prénom", "Classe", "Naissance", "Connexion", "Participations", "Certificabilité"],
                  p.learners.map((l) => [
                    l.lastName,
                    l.firstName,
                    l.division,
                    French.calendarDate(l.birthdate),
                    connectionLabel(l.connectionMethods),
                    l.participationCount,
                    l.certificability
                  ])
                )}`
          })
          return
        }
        const learners = yield* rosters.learners(actor, input.organization, filter)
        yield* Output.emit(Schema.Array(LearnerJson), learners, (all) => {
          if (all.length === 0) return "Aucun élève."
          const byClass = new Map<string, Array<(typeof all)[number]>>()
          for (const learner of all) byClass.set(learner.division, [...(byClass.get(learner.division) ?? []), learner])
          return [...byClass.keys()]
            .sort()
            .map((division) => {
              const rows = byClass.get(division) ?? []
              return `${Output.bold(`Classe ${division}`)} (${rows.length} élève(s))\n${Output.table(
                ["Nom", "Prénom", "Naissance", "INE", "Connexion", "Participations", "Certificabilité"],
                rows.map((l) => [
                  l.lastName,
                  l.firstName,
                  l.birthdate,
                  l.nationalStudentId,
                  connectionLabel(l.connectionMethods),
                  l.participationCount,
                  l.isDisabled ? `${l.certificability} (désactivé)` : l.certificability
                ])
              )}`
            })
            .join("\n\n")
        })
      })
    )
).pipe(
  Command.withDescription(
    "Liste les élèves, par classe (filtres : classe, nom, certificabilité, méthode de connexion ; --page pour une page)."
  ),
  Command.withExamples(
    examples(
      ["orga --as claire students list -o org-1 --class 3A", "Les élèves de 3A"],
      [
        "orga --as claire students list -o org-1 --certificability eligible --connection email",
        "Les certifiables qui se connectent par e-mail"
      ],
      ["orga --as claire students list -o org-1 --page 2 --page-size 50", "La deuxième page de 50 élèves"]
    )
  )
)

const whyRefused = Command.make(
  "why-refused",
  {
    organization,
    firstName: Flag.String("first-name").pipe(Flag.withDescription("Prénom saisi par l'élève.")),
    lastName: Flag.String("last-name").pipe(Flag.withDescription("Nom saisi par l'élève.")),
    birthdate: Flag.String("birthdate").pipe(Flag.withDescription("Date de naissance saisie, AAAA-MM-JJ."))
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const explanation = yield* (yield* Rosters.Rosters).whyRefused(actor, input.organization, {
          firstName: input.firstName,
          lastName: input.lastName,
          birthdate: input.birthdate
        })
        yield* Output.emit(RefusalJson, explanation, (e) =>
          [
            e.verdict === null ? "L'élève serait reconnu." : `Refus : ${e.verdict.message} (${e.verdict.code})`,
            ...e.candidates.map(
              (c) =>
                `- ${c.lastName} ${c.firstName} (${c.division}) : ${c.reasons.map((r) => r.message).join(" ") || "correspond"}`
            )
          ].join("\n")
        )
      })
    )
).pipe(
  Command.withDescription("Explique pourquoi un élève n'a pas été reconnu en rejoignant une campagne."),
  Command.withExamples(
    examples([
      "orga --as claire students why-refused -o org-1 --first-name Zoe --last-name Dupont --birthdate 2012-05-04",
      "Pourquoi Zoé n'a pas été reconnue"
    ])
  )
)

const imports = Command.make("imports", { organization }, (input) =>
  withOrga(
    Effect.gen(function* () {
      const actor = yield* Actor.current
      const history = yield* (yield* Rosters.Rosters).importHistory(actor, input.organization)
      yield* Output.emit(Schema.Array(ImportHistoryJson), history, (all) =>
        all.length === 0
          ? "Aucun import."
          : Output.table(
              ["Date", "Fichier", "Année", "Statut", "Par", "Importés", "Désactivés", "Réactivés", "Erreurs"],
              all.map((h) => [
                h.occurredAt,
                h.fileName,
                h.schoolYear ?? "",
                h.status === "IMPORTED" ? "importé" : "refusé",
                h.importedBy,
                h.counts.imported,
                h.counts.disabled,
                h.counts.reenabled,
                h.errors.length
              ])
            )
      )
    })
  )
).pipe(
  Command.withDescription("Historique des imports SIECLE."),
  Command.withExamples(examples(["orga --as claire students imports -o org-1", "Les imports du collège"]))
)

/**
 * `orga students`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const command = Command.make("students").pipe(
  Command.withDescription(
    "Les élèves : import SIECLE, liste par classe, refus de rattachement, historique, compte et identifiant."
  ),
  Command.withExamples(examples(["orga --as claire students list -o org-1", "Tous les élèves"])),
  Command.withSubcommands([importCommand, list, whyRefused, imports, StudentAccounts.account, StudentAccounts.username])
)
