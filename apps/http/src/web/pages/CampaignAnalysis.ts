/**
 * A campaign's analysis: mastery by competence and by area (Pix Orga's "Analyse" tab), of the whole campaign or
 * of one class, each as a server-drawn bar chart next to the table that holds the same figures (ADR 0047). The
 * library keeps the sums up to date (`Analysis.campaignAnalysis`), so the page reads them, not every participation.
 *
 * @since 0.2.0
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { Analysis, Campaigns, Reports } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import * as Charts from "../Charts.ts"
import { type Html, html } from "../Html.ts"
import * as Page from "../Page.ts"
import * as PageCache from "../PageCache.ts"

/** One competence's or area's average, as the teacher reads it: a rate (assessment), or pix out of the maximum. */
const averageText = (row: Analysis.Mastery): string =>
  row.masteryRate === null
    ? "—"
    : row.averagePixScore !== null && row.maxPixScore !== null
      ? `${French.percent(row.masteryRate)} (${French.integer(Math.round(row.averagePixScore))} pix sur ${French.integer(row.maxPixScore)})`
      : French.percent(row.masteryRate)

const masterySection = (
  id: string,
  heading: string,
  rows: ReadonlyArray<Analysis.Mastery>,
  scope: string
): Html => html`<h2>${heading}</h2>
${
  rows.length === 0
    ? html`<p>Ce parcours n’a pas de ${heading.toLowerCase()}.</p>`
    : html`${Charts.bars({
        id,
        title: `${heading}${scope}`,
        description: rows.map((row) => `${row.name} : ${averageText(row)}`).join(", "),
        rows: rows.map((row) => ({ label: row.name, value: row.masteryRate })),
        max: 1
      })}
<div class="table"><table><caption>${heading}${scope}</caption><thead><tr><th scope="col">Nom</th><th scope="col" class="num">Maîtrise moyenne</th></tr></thead>
<tbody>${rows.map(
        (row) => html`<tr><th scope="row">${row.name}</th><td class="num">${averageText(row)}</td></tr>`
      )}</tbody></table></div>`
}`

const analysis = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const { campaignId = "" } = yield* HttpRouter.params
  const query = yield* Page.query
  const services = {
    campaigns: yield* Campaigns.Campaigns,
    reports: yield* Reports.Reports,
    analysis: yield* Analysis.Analysis
  }
  // Rendered once per viewer, query and log head (`PageCache`): staff reopen this page between writes.
  return yield* PageCache.respond("analysis", viewer, () =>
    analysisPage(organization, actor, viewer, campaignId, query, services)
  )
})

const analysisPage = (
  organization: Views.OrganizationView,
  actor: Effect.Success<typeof Page.inOrganization>["actor"],
  viewer: Page.Viewer,
  campaignId: string,
  query: URLSearchParams,
  services: {
    readonly campaigns: Campaigns.CampaignsShape
    readonly reports: Reports.ReportsShape
    readonly analysis: Analysis.AnalysisShape
  }
) =>
  Effect.gen(function* () {
    const base = Page.orgPath(organization.organizationId)
    const campaignPath = `${base}/campagnes/${encodeURIComponent(campaignId)}`
    const campaign = (yield* services.campaigns.campaigns(actor, organization.organizationId)).find(
      (candidate) => candidate.campaignId === campaignId
    )
    if (campaign === undefined) return yield* Effect.fail(new Page.Redirect({ location: `${base}/campagnes` }))
    const divisions = (yield* services.reports.resultsByDivision(actor, campaignId)).map((row) => row.division)
    const wanted = query.get("classe") ?? ""
    const division = divisions.includes(wanted) ? wanted : undefined
    const view = yield* services.analysis.campaignAnalysis(
      actor,
      campaignId,
      division === undefined ? undefined : { division }
    )
    const scope = division === undefined ? "" : ` (${division})`
    const page: Page.PageOptions = {
      title: `Analyse · ${campaign.name}`,
      viewer,
      organization,
      section: "campagnes",
      body: html`<p><a href="${campaignPath}">← ${campaign.name}</a></p>
<h1>Analyse de « ${campaign.name} »${scope}</h1>
<form method="get" action="${campaignPath}/analyse" class="filters" aria-label="Filtrer par classe">
<div class="field"><label for="classe">Classe</label><select id="classe" name="classe"><option value="">Toutes les classes</option>${divisions.map(
        (name) => html`<option value="${name}"${division === name ? " selected" : ""}>${name}</option>`
      )}</select></div><button type="submit">Filtrer</button></form>
<div class="cards">
<div class="card"><span class="card-title">Participants</span><span class="figure">${French.integer(view.participantsCount)}</span></div>
<div class="card"><span class="card-title">Résultats reçus</span><span class="figure">${French.integer(view.sharedCount)}</span></div>
<div class="card"><span class="card-title">Maîtrise moyenne</span><span class="figure">${view.masteryRate === null ? "—" : French.percent(view.masteryRate)}</span></div>
</div>
${view.sharedCount === 0 ? html`<p>Aucun résultat reçu${scope} pour l’instant : les moyennes s’affichent dès le premier envoi.</p>` : ""}
${masterySection("par-domaine", "Maîtrise par domaine", view.areas, scope)}
${masterySection("par-competence", "Maîtrise par compétence", view.competences, scope)}`
    }
    return page
  })

/**
 * The route.
 *
 * @category layers
 * @since 0.2.0
 */
export const layer = Page.route("GET", "/espace/:organizationId/campagnes/:campaignId/analyse", analysis)
