/**
 * What every page shares: the signed-in viewer from the session cookie, the gates (signed in, Pix Orga's terms),
 * the layout (skip links, header, navigation, main landmark, footer), form fields and the error summary that
 * names each field, redirects after a post, and error pages in French.
 *
 * Pages call the library's services directly, as the API's handlers do, with the same actor from the same
 * session (`Actors`); a failure is shown as the French sentence the API would put in its problem's `detail`.
 *
 * @since 0.1.0
 */
import type { Views } from "@orga/orga"
import { Accounts, Team } from "@orga/orga"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Actors from "../api/Actors.ts"
import * as Csrf from "../auth/Csrf.ts"
import * as CurrentSession from "../auth/CurrentSession.ts"
import type * as RateLimit from "../safety/RateLimit.ts"
import * as Throttle from "../safety/Throttle.ts"
import * as ErrorStatus from "../server/ErrorStatus.ts"
import * as Problem from "../server/Problem.ts"
import { type Html, html, type Value } from "./Html.ts"
import * as Style from "./Style.ts"

/**
 * A page that answers with another address (after a post, or to sign in first): 303, the browser then GETs it.
 *
 * @category errors
 * @since 0.1.0
 */
export class Redirect extends Data.TaggedError("PageRedirect")<{ readonly location: string }> {}

/**
 * The person looking at a page: their account and the session's CSRF token (every form carries it).
 *
 * @category models
 * @since 0.1.0
 */
export interface Viewer {
  readonly userId: string
  readonly account: Views.AccountView
  readonly csrf: string
}

/**
 * The viewer of the request, when signed in with a live session.
 *
 * @category getters
 * @since 0.1.0
 */
export const viewer = Effect.gen(function* () {
  const session = yield* CurrentSession.optional
  if (session === undefined) return undefined
  const account = yield* (yield* Accounts.Accounts).account(session.accountId)
  if (account === null) return undefined
  const found: Viewer = { userId: session.accountId, account, csrf: session.csrfToken }
  return found
})

/**
 * The path and query of the request (where to come back after signing in).
 *
 * @category getters
 * @since 0.1.0
 */
export const here = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const url = new URL(request.url, "http://localhost")
  return url.pathname + url.search
})

/**
 * The signed-in viewer, or a redirect to the sign-in page that comes back here.
 *
 * @category getters
 * @since 0.1.0
 */
export const signedIn = Effect.gen(function* () {
  const found = yield* viewer
  if (found !== undefined) return found
  const back = yield* here
  return yield* Effect.fail(new Redirect({ location: `/connexion?retour=${encodeURIComponent(back)}` }))
})

/**
 * A staff viewer who accepted Pix Orga's terms (§8: nothing but the terms page until then).
 *
 * @category getters
 * @since 0.1.0
 */
export const staff = Effect.gen(function* () {
  const found = yield* signedIn
  if (!found.account.pixOrgaTermsOfServiceAccepted)
    return yield* Effect.fail(new Redirect({ location: `/cgu?retour=${encodeURIComponent(yield* here)}` }))
  return { ...found, actor: Actors.user(found.userId) }
})

/**
 * A staff viewer and the organization the path names (the library checks the membership).
 *
 * @category getters
 * @since 0.1.0
 */
export const inOrganization = Effect.gen(function* () {
  const who = yield* staff
  const { organizationId } = yield* HttpRouter.params
  const organization = yield* (yield* Team.Team).organization(who.actor, organizationId ?? "")
  return { ...who, organization }
})

/**
 * The urlencoded form of a post (already read by the CSRF check, then kept by the request).
 *
 * @category getters
 * @since 0.1.0
 */
export const form = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const text = yield* request.text
  return new URLSearchParams(text)
})

/**
 * The query of the request.
 *
 * @category getters
 * @since 0.1.0
 */
export const query = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) => new URL(request.url, "http://localhost").searchParams
)

/**
 * The rate limits of a page: the client address's bucket of the API route it stands for (the same bucket: the page
 * and the API are two doors to one action, `Throttle.defaultRoutes`), then the account's when given. A refusal is a
 * 429 page with `Retry-After`.
 *
 * @category combinators
 * @since 0.1.0
 */
export const throttle = (
  route: "signin" | "invitation" | "invitation-read" | "reconciliation",
  account?: readonly [key: string, rule: RateLimit.Rule]
) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const byAddress = Throttle.defaultRoutes.find((candidate) => candidate.name === route)
    yield* Throttle.guardInHandler([
      ...(byAddress === undefined
        ? []
        : [[`${route}:address:${Throttle.clientAddress(request)}`, byAddress.rule] as const]),
      ...(account === undefined ? [] : [account])
    ])
  })

/**
 * A field's error, named for the summary.
 *
 * @category models
 * @since 0.1.0
 */
export interface FieldError {
  /** The `id` of the field the summary links to. */
  readonly field: string
  readonly message: string
}

/**
 * The hidden CSRF field every form carries.
 *
 * @category constructors
 * @since 0.1.0
 */
export const csrfField = (viewer: { readonly csrf: string } | undefined): Html =>
  viewer === undefined ? html`` : html`<input type="hidden" name="${Csrf.fieldName}" value="${viewer.csrf}">`

/**
 * The error summary at the top of a refused form: a heading with the count, then one link per field. It takes the
 * focus when the page loads (`autofocus`, no script), so a keyboard or screen reader user starts from it.
 *
 * @category constructors
 * @since 0.1.0
 */
export const errorSummary = (errors: ReadonlyArray<FieldError>): Html =>
  errors.length === 0
    ? html``
    : html`<div class="alert error" role="alert" id="erreurs" tabindex="-1" autofocus>
<h2>${errors.length === 1 ? "Le formulaire contient une erreur" : `Le formulaire contient ${errors.length} erreurs`}</h2>
<ul>${errors.map((error) => html`<li><a href="#${error.field}">${error.message}</a></li>`)}</ul>
</div>`

/**
 * A labelled input with its hint and error, linked by `aria-describedby`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const input = (options: {
  readonly id: string
  readonly label: string
  readonly name?: string | undefined
  readonly type?: "text" | "email" | "password" | "search" | "date" | undefined
  readonly value?: string | undefined
  readonly hint?: string | undefined
  readonly autocomplete?: string | undefined
  readonly required?: boolean | undefined
  readonly errors?: ReadonlyArray<FieldError> | undefined
  readonly inputmode?: string | undefined
}): Html => {
  const error = options.errors?.find((e) => e.field === options.id)
  const described = [
    options.hint === undefined ? "" : `${options.id}-aide`,
    error === undefined ? "" : `${options.id}-erreur`
  ]
    .filter((id) => id !== "")
    .join(" ")
  return html`<div class="field${error === undefined ? "" : " invalid"}">
<label for="${options.id}">${options.label}${options.hint === undefined ? "" : html`<span class="hint" id="${options.id}-aide">${options.hint}</span>`}</label>
${error === undefined ? "" : html`<span class="error-text" id="${options.id}-erreur">${error.message}</span>`}
<input type="${options.type ?? "text"}" id="${options.id}" name="${options.name ?? options.id}"${options.value === undefined || options.type === "password" ? "" : html` value="${options.value}"`}${options.autocomplete === undefined ? "" : html` autocomplete="${options.autocomplete}"`}${options.inputmode === undefined ? "" : html` inputmode="${options.inputmode}"`}${options.required === true ? html` required aria-required="true"` : ""}${described === "" ? "" : html` aria-describedby="${described}"`}${error === undefined ? "" : html` aria-invalid="true"`}>
</div>`
}

/**
 * The staff navigation of an organization, the current section marked.
 *
 * @category models
 * @since 0.1.0
 */
export type Section = "accueil" | "eleves" | "imports" | "equipe" | "campagnes" | "certificabilite" | "journal"

const sections: ReadonlyArray<readonly [Section, string, string]> = [
  ["accueil", "", "Accueil"],
  ["campagnes", "/campagnes", "Campagnes"],
  ["eleves", "/eleves", "Élèves"],
  ["imports", "/imports", "Import SIECLE"],
  ["certificabilite", "/certificabilite", "Certificabilité"],
  ["equipe", "/equipe", "Équipe"],
  ["journal", "/journal", "Journal"]
]

/**
 * The base path of an organization's pages.
 *
 * @category getters
 * @since 0.1.0
 */
export const orgPath = (organizationId: string): string => `/espace/${encodeURIComponent(organizationId)}`

/**
 * A whole page.
 *
 * @category models
 * @since 0.1.0
 */
export interface PageOptions {
  readonly title: string
  readonly body: Value
  readonly viewer?: Viewer | undefined
  readonly organization?: Views.OrganizationView | undefined
  readonly section?: Section | undefined
  /** The student's space ("Mes parcours"). */
  readonly student?: boolean | undefined
  readonly status?: number | undefined
  /** A form on the page was refused: the title says so first. */
  readonly hasErrors?: boolean | undefined
}

/**
 * The document of a page.
 *
 * @category constructors
 * @since 0.1.0
 */
export const document = (options: PageOptions): string => {
  const { viewer, organization } = options
  const nav =
    organization !== undefined
      ? html`<nav class="main" id="menu" aria-label="Menu de l’établissement"><ul>${sections.map(
          ([section, suffix, label]) =>
            html`<li><a href="${orgPath(organization.organizationId)}${suffix}"${section === options.section ? html` aria-current="page"` : ""}>${label}</a></li>`
        )}</ul></nav>`
      : options.student === true
        ? html`<nav class="main" id="menu" aria-label="Menu de l’élève"><ul><li><a href="/eleve">Mes parcours</a></li><li><a href="/eleve/rejoindre">Rejoindre une campagne</a></li></ul></nav>`
        : ""
  const who =
    viewer === undefined
      ? html`<a href="/connexion">Se connecter</a>`
      : html`<span>${viewer.account.firstName} ${viewer.account.lastName}${organization === undefined ? "" : html` · <a href="/espace">${organization.name}</a>`}</span>
<form method="post" action="/deconnexion" class="inline">${csrfField(viewer)}<button type="submit" class="secondary">Se déconnecter</button></form>`
  const page = html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.hasErrors === true ? "Erreur : " : ""}${options.title} | Pix Orga</title>
<link rel="stylesheet" href="${Style.href}">
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>${nav === "" ? "" : html`<a class="skip" href="#menu">Aller au menu</a>`}
<header class="site" role="banner"><div class="bar">
<a class="brand" href="/"><span class="flag" aria-hidden="true"></span>Pix Orga</a>
<div class="who">${who}</div>
</div></header>
${nav}
<main id="contenu" tabindex="-1">
${options.body}
</main>
<footer class="site" role="contentinfo"><p>Pix Orga : l’espace des établissements scolaires pour suivre les compétences numériques de leurs élèves. <a href="/cgu">Conditions d’utilisation</a> · <a href="/docs">API</a></p></footer>
</body>
</html>`
  return page.value
}

/**
 * The response of a page: never cached (it shows a person's data), French.
 *
 * @category constructors
 * @since 0.1.0
 */
export const respond = (options: PageOptions): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(document(options), {
    status: options.status ?? (options.hasErrors === true ? 422 : 200),
    contentType: "text/html; charset=utf-8",
    headers: { "cache-control": "no-store", "content-language": "fr" }
  })

/**
 * A redirect to `location` (303 See Other: after a post, the browser follows with a GET).
 *
 * @category constructors
 * @since 0.1.0
 */
export const redirect = (location: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.empty({ status: 303, headers: { location, "cache-control": "no-store" } })

const hasTag = (value: unknown): value is { readonly _tag: string } =>
  typeof value === "object" && value !== null && typeof (value as { _tag?: unknown })._tag === "string"

/**
 * The French message and status of a failure a page lets through (a library error, an app problem).
 *
 * @category getters
 * @since 0.1.0
 */
export const explain = (
  error: unknown
): { readonly status: number; readonly message: string; readonly code: string } => {
  if (hasTag(error) && Object.hasOwn(ErrorStatus.statusByTag, error._tag)) {
    const problem = ErrorStatus.toProblem(error as ErrorStatus.KnownError)
    return { status: problem.status, message: problem.detail ?? problem.title, code: problem.code }
  }
  const problems: ReadonlyArray<new (...args: never) => Problem.Problem> = Object.values(Problem.byStatus)
  if (problems.some((Class) => error instanceof Class)) {
    const problem = error as Problem.Problem
    return { status: problem.status, message: problem.detail ?? problem.title, code: problem.code }
  }
  const internal = ErrorStatus.internal()
  return { status: 500, message: internal.detail ?? internal.title, code: internal.code }
}

const titles: Record<number, string> = {
  401: "Connexion nécessaire",
  403: "Accès refusé",
  404: "Page introuvable",
  409: "Action impossible",
  413: "Fichier trop volumineux",
  422: "Demande refusée",
  429: "Trop de tentatives",
  503: "Service indisponible"
}

/**
 * A route of a page: a redirect becomes a 303, any other failure an error page in French with its status.
 *
 * @category constructors
 * @since 0.1.0
 */
export const route = <E, R>(
  method: "GET" | "POST",
  path: HttpRouter.PathInput,
  handler: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
) =>
  HttpRouter.add(
    method,
    path,
    handler.pipe(
      Effect.catch((error: unknown) =>
        error instanceof Redirect
          ? Effect.succeed(redirect(error.location))
          : Effect.gen(function* () {
              const { status, message } = explain(error)
              const who = yield* Effect.orElseSucceed(viewer, () => undefined)
              return respond({
                title: titles[status] ?? "Erreur",
                status,
                viewer: who,
                body: html`<h1>${titles[status] ?? "Erreur"}</h1><div class="alert error"><p>${message}</p></div>
<p><a href="/">Revenir à l’accueil</a></p>`
              })
            })
      )
    )
  )
