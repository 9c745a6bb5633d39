/**
 * The student's side (Pix App's pages the workshop needs): joining a campaign with its code and the
 * reconciliation form, whose every refusal is the library's plain French sentence saying what to do; the
 * student's participations ("Mes parcours"), sending results, and, in a campaign that allows multiple sendings,
 * sending the profile again or retaking the assessment once shared (joining again with the campaign's code, as
 * Pix App does).
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { Participations } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import * as Layer from "effect/Layer"
import * as Actors from "../../api/Actors.ts"
import { html } from "../Html.ts"
import * as Page from "../Page.ts"

/** The participations the student may send again: the latest of each campaign of multiple sendings, shared. */
const sendableAgain = (mine: ReadonlyArray<Views.MyParticipation>): ReadonlySet<string> => {
  const latest = new Map<string, Views.MyParticipation>()
  for (const participation of mine) latest.set(participation.campaignId, participation)
  return new Set(
    [...latest.values()]
      .filter((participation) => participation.multipleSendings && participation.status === "SHARED")
      .map((participation) => participation.participationId)
  )
}

const againLabel = (type: Views.MyParticipation["type"]) =>
  type === "ASSESSMENT" ? "Repasser le parcours" : "Renvoyer mon profil"

const participationsPage = (
  viewer: Page.Viewer,
  mine: ReadonlyArray<Views.MyParticipation>,
  query: URLSearchParams,
  refusal: string | undefined
) => {
  const again = sendableAgain(mine)
  return Page.respond({
    title: "Mes parcours",
    viewer,
    student: true,
    ...(refusal === undefined ? {} : { status: 422 }),
    body: html`<h1>Mes parcours</h1>
${refusal === undefined ? "" : html`<div class="alert error" role="alert"><p>${refusal}</p></div>`}
${query.has("rejoint") ? html`<div class="alert success" role="status"><p>Vous avez rejoint la campagne. Bon parcours !</p></div>` : ""}
${query.has("renvoi") ? html`<div class="alert success" role="status"><p>C’est reparti : une nouvelle participation est commencée. Terminez-la dans Pix, puis envoyez-la.</p></div>` : ""}
${query.has("envoye") ? html`<div class="alert success" role="status"><p>Vos résultats sont envoyés à votre établissement.</p></div>` : ""}
<p><a class="button" href="/eleve/rejoindre">Rejoindre une campagne avec un code</a></p>
${
  mine.length === 0
    ? html`<p>Vous n’avez encore rejoint aucune campagne.</p>`
    : html`<div class="table"><table><caption>Mes campagnes</caption><thead><tr><th scope="col">Campagne</th><th scope="col" class="hide-small">Type</th><th scope="col">Statut</th><th scope="col" class="hide-small">Commencée le</th><th scope="col">Action</th></tr></thead>
<tbody>${mine.map(
        (participation) =>
          html`<tr><td>${participation.campaignName}</td><td class="hide-small">${French.campaignType(participation.type)}</td><td>${French.participationStatus(participation.status, participation.type)}</td><td class="hide-small">${French.date(participation.createdAt)}</td><td>${
            participation.status === "TO_SHARE" && participation.type === "ASSESSMENT"
              ? html`<form method="post" action="/eleve/participations/${encodeURIComponent(participation.participationId)}/envoyer" class="inline">${Page.csrfField(viewer)}<button type="submit">Envoyer mes résultats<span class="skip-label"> de ${participation.campaignName}</span></button></form>`
              : participation.status === "SHARED"
                ? html`Envoyés le ${participation.sharedAt === null ? "" : French.date(participation.sharedAt)}${
                    again.has(participation.participationId)
                      ? html`<form method="post" action="/eleve/participations/${encodeURIComponent(participation.participationId)}/renvoyer" class="below">${Page.csrfField(viewer)}<button type="submit" class="secondary">${againLabel(participation.type)}<span class="skip-label"> : ${participation.campaignName}</span></button></form>`
                      : ""
                  }`
                : participation.status === "STARTED"
                  ? "Parcours à terminer dans Pix"
                  : "Profil à envoyer depuis Pix"
          }</td></tr>`
      )}</tbody></table></div>`
}`
  })
}

const participations = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const mine = yield* (yield* Participations.Participations).myParticipations(Actors.user(viewer.userId))
  return participationsPage(viewer, mine, yield* Page.query, undefined)
})

/** Sending again: joining the campaign again with its code; the library checks that the campaign allows it. */
const sendAgain = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const { participationId = "" } = yield* HttpRouter.params
  const participations = yield* Participations.Participations
  const actor = Actors.user(viewer.userId)
  const mine = yield* participations.myParticipations(actor)
  const participation = mine.find((candidate) => candidate.participationId === participationId)
  if (participation === undefined) return Page.redirect("/eleve")
  const refusal = yield* participations.joinCampaign(actor, { code: participation.campaignCode }).pipe(
    Effect.as(undefined),
    Effect.catch((error) => Effect.succeed(Page.explain(error).message))
  )
  if (refusal !== undefined) return participationsPage(viewer, mine, new URLSearchParams(), refusal)
  return Page.redirect("/eleve?renvoi=1")
})

const joinPage = (
  viewer: Page.Viewer,
  options: { readonly values?: URLSearchParams; readonly errors?: ReadonlyArray<Page.FieldError> }
) => {
  const errors = options.errors ?? []
  const value = (name: string) => options.values?.get(name) ?? undefined
  return Page.respond({
    title: "Rejoindre une campagne",
    viewer,
    student: true,
    hasErrors: errors.length > 0,
    body: html`<h1>Rejoindre une campagne</h1>
<p class="lead">Saisissez le code donné par votre enseignant, puis vos nom, prénom et date de naissance tels que votre établissement les connaît.</p>
${Page.errorSummary(errors)}
<form method="post" action="/eleve/rejoindre" class="stack" novalidate>${Page.csrfField(viewer)}
${Page.input({ id: "code", label: "Code de la campagne", hint: "9 caractères, par exemple ABCDEF123", value: value("code"), autocomplete: "off", required: true, errors })}
${Page.input({ id: "firstName", label: "Prénom", value: value("firstName") ?? viewer.account.firstName, autocomplete: "given-name", required: true, errors })}
${Page.input({ id: "lastName", label: "Nom", value: value("lastName") ?? viewer.account.lastName, autocomplete: "family-name", required: true, errors })}
${Page.input({ id: "birthdate", label: "Date de naissance", hint: "Format : JJ/MM/AAAA, par exemple 14/05/2012", value: value("birthdate"), autocomplete: "bday", inputmode: "numeric", required: true, errors })}
${Page.input({ id: "participantExternalId", label: "Identifiant demandé par votre établissement (facultatif)", hint: "Seulement si votre enseignant vous en a donné un, par exemple votre numéro d’élève.", value: value("participantExternalId"), autocomplete: "off", errors })}
<div class="actions"><button type="submit">Rejoindre</button></div>
</form>`
  })
}

/** The field a refusal is about, for the summary's link. */
const fieldOf = (code: string, message: string): string =>
  /EXTERNAL/i.test(code) || /identifiant externe/i.test(message)
    ? "participantExternalId"
    : /naissance/i.test(message)
      ? "birthdate"
      : /CAMPAIGN|CODE/i.test(code) || /campagne|code/i.test(message)
        ? "code"
        : "lastName"

const join = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const form = yield* Page.form
  const code = (form.get("code") ?? "").trim().toUpperCase()
  const firstName = (form.get("firstName") ?? "").trim()
  const lastName = (form.get("lastName") ?? "").trim()
  const birthdateText = (form.get("birthdate") ?? "").trim()
  const birthdate = French.parseCalendarDate(birthdateText)
  const externalId = (form.get("participantExternalId") ?? "").trim()
  const errors: Array<Page.FieldError> = []
  if (code === "")
    errors.push({ field: "code", message: "Indiquez le code de la campagne donné par votre enseignant." })
  if (firstName === "") errors.push({ field: "firstName", message: "Indiquez votre prénom." })
  if (lastName === "") errors.push({ field: "lastName", message: "Indiquez votre nom." })
  if (birthdate === undefined)
    errors.push({
      field: "birthdate",
      message: "Indiquez votre date de naissance au format JJ/MM/AAAA, par exemple 14/05/2012."
    })
  if (errors.length > 0) return joinPage(viewer, { values: form, errors })
  yield* Page.throttle("reconciliation", [`reconciliation:account:${viewer.userId}`, Actors.joinPerAccount])
  const joined = yield* (yield* Participations.Participations)
    .joinCampaign(Actors.user(viewer.userId), {
      code,
      firstName,
      lastName,
      birthdate: birthdate!,
      ...(externalId === "" ? {} : { participantExternalId: externalId })
    })
    .pipe(
      Effect.as(undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error)))
    )
  if (joined !== undefined)
    return joinPage(viewer, {
      values: form,
      errors: [{ field: fieldOf(joined.code, joined.message), message: joined.message }]
    })
  return Page.redirect("/eleve?rejoint=1")
})

const share = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const { participationId = "" } = yield* HttpRouter.params
  yield* (yield* Participations.Participations).shareResults(Actors.user(viewer.userId), { participationId })
  return Page.redirect("/eleve?envoye=1")
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/eleve", participations),
  Page.route(
    "GET",
    "/eleve/rejoindre",
    Effect.map(Page.signedIn, (viewer) => joinPage(viewer, {}))
  ),
  Page.route("POST", "/eleve/rejoindre", join),
  Page.route("POST", "/eleve/participations/:participationId/envoyer", share),
  Page.route("POST", "/eleve/participations/:participationId/renvoyer", sendAgain)
)
