/**
 * Signing in, signing up, signing out and Pix Orga's terms of use, as pages. The checks are the API's
 * (`AccountsHandlers`): the same password rule, the same argon2id credentials, the same per-account rate limit,
 * the same cookie session; a student without e-mail gets Pix's generated username (§5.4.3) and is shown it.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Accounts } from "@orga/orga"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Layer from "effect/Layer"
import * as AccountsHandlers from "../../api/AccountsHandlers.ts"
import * as Actors from "../../api/Actors.ts"
import { CredentialStore } from "../../auth/CredentialStore.ts"
import * as Password from "../../auth/Password.ts"
import * as SessionCookie from "../../auth/SessionCookie.ts"
import { SessionStore } from "../../auth/SessionStore.ts"
import * as Sessions from "../../auth/Sessions.ts"
import { behindTls, Config } from "../../Config.ts"
import { html } from "../Html.ts"
import * as Page from "../Page.ts"

/**
 * Only a path of this site may be a destination after signing in: never `//elsewhere` or `/\\elsewhere`, and only
 * visible ASCII (a decoded line break would otherwise reach the `Location` header).
 */
const safeReturn = (value: string | null): string | undefined =>
  value !== null && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : undefined

/** Where a signed-in person starts: the organizations of a member, "Mes parcours" of anyone else. */
const home = (userId: string) =>
  Effect.gen(function* () {
    const organizations = yield* (yield* Accounts.Accounts)
      .logIntoOrga(Actors.user(userId))
      .pipe(Effect.orElseSucceed(() => []))
    return organizations.length > 0 ? "/espace" : "/eleve"
  })

const withCookie = (response: HttpServerResponse.HttpServerResponse, cookie: string) =>
  HttpServerResponse.setHeader(response, "set-cookie", cookie)

const signInPage = (options: {
  readonly viewer: Page.Viewer | undefined
  readonly login?: string
  readonly back?: string | undefined
  readonly errors?: ReadonlyArray<Page.FieldError>
}) =>
  Page.respond({
    title: "Connexion",
    viewer: options.viewer,
    hasErrors: (options.errors ?? []).length > 0,
    body: html`<h1>Connexion à Pix Orga</h1>
<p class="lead">Personnels de l’établissement et élèves : connectez-vous avec votre adresse e-mail ou votre identifiant.</p>
${Page.errorSummary(options.errors ?? [])}
<form method="post" action="/connexion" class="stack" novalidate>
${Page.csrfField(options.viewer)}
${options.back === undefined ? "" : html`<input type="hidden" name="retour" value="${options.back}">`}
${Page.input({ id: "login", label: "Adresse e-mail ou identifiant", hint: "Par exemple : nom@college.fr ou prenom.nom1205", value: options.login, autocomplete: "username", required: true, errors: options.errors })}
${Page.input({ id: "password", label: "Mot de passe", type: "password", autocomplete: "current-password", required: true, errors: options.errors })}
<div class="actions"><button type="submit">Se connecter</button></div>
</form>
<h2>Pas encore de compte ?</h2>
<p><a href="/inscription${options.back === undefined ? "" : `?retour=${encodeURIComponent(options.back)}`}">Créer un compte</a> (élèves, et personnels invités par leur établissement).</p>`
  })

const signIn = Effect.gen(function* () {
  const viewer = yield* Page.viewer
  const form = yield* Page.form
  const login = (form.get("login") ?? "").trim()
  const password = form.get("password") ?? ""
  const back = safeReturn(form.get("retour"))
  const errors: Array<Page.FieldError> = []
  if (login === "") errors.push({ field: "login", message: "Indiquez votre adresse e-mail ou votre identifiant." })
  if (password === "") errors.push({ field: "password", message: "Indiquez votre mot de passe." })
  if (errors.length > 0) return signInPage({ viewer, login, back, errors })
  const normalized = login.toLowerCase()
  yield* Page.throttle("signin", [`signin:account:${normalized}`, AccountsHandlers.signInPerAccount])
  const account = yield* (yield* Accounts.Accounts).accountByLogin(normalized)
  const credentials = yield* CredentialStore
  const stored = account === null ? undefined : yield* credentials.get(account.userId)
  const verification =
    account === null || stored === undefined
      ? yield* Password.verifyNothing(password)
      : yield* Password.verify(stored, password)
  if (account === null || !verification.valid)
    return signInPage({
      viewer,
      login,
      back,
      errors: [
        {
          field: "login",
          message: "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects."
        }
      ]
    })
  const now = yield* Clock.currentTimeMillis
  if (verification.rehashed !== undefined) yield* credentials.set(account.userId, verification.rehashed, now)
  const opened = yield* Sessions.open(yield* SessionStore, account.userId, "cookie", now)
  const tls = behindTls(yield* Config)
  const destination = back ?? (yield* home(account.userId))
  return withCookie(
    Page.redirect(destination),
    SessionCookie.serialize(opened.secret, tls, Sessions.lifetimes.cookie / 1000)
  )
})

const signUpPage = (options: {
  readonly viewer: Page.Viewer | undefined
  readonly values?: URLSearchParams
  readonly back?: string | undefined
  readonly errors?: ReadonlyArray<Page.FieldError>
}) => {
  const value = (name: string) => options.values?.get(name) ?? undefined
  return Page.respond({
    title: "Créer un compte",
    viewer: options.viewer,
    hasErrors: (options.errors ?? []).length > 0,
    body: html`<h1>Créer un compte</h1>
<p class="lead">Tous les champs sont obligatoires, sauf l’adresse e-mail : sans e-mail, vous recevez un identifiant.</p>
${Page.errorSummary(options.errors ?? [])}
<form method="post" action="/inscription" class="stack" novalidate>
${Page.csrfField(options.viewer)}
${options.back === undefined ? "" : html`<input type="hidden" name="retour" value="${options.back}">`}
${Page.input({ id: "firstName", label: "Prénom", value: value("firstName"), autocomplete: "given-name", required: true, errors: options.errors })}
${Page.input({ id: "lastName", label: "Nom", value: value("lastName"), autocomplete: "family-name", required: true, errors: options.errors })}
${Page.input({ id: "email", label: "Adresse e-mail (facultatif)", type: "email", hint: "Personnels : l’adresse où vous avez reçu l’invitation. Élèves sans e-mail : laissez vide.", value: value("email"), autocomplete: "email", errors: options.errors })}
${Page.input({ id: "birthdate", label: "Date de naissance", hint: "Obligatoire sans adresse e-mail. Format : JJ/MM/AAAA, par exemple 14/05/2012.", value: value("birthdate"), autocomplete: "bday", inputmode: "numeric", errors: options.errors })}
${Page.input({ id: "password", label: "Mot de passe", type: "password", hint: "8 caractères au minimum, dont une majuscule, une minuscule et un chiffre.", autocomplete: "new-password", required: true, errors: options.errors })}
<div class="actions"><button type="submit">Créer mon compte</button></div>
</form>
<p>Déjà un compte ? <a href="/connexion">Se connecter</a></p>`
  })
}

const signUp = Effect.gen(function* () {
  const viewer = yield* Page.viewer
  const form = yield* Page.form
  const firstName = (form.get("firstName") ?? "").trim()
  const lastName = (form.get("lastName") ?? "").trim()
  const email = (form.get("email") ?? "").trim()
  const birthdateText = (form.get("birthdate") ?? "").trim()
  const password = form.get("password") ?? ""
  const back = safeReturn(form.get("retour"))
  const errors: Array<Page.FieldError> = []
  if (firstName === "") errors.push({ field: "firstName", message: "Indiquez votre prénom." })
  if (lastName === "") errors.push({ field: "lastName", message: "Indiquez votre nom." })
  if (email !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.push({ field: "email", message: "Indiquez une adresse e-mail valide, par exemple nom@college.fr." })
  const birthdate = birthdateText === "" ? undefined : French.parseCalendarDate(birthdateText)
  if (birthdateText !== "" && birthdate === undefined)
    errors.push({
      field: "birthdate",
      message: "Indiquez la date de naissance au format JJ/MM/AAAA, par exemple 14/05/2012."
    })
  if (email === "" && birthdateText === "")
    errors.push({
      field: "birthdate",
      message: "Indiquez votre adresse e-mail, ou votre date de naissance pour recevoir un identifiant."
    })
  if (!AccountsHandlers.acceptablePassword(password))
    errors.push({
      field: "password",
      message:
        "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre."
    })
  if (errors.length > 0) return signUpPage({ viewer, values: form, back, errors })
  const accounts = yield* Accounts.Accounts
  const registered = yield* Effect.gen(function* () {
    const username =
      email === "" ? yield* AccountsHandlers.proposeUsername({ firstName, lastName, birthdate: birthdate! }) : null
    const { userId } = yield* accounts.registerUser({
      firstName,
      lastName,
      ...(email === "" ? { username } : { email })
    })
    return userId
  }).pipe(
    Effect.map((userId) => ({ _tag: "Registered" as const, userId })),
    Effect.catch((error) => Effect.succeed({ _tag: "Refused" as const, message: Page.explain(error).message }))
  )
  if (registered._tag === "Refused")
    return signUpPage({
      viewer,
      values: form,
      back,
      errors: [{ field: email === "" ? "firstName" : "email", message: registered.message }]
    })
  const now = yield* Clock.currentTimeMillis
  yield* (yield* CredentialStore).set(registered.userId, yield* Password.hash(password), now)
  const opened = yield* Sessions.open(yield* SessionStore, registered.userId, "cookie", now)
  const tls = behindTls(yield* Config)
  return withCookie(
    Page.redirect(`/bienvenue${back === undefined ? "" : `?retour=${encodeURIComponent(back)}`}`),
    SessionCookie.serialize(opened.secret, tls, Sessions.lifetimes.cookie / 1000)
  )
})

const welcome = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const back = safeReturn((yield* Page.query).get("retour"))
  const next = back ?? (yield* home(viewer.userId))
  return Page.respond({
    title: "Compte créé",
    viewer,
    student: next === "/eleve",
    body: html`<h1>Votre compte est créé</h1>
<div class="alert success" role="status"><p>Bienvenue ${viewer.account.firstName} ${viewer.account.lastName}.</p></div>
${
  viewer.account.username === null
    ? html`<p>Vous vous connecterez avec votre adresse e-mail <strong>${viewer.account.email ?? ""}</strong>.</p>`
    : html`<p>Votre identifiant de connexion est <strong class="code" id="identifiant">${viewer.account.username}</strong>. Notez-le : vous en aurez besoin pour vous reconnecter.</p>`
}
<p><a class="button" href="${next}">Continuer</a></p>`
  })
})

const signOut = Effect.gen(function* () {
  const tls = behindTls(yield* Config)
  const request = yield* HttpServerRequest.HttpServerRequest
  const presented = SessionCookie.credentials(request.headers, request.cookies, tls)
  // This browser's session only: the same person signed in elsewhere stays signed in there.
  if (presented._tag === "Cookie")
    yield* Sessions.revoke(yield* SessionStore, presented.secret, yield* Clock.currentTimeMillis)
  return withCookie(Page.redirect("/connexion"), SessionCookie.clear(tls))
})

const termsText = html`<h2>Objet</h2>
<p>Pix Orga permet aux établissements de suivre les compétences numériques de leurs élèves : importer la liste des élèves (SIECLE), créer des campagnes, consulter les résultats que les élèves ont choisi d’envoyer.</p>
<h2>Engagements</h2>
<ul>
<li>Je n’utilise les données des élèves que pour leur accompagnement pédagogique.</li>
<li>Je garde mon mot de passe pour moi et je me déconnecte sur un poste partagé.</li>
<li>J’invite dans l’équipe uniquement des personnels de l’établissement.</li>
</ul>
<h2>Données personnelles</h2>
<p>Les résultats d’un élève ne sont visibles qu’après leur envoi par l’élève. Les élèves qui ont quitté l’établissement sont désactivés à l’import suivant.</p>`

const terms = Effect.gen(function* () {
  const viewer = yield* Page.viewer
  const back = safeReturn((yield* Page.query).get("retour"))
  const pending = viewer !== undefined && !viewer.account.pixOrgaTermsOfServiceAccepted
  return Page.respond({
    title: "Conditions d’utilisation",
    viewer,
    body: html`<h1>Conditions d’utilisation de Pix Orga</h1>
${pending ? html`<div class="alert warning"><p>Avant d’accéder à votre espace, lisez et acceptez les conditions d’utilisation de Pix Orga.</p></div>` : ""}
${termsText}
${
  pending
    ? html`<form method="post" action="/cgu">${Page.csrfField(viewer)}${back === undefined ? "" : html`<input type="hidden" name="retour" value="${back}">`}
<div class="actions"><button type="submit">J’accepte les conditions d’utilisation</button></div></form>`
    : ""
}`
  })
})

const acceptTerms = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const back = safeReturn((yield* Page.form).get("retour"))
  yield* (yield* Accounts.Accounts).acceptPixOrgaTerms(Actors.user(viewer.userId))
  return Page.redirect(back ?? "/espace")
})

const root = Effect.gen(function* () {
  const viewer = yield* Page.viewer
  if (viewer === undefined) return Page.redirect("/connexion")
  return Page.redirect(yield* home(viewer.userId))
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/", root),
  Page.route(
    "GET",
    "/connexion",
    Effect.gen(function* () {
      const viewer = yield* Page.viewer
      const back = safeReturn((yield* Page.query).get("retour"))
      return signInPage({ viewer, back })
    })
  ),
  Page.route("POST", "/connexion", signIn),
  Page.route(
    "GET",
    "/inscription",
    Effect.gen(function* () {
      const viewer = yield* Page.viewer
      const back = safeReturn((yield* Page.query).get("retour"))
      return signUpPage({ viewer, back })
    })
  ),
  Page.route("POST", "/inscription", signUp),
  Page.route("GET", "/bienvenue", welcome),
  Page.route("POST", "/deconnexion", signOut),
  Page.route("GET", "/cgu", terms),
  Page.route("POST", "/cgu", acceptTerms)
)
