/**
 * What a SIECLE import says (its outcome and the students it leaves out), and the preview confirmed without the
 * file (ADR 0052): `students import siecle --preview` (the library's `previewSiecleImport`, a question on the
 * terminal, then `confirmSiecleImport` in the same process, so the file is neither read nor planned twice), and
 * `students import preview` / `students import confirm` for scripts, within one `orga batch` (a preview's plan
 * lives in the process that made it).
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import { French } from "@orga/domain"
import { type Orga, Rosters, ViewSchemas } from "@orga/orga"
import { Argument, Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actor from "../Actor.ts"
import * as Files from "../Files.ts"
import * as Output from "../Output.ts"
import * as Progress from "../Progress.ts"
import * as Prompt from "../Prompt.ts"
import { examples, withOrga } from "../Run.ts"

const SkippedCounts = Schema.Struct({ left: Schema.Number, notArrived: Schema.Number, noDivision: Schema.Number })

/**
 * A student of the file left out of the import (`LEFT` on `leftOn`, `NO_INE`, `NO_DIVISION`), as SIECLE gives him.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SkippedStudentJson = ViewSchemas.SkippedStudent

/**
 * `students import siecle`: what the import did, with the students of the file it left out (`skipped` counts
 * them exactly by reason; `skippedStudents` lists them, the first 1,000 of each reason).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ImportJson = Schema.Struct({
  status: Schema.Literal("IMPORTED"),
  fileName: Schema.String,
  schoolYear: Schema.String,
  added: Schema.Number,
  updated: Schema.Number,
  disabled: Schema.Number,
  reenabled: Schema.Number,
  unchanged: Schema.Number,
  eventsAppended: Schema.Number,
  skipped: SkippedCounts,
  skippedStudents: Schema.Array(SkippedStudentJson)
})

/** Why a student of the file is left out, as the référent reads it. */
const skipReason = (student: typeof SkippedStudentJson.Type): string =>
  student.reason === "LEFT"
    ? student.leftOn === null || student.leftOn === ""
      ? "parti"
      : `parti le ${French.calendarDate(student.leftOn)}`
    : student.reason === "NO_INE"
      ? "sans INE"
      : "sans classe"

/**
 * The students an import leaves out, after its outcome: a sentence with the counts by reason, then a table
 * (nothing when none is left out).
 *
 * @category getters
 * @since 0.1.0
 */
export const skippedTable = (outcome: Pick<typeof ImportJson.Type, "skipped" | "skippedStudents">): string => {
  const { left, notArrived, noDivision } = outcome.skipped
  const total = left + notArrived + noDivision
  if (total === 0) return ""
  const listed = outcome.skippedStudents
  const more = total - listed.length
  return [
    `\n${French.count(total, "élève ignoré", "élèves ignorés")} (${French.count(left, "parti", "partis")}, ${notArrived} sans INE, ${noDivision} sans classe) :`,
    Output.table(
      ["Nom", "Prénom", "Classe", "Raison"],
      listed.map((student) => [student.lastName, student.firstName, student.division ?? "", skipReason(student)])
    ),
    ...(more > 0 ? [`… et ${French.count(more, "autre", "autres")}`] : [])
  ].join("\n")
}

/**
 * What an import did, for people: the counts, then the students it left out.
 *
 * @category getters
 * @since 0.1.0
 */
export const importedSentence = (o: typeof ImportJson.Type): string =>
  `${Output.green("✓")} Import de ${o.fileName} (année ${o.schoolYear}) : ${o.added} élève(s) ajouté(s), ${o.updated} mis à jour, ${o.disabled} désactivé(s), ${o.reenabled} réactivé(s), ${o.unchanged} inchangé(s).${skippedTable(o)}`

const PreviewLearnerJson = Schema.Struct({
  nationalStudentId: Schema.String,
  lastName: Schema.String,
  firstName: Schema.String,
  division: Schema.String
})

/**
 * `students import siecle --preview`, first document: what the import would do, student by student, and the
 * preview's id and expiry (the confirmation must come before it, or the file is read again).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PreviewJson = Schema.Struct({
  status: Schema.Literal("PREVIEW"),
  previewId: Schema.String,
  expiresAt: Schema.String,
  fileName: Schema.String,
  schoolYear: Schema.String,
  studentsInFile: Schema.Number,
  added: Schema.Array(PreviewLearnerJson),
  updated: Schema.Array(PreviewLearnerJson),
  disabled: Schema.Array(PreviewLearnerJson),
  reenabled: Schema.Array(PreviewLearnerJson),
  unchanged: Schema.Number,
  skipped: SkippedCounts,
  skippedStudents: Schema.Array(SkippedStudentJson)
})

/**
 * `students import siecle --preview`, second document: the answer to the question. `confirmed` false: nothing
 * was written (`import` is null). `fileReadAgain`: the preview had expired, the file (as read for the preview)
 * was planned again. `changedSincePreview`: what was imported differs from the preview (the roster changed in
 * between, so the library decided again on the current roster).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ConfirmationJson = Schema.Struct({
  previewId: Schema.String,
  confirmed: Schema.Boolean,
  fileReadAgain: Schema.Boolean,
  changedSincePreview: Schema.Boolean,
  import: Schema.NullOr(ImportJson)
})

type Preview = typeof PreviewJson.Type

const counts = (p: Preview) =>
  `${p.added.length} ajouté(s), ${p.updated.length} mis à jour, ${p.disabled.length} désactivé(s), ${p.reenabled.length} réactivé(s), ${p.unchanged} inchangé(s)`

// At most this many changed students are listed under the preview (the counts are always exact).
const listedChanges = 30

/** The preview for people: the counts, the changed students (the first ones), those left out, and the expiry. */
const previewText = (p: Preview): string => {
  const changes = [
    ...p.disabled.map((l) => [l, "désactivé"] as const),
    ...p.reenabled.map((l) => [l, "réactivé"] as const),
    ...p.updated.map((l) => [l, "mis à jour"] as const),
    ...p.added.map((l) => [l, "ajouté"] as const)
  ]
  const more = changes.length - listedChanges
  return [
    `Aperçu de ${p.fileName} (année ${p.schoolYear}), rien n'est encore enregistré : ${counts(p)}.`,
    ...(changes.length > 0
      ? [
          Output.table(
            ["Nom", "Prénom", "Classe", "Changement"],
            changes.slice(0, listedChanges).map(([l, change]) => [l.lastName, l.firstName, l.division, change])
          )
        ]
      : []),
    ...(more > 0 ? [`… et ${French.count(more, "autre", "autres")}`] : []),
    `${skippedTable(p).replace(/^\n/, "")}`,
    `Aperçu valable jusqu'au ${French.dateTime(p.expiresAt)}.`
  ]
    .filter((line) => line !== "")
    .join("\n")
}

const sameCounts = (p: Preview, o: typeof ImportJson.Type) =>
  p.added.length === o.added &&
  p.updated.length === o.updated &&
  p.disabled.length === o.disabled &&
  p.reenabled.length === o.reenabled &&
  p.unchanged === o.unchanged

/**
 * Previews an import, asks whether to import it (on stderr, the answer on stdin), and confirms the preview
 * without reading the file again. An expired preview (the question waited past `expiresAt`) is not an error:
 * the file as read for the preview is sent again with its id, as the library's fallback expects.
 *
 * @category constructors
 * @since 0.1.0
 */
export const previewThenConfirm = (
  actor: Orga.OrgaActor,
  request: { readonly organizationId: string; readonly fileName: string; readonly bytes: Uint8Array }
) =>
  Effect.gen(function* () {
    const rosters = yield* Rosters.Rosters
    const preview: Preview = {
      status: "PREVIEW",
      ...(yield* Progress.spinner("analyse du fichier SIECLE", rosters.previewSiecleImport(actor, request)))
    }
    yield* Output.emit(PreviewJson, preview, previewText)
    const confirmed = yield* Prompt.confirm("Importer ces élèves ?")
    if (!confirmed) {
      yield* Output.emit(
        ConfirmationJson,
        {
          previewId: preview.previewId,
          confirmed: false,
          fileReadAgain: false,
          changedSincePreview: false,
          import: null
        },
        () => "Import abandonné : rien n'a été enregistré."
      )
      return
    }
    let fileReadAgain = false
    const outcome = yield* Progress.spinner(
      "import du fichier SIECLE",
      rosters.confirmSiecleImport(actor, { organizationId: request.organizationId, previewId: preview.previewId }).pipe(
        Effect.catchIf(
          (error) => error._tag === "NotFound" && error.code === "SIECLE_PREVIEW_NOT_FOUND",
          () =>
            Effect.suspend(() => {
              fileReadAgain = true
              return rosters.importSiecleFile(actor, { ...request, previewId: preview.previewId })
            })
        )
      )
    )
    const changedSincePreview = !sameCounts(preview, outcome)
    yield* Output.emit(
      ConfirmationJson,
      { previewId: preview.previewId, confirmed: true, fileReadAgain, changedSincePreview, import: outcome },
      (c) =>
        [
          ...(c.fileReadAgain ? ["L'aperçu a expiré : le fichier a été analysé à nouveau."] : []),
          ...(c.changedSincePreview
            ? ["Les élèves de l'établissement ont changé depuis l'aperçu : l'import a été décidé à nouveau."]
            : []),
          importedSentence(outcome)
        ].join("\n")
    )
  })

const organization = Flag.String("organization").pipe(
  Flag.withAlias("o"),
  Flag.withDescription("Identifiant de l'organisation.")
)

/**
 * `orga students import preview`: the preview and its id, nothing asked, nothing written.
 *
 * @category constructors
 * @since 0.1.0
 */
export const preview = Command.make(
  "preview",
  { organization, file: Argument.String("fichier").pipe(Argument.withDescription("Fichier SIECLE (XML ou ZIP).")) },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const bytes = yield* Files.read(input.file)
        const rosters = yield* Rosters.Rosters
        const previewed = yield* Progress.spinner(
          "analyse du fichier SIECLE",
          rosters.previewSiecleImport(actor, {
            organizationId: input.organization,
            fileName: Path.basename(input.file),
            bytes
          })
        )
        yield* Output.emit(
          PreviewJson,
          { status: "PREVIEW", ...previewed },
          (p) =>
            `${previewText(p)}\nÀ confirmer dans le même « orga batch » : students import confirm -o ${input.organization} ${p.previewId}`
        )
      })
    )
).pipe(
  Command.withDescription(
    "Aperçu d'un import SIECLE et son identifiant, à confirmer sans le fichier dans le même « orga batch » (rien n'est enregistré)."
  ),
  Command.withExamples(
    examples(["orga --as claire students import preview -o org-1 eleves.xml", "Ce que l'import changerait"])
  )
)

/**
 * `orga students import confirm`: imports what a preview of the same process planned (`orga batch`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const confirm = Command.make(
  "confirm",
  {
    organization,
    previewId: Argument.String("apercu").pipe(
      Argument.withDescription("Identifiant de l'aperçu (students import preview).")
    )
  },
  (input) =>
    withOrga(
      Effect.gen(function* () {
        const actor = yield* Actor.current
        const outcome = yield* Progress.spinner(
          "import du fichier SIECLE",
          (yield* Rosters.Rosters).confirmSiecleImport(actor, {
            organizationId: input.organization,
            previewId: input.previewId
          })
        )
        yield* Output.emit(ImportJson, outcome, importedSentence)
      })
    )
).pipe(
  Command.withDescription(
    "Confirme un aperçu sans renvoyer le fichier, dans le « orga batch » qui l'a fait (un aperçu vit dans son processus)."
  ),
  Command.withExamples(
    examples([
      "orga --as claire students import confirm -o org-1 8d8e9176-77ec-4bb9-be8e-c1dc73399bc5",
      "Ligne d'un orga batch, après students import preview (qui a donné cet identifiant)"
    ])
  )
)
