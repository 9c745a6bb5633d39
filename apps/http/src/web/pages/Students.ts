/**
 * The students: the list (filters by class and certificability, search, pagination), one student's page with
 * "pourquoi cet élève est-il refusé ?" (the library's refusal diagnostic), the password reset a teacher does for
 * a student who forgot it, and the username a teacher generates for a student whose account has none (a student
 * without an e-mail then signs in with it).
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { Accounts, Rosters } from "@orga/orga"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import * as Layer from "effect/Layer"
import * as AccountsHandlers from "../../api/AccountsHandlers.ts"
import { CredentialStore } from "../../auth/CredentialStore.ts"
import * as Password from "../../auth/Password.ts"
import { SessionStore } from "../../auth/SessionStore.ts"
import { type Html, html } from "../Html.ts"
import * as Page from "../Page.ts"
import * as PageCache from "../PageCache.ts"

/**
 * Students shown per page of the list.
 *
 * @category getters
 * @since 0.1.0
 */
export const pageSize = 50

const certificabilities = ["Certifiable", "Non Certifiable", "Non communiqué"] as const

const list = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const query = yield* Page.query
  const rosters = yield* Rosters.Rosters
  // Rendered once per viewer, query and log head (`PageCache`): staff reopen this list between writes.
  return yield* PageCache.respond("learners", viewer, () => listPage(organization, actor, viewer, query, rosters))
})

const listPage = (
  organization: Views.OrganizationView,
  actor: Effect.Success<typeof Page.inOrganization>["actor"],
  viewer: Page.Viewer,
  query: URLSearchParams,
  rosters: Rosters.RostersShape
) =>
  Effect.gen(function* () {
    const id = organization.organizationId
    const base = Page.orgPath(id)
    const divisions = yield* rosters.divisions(actor, id)
    const chosen = query.getAll("classe").filter((division) => divisions.includes(division))
    const search = (query.get("recherche") ?? "").trim()
    const certificability = query.get("certificabilite") ?? ""
    const all = yield* rosters.learners(actor, id, {
      ...(chosen.length === 0 ? {} : { divisions: chosen }),
      ...(search === "" ? {} : { search })
    })
    const account = query.get("compte") ?? ""
    const learners = all
      .filter((learner) => certificability === "" || learner.certificability === certificability)
      .filter((learner) => account === "" || learner.isLinkedToAccount === (account === "avec"))
    const pages = Math.max(1, Math.ceil(learners.length / pageSize))
    const current = Math.min(pages, Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1))
    const shown = learners.slice((current - 1) * pageSize, current * pageSize)
    const link = (page: number) => {
      const params = new URLSearchParams(query)
      params.set("page", String(page))
      return `${base}/eleves?${params.toString()}`
    }
    const page: Page.PageOptions = {
      title: `Élèves · ${organization.name}`,
      viewer,
      organization,
      section: "eleves",
      body: html`<h1>Élèves</h1>
<p class="lead">${French.count(all.length, "élève")} ${chosen.length > 0 || search !== "" ? "correspondent à la recherche" : "dans l’établissement"}${learners.length === all.length ? "" : `, ${French.count(learners.length, "affiché", "affichés")}`}. <a href="${base}/imports">Importer la liste SIECLE</a></p>
<form method="get" action="${base}/eleves" class="filters" role="search" aria-label="Filtrer les élèves">
<div class="field"><label for="recherche">Rechercher un nom ou un prénom</label><input type="search" id="recherche" name="recherche" value="${search}"></div>
<div class="field"><label for="classe">Classe</label><select id="classe" name="classe"><option value="">Toutes les classes</option>${divisions.map(
        (division) =>
          html`<option value="${division}"${chosen.includes(division) ? " selected" : ""}>${division}</option>`
      )}</select></div>
<div class="field"><label for="certificabilite">Certificabilité</label><select id="certificabilite" name="certificabilite"><option value="">Toutes</option>${certificabilities.map(
        (value) => html`<option value="${value}"${certificability === value ? " selected" : ""}>${value}</option>`
      )}</select></div>
<div class="field"><label for="compte">Compte Pix</label><select id="compte" name="compte">${(
        [
          ["", "Tous"],
          ["avec", "Avec un compte rattaché"],
          ["sans", "Sans compte rattaché"]
        ] as const
      ).map(
        ([value, label]) => html`<option value="${value}"${account === value ? " selected" : ""}>${label}</option>`
      )}</select></div>
<button type="submit">Filtrer</button>
</form>
<div class="table"><table><caption>Élèves, page ${current} sur ${pages}</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Date de naissance</th><th scope="col">Classe</th><th scope="col" class="hide-small">Compte Pix</th><th scope="col">Certificabilité</th></tr></thead>
<tbody>${shown.map(
        (learner) =>
          html`<tr><td><a href="${base}/eleves/${encodeURIComponent(learner.learnerId)}">${learner.lastName}</a></td><td>${learner.firstName}</td><td>${French.calendarDate(learner.birthdate)}</td><td>${learner.division}</td><td class="hide-small">${learner.isLinkedToAccount ? "Oui" : "Non"}</td><td>${certificabilityTag(learner.certificability)}</td></tr>`
      )}</tbody></table></div>
${learners.length === 0 ? html`<p>Aucun élève ne correspond à ces critères.</p>` : ""}
${
  pages > 1
    ? html`<nav aria-label="Pagination"><ul class="pagination">${Array.from(
        { length: pages },
        (_, index) => index + 1
      ).map(
        (page) =>
          html`<li>${page === current ? html`<span aria-current="page">${page}</span>` : html`<a href="${link(page)}">${page}</a>`}</li>`
      )}</ul></nav>`
    : ""
}`
    }
    return page
  })

const certificabilityTag = (value: string): Html =>
  html`<span class="tag${value === "Certifiable" ? " ok" : value === "Non Certifiable" ? " ko" : ""}">${value}</span>`

const learnerOf = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const { learnerId } = yield* HttpRouter.params
  const learners = yield* (yield* Rosters.Rosters).learners(context.actor, context.organization.organizationId, {
    includeDisabled: true
  })
  const learner = learners.find((candidate) => candidate.learnerId === learnerId)
  if (learner === undefined)
    return yield* Effect.fail(
      new Page.Redirect({ location: `${Page.orgPath(context.organization.organizationId)}/eleves` })
    )
  // The linked account, for its username: one more read, only on a student's own page.
  const learnerAccount = learner.isLinkedToAccount
    ? yield* (yield* Accounts.Accounts).learnerAccount(context.actor, {
        organizationId: context.organization.organizationId,
        learnerId: learner.learnerId
      })
    : null
  return { ...context, learner, learnerAccount }
})

const studentPage = (
  context: Effect.Success<typeof learnerOf>,
  extra: {
    readonly why?: Html
    readonly reset?: Html
    readonly values?: URLSearchParams
    readonly errors?: ReadonlyArray<Page.FieldError>
    readonly username?: Html
  }
) => {
  const { organization, learner, learnerAccount: account, actor: _actor, ...viewer } = context
  const base = `${Page.orgPath(organization.organizationId)}/eleves/${encodeURIComponent(learner.learnerId)}`
  const value = (name: string) => extra.values?.get(name) ?? undefined
  return Page.respond({
    title: `${learner.firstName} ${learner.lastName} · Élèves`,
    viewer,
    organization,
    section: "eleves",
    hasErrors: (extra.errors ?? []).length > 0,
    body: html`<p><a href="${Page.orgPath(organization.organizationId)}/eleves">← Tous les élèves</a></p>
<h1>${learner.firstName} ${learner.lastName}</h1>
<div class="table"><table><caption>Informations de l’élève</caption><tbody>
<tr><th scope="row">Date de naissance</th><td>${French.calendarDate(learner.birthdate)}</td></tr>
<tr><th scope="row">Classe</th><td>${learner.division}</td></tr>
<tr><th scope="row">INE</th><td>${learner.nationalStudentId}</td></tr>
<tr><th scope="row">Compte Pix</th><td>${learner.isLinkedToAccount ? "Rattaché" : "Pas encore de compte rattaché"}</td></tr>
${account?.username == null ? "" : html`<tr><th scope="row">Identifiant</th><td><span class="code">${account.username}</span></td></tr>`}
<tr><th scope="row">Participations</th><td>${French.integer(learner.participationCount)}</td></tr>
<tr><th scope="row">Certificabilité</th><td>${certificabilityTag(learner.certificability)}</td></tr>
<tr><th scope="row">Statut</th><td>${learner.isDisabled ? "Désactivé (absent du dernier import)" : "Actif"}</td></tr>
</tbody></table></div>
<h2 id="pourquoi">Pourquoi cet élève est-il refusé ?</h2>
<p>Saisissez ce que l’élève a tapé pour rejoindre une campagne : la page explique ce qui ne correspond pas.</p>
${Page.errorSummary(extra.errors ?? [])}
<form method="post" action="${base}/pourquoi" class="stack" novalidate>
${Page.csrfField(viewer)}
${Page.input({ id: "firstName", label: "Prénom saisi par l’élève", value: value("firstName") ?? learner.firstName, errors: extra.errors })}
${Page.input({ id: "lastName", label: "Nom saisi par l’élève", value: value("lastName") ?? learner.lastName, errors: extra.errors })}
${Page.input({ id: "birthdate", label: "Date de naissance saisie par l’élève", hint: "Format : JJ/MM/AAAA", value: value("birthdate"), inputmode: "numeric", errors: extra.errors })}
<div class="actions"><button type="submit">Expliquer le refus</button></div>
</form>
${extra.why ?? ""}
${
  learner.isLinkedToAccount
    ? html`<h2>Mot de passe oublié</h2>
<p>L’élève a oublié son mot de passe : générez-en un provisoire et communiquez-le lui. Ses sessions ouvertes sont fermées.</p>
<form method="post" action="${base}/mot-de-passe">${Page.csrfField(viewer)}<button type="submit" class="secondary">Générer un mot de passe provisoire</button></form>
${extra.reset ?? ""}`
    : ""
}
${
  account !== null && account.username === null
    ? html`<h2>Identifiant</h2>
<p>Le compte de l’élève n’a pas d’identifiant. Générez-en un (prénom.nom et jour et mois de naissance) : l’élève se connectera avec cet identifiant et son mot de passe, sans adresse e-mail.</p>
<form method="post" action="${base}/identifiant">${Page.csrfField(viewer)}<button type="submit" class="secondary">Générer un identifiant</button></form>`
    : ""
}
${extra.username ?? ""}`
  })
}

const student = Effect.gen(function* () {
  const context = yield* learnerOf
  const query = yield* Page.query
  return studentPage(context, {
    ...(query.get("fait") === "identifiant" && context.learnerAccount?.username != null
      ? {
          username: html`<div class="alert success" role="status"><p>Identifiant généré : <strong class="code" id="identifiant-genere">${context.learnerAccount.username}</strong>. Communiquez-le à l’élève, avec son mot de passe.</p></div>`
        }
      : {})
  })
})

const addUsername = Effect.gen(function* () {
  const context = yield* learnerOf
  const refusal = yield* (yield* Accounts.Accounts)
    .addUsername(context.actor, {
      organizationId: context.organization.organizationId,
      learnerId: context.learner.learnerId
    })
    .pipe(
      Effect.map(() => undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error)))
    )
  if (refusal !== undefined)
    return studentPage(context, {
      username: html`<div class="alert error" role="alert"><p>L’identifiant n’est pas généré : ${refusal.message}</p></div>`
    })
  return Page.redirect(
    `${Page.orgPath(context.organization.organizationId)}/eleves/${encodeURIComponent(context.learner.learnerId)}?fait=identifiant`
  )
})

const why = Effect.gen(function* () {
  const context = yield* learnerOf
  const form = yield* Page.form
  const firstName = (form.get("firstName") ?? "").trim()
  const lastName = (form.get("lastName") ?? "").trim()
  const birthdateText = (form.get("birthdate") ?? "").trim()
  const birthdate = French.parseCalendarDate(birthdateText)
  const errors: Array<Page.FieldError> = []
  if (firstName === "") errors.push({ field: "firstName", message: "Indiquez le prénom saisi par l’élève." })
  if (lastName === "") errors.push({ field: "lastName", message: "Indiquez le nom saisi par l’élève." })
  if (birthdate === undefined)
    errors.push({
      field: "birthdate",
      message: "Indiquez la date de naissance au format JJ/MM/AAAA, par exemple 14/05/2012."
    })
  if (errors.length > 0) return studentPage(context, { values: form, errors })
  const explanation = yield* (yield* Rosters.Rosters).whyRefused(context.actor, context.organization.organizationId, {
    firstName,
    lastName,
    birthdate: birthdate!
  })
  const result = html`<section aria-labelledby="verdict" class="alert${explanation.verdict === null ? " success" : " warning"}" role="status">
<h3 id="verdict">${explanation.verdict === null ? "Ces informations permettent de rejoindre une campagne." : "L’élève est refusé avec ce message :"}</h3>
${explanation.verdict === null ? "" : html`<p>« ${explanation.verdict.message} »</p>`}
${
  explanation.candidates.length === 0
    ? ""
    : html`<p>Élèves les plus proches :</p><ul>${explanation.candidates.map(
        (candidate) =>
          html`<li><strong>${candidate.firstName} ${candidate.lastName}</strong> (${candidate.division}) : ${
            candidate.reasons.length === 0
              ? "tout correspond."
              : html`<ul>${candidate.reasons.map((reason) => html`<li>${reason.message}</li>`)}</ul>`
          }</li>`
      )}</ul>`
}</section>`
  return studentPage(context, { values: form, why: result })
})

const reset = Effect.gen(function* () {
  const context = yield* learnerOf
  const account = yield* (yield* Accounts.Accounts).learnerAccount(context.actor, {
    organizationId: context.organization.organizationId,
    learnerId: context.learner.learnerId
  })
  if (account === null)
    return studentPage(context, {
      reset: html`<div class="alert error" role="alert"><p>Cet élève n’a pas encore de compte Pix.</p></div>`
    })
  const password = AccountsHandlers.temporaryPassword()
  const now = yield* Clock.currentTimeMillis
  yield* (yield* CredentialStore).set(account.userId, yield* Password.hash(password), now)
  yield* (yield* SessionStore).revokeAccount(account.userId, now)
  return studentPage(context, {
    reset: html`<div class="alert success" role="status"><p>Identifiant : <strong class="code">${account.username ?? account.email ?? ""}</strong><br>Mot de passe provisoire : <strong class="code" id="mot-de-passe-provisoire">${password}</strong></p><p>Il ne sera plus affiché : notez-le pour l’élève.</p></div>`
  })
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/espace/:organizationId/eleves", list),
  Page.route("GET", "/espace/:organizationId/eleves/:learnerId", student),
  Page.route("POST", "/espace/:organizationId/eleves/:learnerId/pourquoi", why),
  Page.route("POST", "/espace/:organizationId/eleves/:learnerId/mot-de-passe", reset),
  Page.route("POST", "/espace/:organizationId/eleves/:learnerId/identifiant", addUsername)
)
