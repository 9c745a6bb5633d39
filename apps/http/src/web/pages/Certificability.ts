/**
 * Certificability by class against the deadline: how many students of each class shared a profile that makes
 * them certifiable, how many did not share yet, and the days left; an administrator sets the deadline here.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Reports, Team } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Charts from "../Charts.ts"
import { html } from "../Html.ts"
import * as Page from "../Page.ts"

const report = (
  context: Effect.Success<typeof Page.inOrganization>,
  options: {
    readonly errors?: ReadonlyArray<Page.FieldError>
    readonly values?: URLSearchParams
    readonly saved?: boolean
  }
) =>
  Effect.gen(function* () {
    const { organization, actor, ...viewer } = context
    const view = yield* (yield* Reports.Reports).certificability(actor, organization.organizationId)
    const members = yield* (yield* Team.Team).members(actor, organization.organizationId)
    const isAdmin = members.some((member) => member.userId === viewer.userId && member.role === "ADMIN")
    const errors = options.errors ?? []
    const totals = view.divisions.reduce(
      (sum, row) => ({
        learners: sum.learners + row.learners,
        certifiable: sum.certifiable + row.certifiable.length,
        notShared: sum.notShared + row.notSharedYet.length
      }),
      { learners: 0, certifiable: 0, notShared: 0 }
    )
    return Page.respond({
      title: `Certificabilité · ${organization.name}`,
      viewer,
      organization,
      section: "certificabilite",
      hasErrors: errors.length > 0,
      body: html`<h1>Certificabilité des élèves</h1>
${options.saved === true ? html`<div class="alert success" role="status"><p>La date limite est enregistrée.</p></div>` : ""}
<div class="alert${view.daysLeft < 0 ? " error" : view.daysLeft <= 30 ? " warning" : ""}"><p>${
        view.daysLeft < 0
          ? `La date limite de collecte des profils (${French.calendarDate(view.deadline)}) est dépassée.`
          : `Les profils doivent être envoyés avant le ${French.calendarDate(view.deadline)} : ${French.count(view.daysLeft, "jour restant", "jours restants")} (année ${French.schoolYear(view.schoolYear)}).`
      }</p></div>
<div class="cards">
<div class="card"><span class="card-title">Élèves certifiables</span><span class="figure">${French.integer(totals.certifiable)}</span><span>sur ${French.count(totals.learners, "élève")}</span></div>
<div class="card"><span class="card-title">Profils pas encore envoyés</span><span class="figure">${French.integer(totals.notShared)}</span></div>
</div>
<h2>Par classe</h2>
${Charts.bars({
  id: "certifiables",
  title: "Part des élèves certifiables par classe",
  description: view.divisions
    .map((row) => `${row.division} : ${row.certifiable.length} sur ${row.learners}`)
    .join(", "),
  rows: view.divisions.map((row) => ({
    label: row.division,
    value: row.learners === 0 ? null : row.certifiable.length / row.learners
  })),
  max: 1
})}
<div class="table"><table><caption>Certificabilité par classe</caption><thead><tr><th scope="col">Classe</th><th scope="col" class="num">Élèves</th><th scope="col" class="num">Certifiables</th><th scope="col" class="num">Non certifiables</th><th scope="col" class="num">Profil non envoyé</th></tr></thead>
<tbody>${view.divisions.map(
        (row) =>
          html`<tr><th scope="row">${row.division}</th><td class="num">${French.integer(row.learners)}</td><td class="num">${French.integer(row.certifiable.length)}</td><td class="num">${French.integer(row.notCertifiable.length)}</td><td class="num">${French.integer(row.notSharedYet.length)}</td></tr>`
      )}</tbody></table></div>
${
  isAdmin
    ? html`<h2>Modifier la date limite</h2>
${Page.errorSummary(errors)}
<form method="post" action="${Page.orgPath(organization.organizationId)}/certificabilite" class="stack" novalidate>${Page.csrfField(viewer)}
<input type="hidden" name="schoolYear" value="${view.schoolYear}">
${Page.input({ id: "deadline", label: `Date limite pour l’année ${French.schoolYear(view.schoolYear)}`, hint: "Format : JJ/MM/AAAA", value: options.values?.get("deadline") ?? French.calendarDate(view.deadline), inputmode: "numeric", errors })}
<div class="actions"><button type="submit">Enregistrer la date limite</button></div></form>`
    : ""
}`
    })
  })

const save = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const form = yield* Page.form
  const deadline = French.parseCalendarDate(form.get("deadline") ?? "")
  if (deadline === undefined)
    return yield* report(context, {
      values: form,
      errors: [{ field: "deadline", message: "Indiquez la date limite au format JJ/MM/AAAA, par exemple 15/03/2027." }]
    })
  const refused = yield* (yield* Team.Team)
    .setCollectionDeadline(context.actor, {
      organizationId: context.organization.organizationId,
      schoolYear: form.get("schoolYear") ?? "",
      deadline
    })
    .pipe(
      Effect.as(undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error).message))
    )
  if (refused !== undefined)
    return yield* report(context, { values: form, errors: [{ field: "deadline", message: refused }] })
  return Page.redirect(`${Page.orgPath(context.organization.organizationId)}/certificabilite?enregistre=1`)
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route(
    "GET",
    "/espace/:organizationId/certificabilite",
    Effect.gen(function* () {
      const context = yield* Page.inOrganization
      return yield* report(context, { saved: (yield* Page.query).has("enregistre") })
    })
  ),
  Page.route("POST", "/espace/:organizationId/certificabilite", save)
)
