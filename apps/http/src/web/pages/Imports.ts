/**
 * The SIECLE import: the upload form (preview first, or import), the preview (who is added, updated, disabled,
 * and the students the file leaves out), the report of the last import (the skipped students, or the errors of a
 * refused file) and the history. The upload posts `multipart/form-data` to a path under `…/imports`, the one the
 * body limit gives 20 MB, with the CSRF token in the query (the CSRF check does not read multipart bodies).
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { Rosters } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpServerRequest, Multipart } from "effect/http"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Csrf from "../../auth/Csrf.ts"
import * as BodyLimit from "../../server/BodyLimit.ts"
import { type Html, html } from "../Html.ts"
import * as Page from "../Page.ts"

const reasons: Record<Views.SkippedStudent["reason"], string> = {
  LEFT: "A quitté l’établissement",
  NO_INE: "Sans INE",
  NO_DIVISION: "Sans classe"
}

/** The skipped students, as a sentence of counts then a table with the reason in French. */
const skippedSection = (skipped: Views.SkippedCounts, students: ReadonlyArray<Views.SkippedStudent>): Html => {
  const total = skipped.left + skipped.notArrived + skipped.noDivision
  if (total === 0) return html`<p>Aucun élève du fichier n’a été écarté.</p>`
  return html`<h3 id="eleves-ecartes">Élèves écartés du fichier</h3>
<p>${French.count(total, "élève écarté", "élèves écartés")} : ${French.count(skipped.left, "parti", "partis")}, ${French.count(skipped.notArrived, "sans INE", "sans INE")}, ${French.count(skipped.noDivision, "sans classe", "sans classe")}.</p>
<div class="table"><table><caption>Élèves écartés</caption><thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Classe</th><th scope="col">Raison</th></tr></thead>
<tbody>${students.map(
    (student) =>
      html`<tr><td>${student.lastName}</td><td>${student.firstName}</td><td>${student.division ?? "—"}</td><td>${reasons[student.reason]}${student.leftOn === null ? "" : ` le ${French.calendarDate(student.leftOn)}`}</td></tr>`
  )}</tbody></table></div>`
}

const uploadForm = (base: string, viewer: Page.Viewer, errors: ReadonlyArray<Page.FieldError>): Html =>
  html`<form method="post" action="${base}/imports?${Csrf.fieldName}=${encodeURIComponent(viewer.csrf)}" enctype="multipart/form-data" class="stack">
<div class="field${errors.length === 0 ? "" : " invalid"}"><label for="fichier">Fichier SIECLE<span class="hint" id="fichier-aide">Export « ElevesSansAdresses » de SIECLE, au format XML ou ZIP, 20 Mo au maximum.</span></label>
${errors.map((error) => html`<span class="error-text" id="fichier-erreur">${error.message}</span>`)}
<input type="file" id="fichier" name="fichier" accept=".xml,.zip" aria-describedby="fichier-aide${errors.length === 0 ? "" : " fichier-erreur"}"${errors.length === 0 ? "" : html` aria-invalid="true"`}></div>
<div class="actions"><button type="submit" name="action" value="apercu" class="secondary">Prévisualiser</button><button type="submit" name="action" value="importer">Importer</button></div>
</form>`

const entryReport = (entry: Views.ImportHistoryEntry): Html =>
  entry.status === "IMPORTED"
    ? html`<div class="alert success" role="status"><h2>Import réussi</h2><p>Le fichier « ${entry.fileName} » a été importé le ${French.dateTime(entry.occurredAt)}${entry.importedByName === null ? "" : ` par ${entry.importedByName}`}.</p>
<p>${French.count(entry.counts.imported, "élève importé ou mis à jour", "élèves importés ou mis à jour")}, ${French.count(entry.counts.disabled, "désactivé", "désactivés")}, ${French.count(entry.counts.reenabled, "réactivé", "réactivés")}.</p></div>
${skippedSection(entry.skipped, entry.skippedStudents)}`
    : html`<div class="alert error" role="alert"><h2>Fichier refusé</h2><p>${French.importStatus(entry.status)} : le fichier « ${entry.fileName} » n’a pas été importé. ${French.count(entry.errorTotal, "erreur", "erreurs")} à corriger dans SIECLE avant de l’importer à nouveau.</p></div>
<h3 id="erreurs-fichier">Erreurs du fichier</h3>
<ol>${entry.errors.map((error) => html`<li>${error.message}</li>`)}</ol>
${entry.errorTotal > entry.errors.length ? html`<p>… et ${French.count(entry.errorTotal - entry.errors.length, "autre erreur", "autres erreurs")}.</p>` : ""}`

const historyTable = (history: ReadonlyArray<Views.ImportHistoryEntry>): Html =>
  history.length === 0
    ? html`<p>Aucun import pour le moment.</p>`
    : html`<div class="table"><table><caption>Historique des imports</caption><thead><tr><th scope="col">Date</th><th scope="col">Fichier</th><th scope="col">Statut</th><th scope="col" class="hide-small">Par</th><th scope="col" class="num">Élèves</th><th scope="col" class="num">Écartés</th></tr></thead>
<tbody>${[...history]
        .reverse()
        .map(
          (entry) =>
            html`<tr><td>${French.dateTime(entry.occurredAt)}</td><td>${entry.fileName}</td><td>${French.importStatus(entry.status)}</td><td class="hide-small">${entry.importedByName ?? "—"}</td><td class="num">${French.integer(entry.counts.imported)}</td><td class="num">${French.integer(entry.skipped.left + entry.skipped.notArrived + entry.skipped.noDivision)}</td></tr>`
        )}</tbody></table></div>`

const importsPage = (options: {
  readonly context: Effect.Success<typeof Page.inOrganization>
  readonly history: ReadonlyArray<Views.ImportHistoryEntry>
  readonly showLast: boolean
  readonly preview?: Views.ImportPreview | undefined
  readonly errors?: ReadonlyArray<Page.FieldError> | undefined
}) => {
  const { organization, actor: _actor, ...viewer } = options.context
  const base = Page.orgPath(organization.organizationId)
  const last = options.history.at(-1)
  const lastImported = [...options.history].reverse().find((entry) => entry.status === "IMPORTED")
  const errors = options.errors ?? []
  const preview = options.preview
  return Page.respond({
    title: `Import SIECLE · ${organization.name}`,
    viewer,
    organization,
    section: "imports",
    hasErrors: errors.length > 0,
    body: html`<h1>Import SIECLE</h1>
<p class="lead">${
      lastImported === undefined
        ? "Aucune liste d’élèves importée pour le moment."
        : `Dernière liste importée le ${French.dateTime(lastImported.occurredAt)}${lastImported.importedByName === null ? "" : ` par ${lastImported.importedByName}`}.`
    }</p>
${Page.errorSummary(errors)}
${options.showLast && last !== undefined ? html`<section aria-label="Résultat du dernier import" id="resultat">${entryReport(last)}</section>` : ""}
${
  preview === undefined
    ? ""
    : html`<section aria-labelledby="apercu" id="resultat"><h2 id="apercu">Aperçu de « ${preview.fileName} » (année ${French.schoolYear(preview.schoolYear)})</h2>
<div class="alert" role="status"><p>Rien n’est encore importé. ${French.count(preview.studentsInFile, "élève", "élèves")} dans le fichier : ${French.count(preview.added.length, "nouvel élève", "nouveaux élèves")}, ${French.count(preview.updated.length, "mis à jour", "mis à jour")}, ${French.count(preview.disabled.length, "désactivé", "désactivés")}, ${French.count(preview.reenabled.length, "réactivé", "réactivés")}, ${French.count(preview.unchanged, "inchangé", "inchangés")}.</p></div>
${skippedSection(preview.skipped, preview.skippedStudents)}
${
  preview.added.length === 0
    ? ""
    : html`<details><summary>Nouveaux élèves (${French.integer(preview.added.length)})</summary><ul>${preview.added
        .slice(0, 200)
        .map(
          (learner) => html`<li>${learner.lastName} ${learner.firstName} (${learner.division})</li>`
        )}</ul></details>`
}
<p>Pour importer ce fichier, choisissez-le à nouveau ci-dessous puis « Importer ».</p></section>`
}
<h2>Importer la liste des élèves</h2>
${uploadForm(base, viewer, errors)}
<h2>Historique</h2>
${historyTable(options.history)}`
  })
}

/** The `fichier` part and the `action` field of the upload. */
const upload = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data"))
    return { action: "", file: undefined }
  let action = ""
  let file: { fileName: string; bytes: Uint8Array } | undefined
  yield* Stream.runForEach(request.multipartStream, (part) => {
    if (part._tag === "Field") {
      if (part.key === "action") action = part.value
      return Effect.void
    }
    if (part.key === "fichier" && file === undefined)
      return Effect.map(part.contentEffect, (bytes) => {
        file = { fileName: part.name, bytes }
      })
    return Stream.runDrain(part.content)
  })
  return { action, file }
}).pipe(Effect.provideContext(Multipart.limitsServices({ maxFileSize: BodyLimit.uploadLimitBytes, maxParts: 6 })))

const show = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const history = yield* (yield* Rosters.Rosters).importHistory(context.actor, context.organization.organizationId)
  const query = yield* Page.query
  return importsPage({ context, history, showLast: query.has("resultat") })
})

const post = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const rosters = yield* Rosters.Rosters
  const organizationId = context.organization.organizationId
  const received = yield* upload.pipe(
    Effect.map((value) => ({ ...value, tooLarge: false })),
    Effect.catchTag("MultipartError", (error) =>
      Effect.succeed({
        action: "",
        file: undefined,
        tooLarge: error.reason._tag === "FileTooLarge" || error.reason._tag === "BodyTooLarge"
      })
    )
  )
  const refuse = (message: string) =>
    Effect.map(rosters.importHistory(context.actor, organizationId), (history) =>
      importsPage({ context, history, showLast: false, errors: [{ field: "fichier", message }] })
    )
  if (received.tooLarge) return yield* refuse("Le fichier dépasse 20 Mo : exportez-le à nouveau depuis SIECLE.")
  const file = received.file
  if (file === undefined || file.fileName === "" || file.bytes.length === 0)
    return yield* refuse("Choisissez le fichier SIECLE à importer.")
  if (received.action === "apercu") {
    const preview = yield* rosters.previewSiecleImport(context.actor, { organizationId, ...file }).pipe(
      Effect.map((value) => ({ _tag: "Ok" as const, value })),
      Effect.catchTag("SiecleImportFailed", (error) => Effect.succeed({ _tag: "Refused" as const, error }))
    )
    if (preview._tag === "Refused")
      return yield* refuse(
        `Le fichier est refusé : ${preview.error.errors
          .slice(0, 5)
          .map((issue) => issue.message)
          .join(" ")}`
      )
    const history = yield* rosters.importHistory(context.actor, organizationId)
    return importsPage({ context, history, showLast: false, preview: preview.value })
  }
  const base = `${Page.orgPath(organizationId)}/imports`
  // A refused file is recorded in the history with its errors: both outcomes are shown by the report.
  return yield* rosters.importSiecleFile(context.actor, { organizationId, ...file }).pipe(
    Effect.as(Page.redirect(`${base}?resultat=importe#resultat`)),
    Effect.catchTag("SiecleImportFailed", () => Effect.succeed(Page.redirect(`${base}?resultat=refuse#resultat`)))
  )
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/espace/:organizationId/imports", show),
  Page.route("POST", "/espace/:organizationId/imports", post)
)
