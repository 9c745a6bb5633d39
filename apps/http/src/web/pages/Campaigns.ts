/**
 * Campaigns: the list (filters by status, type and name), creating one of either kind with Pix's fields,
 * archiving and restoring (deleting: `CampaignDeletion`); a campaign's results with the class filter, results by class as a chart and a table,
 * the participants, and the CSV downloads (the API's streamed export, which the session cookie opens too).
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { BackOffice, Campaigns, Reports } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import * as Layer from "effect/Layer"
import * as Charts from "../Charts.ts"
import { type Html, html } from "../Html.ts"
import * as Page from "../Page.ts"
import * as PageCache from "../PageCache.ts"

/** The target profiles the organization's assessments may use: the configured ones, then those attached to it. */
const profilesOf = (context: Effect.Success<typeof Page.inOrganization>) =>
  Effect.flatMap(BackOffice.BackOffice, (backOffice) =>
    backOffice.availableTargetProfiles(context.actor, context.organization.organizationId)
  )

/**
 * Participants shown per page of a campaign's results.
 *
 * @category getters
 * @since 0.1.0
 */
export const participantsPerPage = 100

const list = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const query = yield* Page.query
  const base = Page.orgPath(organization.organizationId)
  const status =
    query.get("statut") === "archivees" ? "archivees" : query.get("statut") === "toutes" ? "toutes" : "actives"
  const type = query.get("type") ?? ""
  const search = (query.get("nom") ?? "").trim().toLowerCase()
  const all = yield* (yield* Campaigns.Campaigns).campaigns(actor, organization.organizationId)
  const shown = all
    .filter((campaign) =>
      status === "toutes" ? true : status === "archivees" ? campaign.archivedAt !== null : campaign.archivedAt === null
    )
    .filter((campaign) => type === "" || campaign.type === type)
    .filter((campaign) => search === "" || campaign.name.toLowerCase().includes(search))
    .toSorted((a, b) => b.createdAt.localeCompare(a.createdAt))
  const done = query.get("fait")
  return Page.respond({
    title: `Campagnes · ${organization.name}`,
    viewer,
    organization,
    section: "campagnes",
    body: html`<h1>Campagnes</h1>
${done === "archivee" ? html`<div class="alert success" role="status"><p>La campagne est archivée.</p></div>` : done === "restauree" ? html`<div class="alert success" role="status"><p>La campagne est désarchivée.</p></div>` : done === "supprimee" ? html`<div class="alert success" role="status"><p>La campagne est supprimée.</p></div>` : ""}
<p><a class="button" href="${base}/campagnes/nouvelle">Créer une campagne</a></p>
<form method="get" action="${base}/campagnes" class="filters" role="search" aria-label="Filtrer les campagnes">
<div class="field"><label for="nom">Nom de la campagne</label><input type="search" id="nom" name="nom" value="${query.get("nom") ?? ""}"></div>
<div class="field"><label for="statut">Statut</label><select id="statut" name="statut">${(
      [
        ["actives", "Actives"],
        ["archivees", "Archivées"],
        ["toutes", "Toutes"]
      ] as const
    ).map(
      ([value, label]) => html`<option value="${value}"${status === value ? " selected" : ""}>${label}</option>`
    )}</select></div>
<div class="field"><label for="type">Type</label><select id="type" name="type"><option value="">Tous</option>${(
      ["ASSESSMENT", "PROFILES_COLLECTION"] as const
    ).map(
      (value) =>
        html`<option value="${value}"${type === value ? " selected" : ""}>${French.campaignType(value)}</option>`
    )}</select></div>
<button type="submit">Filtrer</button></form>
${
  shown.length === 0
    ? html`<p>Aucune campagne ne correspond à ces critères.</p>`
    : html`<div class="table"><table><caption>${French.count(shown.length, "campagne")}</caption><thead><tr><th scope="col">Nom</th><th scope="col">Code</th><th scope="col">Type</th><th scope="col" class="hide-small">Créée le</th><th scope="col" class="num">Participants</th><th scope="col" class="num">Résultats reçus</th><th scope="col">Actions</th></tr></thead>
<tbody>${shown.map(
        (campaign) =>
          html`<tr><td><a href="${base}/campagnes/${encodeURIComponent(campaign.campaignId)}">${campaign.name}</a>${campaign.archivedAt === null ? "" : html` <span class="tag">Archivée</span>`}</td><td><span class="code">${campaign.code}</span></td><td>${French.campaignType(campaign.type)}</td><td class="hide-small">${French.date(campaign.createdAt)}</td><td class="num">${French.integer(campaign.participationsCount)}</td><td class="num">${French.integer(campaign.sharedParticipationsCount)}</td><td><form method="post" action="${base}/campagnes/${encodeURIComponent(campaign.campaignId)}/${campaign.archivedAt === null ? "archiver" : "desarchiver"}" class="inline">${Page.csrfField(viewer)}<button type="submit" class="link">${campaign.archivedAt === null ? "Archiver" : "Désarchiver"}<span class="skip-label"> ${campaign.name}</span></button></form> · <a href="${base}/campagnes/${encodeURIComponent(campaign.campaignId)}/supprimer">Supprimer<span class="skip-label"> ${campaign.name}</span></a></td></tr>`
      )}</tbody></table></div>`
}`
  })
})

const creationPage = (
  context: Effect.Success<typeof Page.inOrganization>,
  targetProfiles: ReadonlyArray<Views.TargetProfileView>,
  values: URLSearchParams | undefined,
  errors: ReadonlyArray<Page.FieldError>
) => {
  const { organization, actor: _actor, ...viewer } = context
  const base = Page.orgPath(organization.organizationId)
  const value = (name: string) => values?.get(name) ?? undefined
  const type = value("type")
  const externalIdType = value("externalIdType") ?? "STRING"
  const fieldError = (field: string) => errors.find((error) => error.field === field)
  return Page.respond({
    title: `Créer une campagne · ${organization.name}`,
    viewer,
    organization,
    section: "campagnes",
    hasErrors: errors.length > 0,
    body: html`<h1>Créer une campagne</h1>
${Page.errorSummary(errors)}
<form method="post" action="${base}/campagnes/nouvelle" class="stack" novalidate>${Page.csrfField(viewer)}
${Page.input({ id: "name", label: "Nom de la campagne", hint: "Visible par l’équipe uniquement, par exemple « Évaluation 3e – novembre ».", value: value("name"), required: true, errors })}
<fieldset id="type" aria-describedby="type-aide${fieldError("type-ASSESSMENT") === undefined ? "" : " type-erreur"}"><legend>Objectif de la campagne<span class="hint" id="type-aide">Évaluer les élèves sur un parcours, ou collecter leurs profils pour la certification.</span></legend>
${fieldError("type-ASSESSMENT") === undefined ? "" : html`<span class="error-text" id="type-erreur">${fieldError("type-ASSESSMENT")!.message}</span>`}
<div class="choice"><input type="radio" id="type-ASSESSMENT" name="type" value="ASSESSMENT"${type === "ASSESSMENT" ? " checked" : ""}><label for="type-ASSESSMENT">Évaluer les participants</label></div>
<div class="choice"><input type="radio" id="type-PROFILES_COLLECTION" name="type" value="PROFILES_COLLECTION"${type === "PROFILES_COLLECTION" ? " checked" : ""}><label for="type-PROFILES_COLLECTION">Collecter les profils Pix des participants</label></div>
</fieldset>
<div class="field${fieldError("targetProfileId") === undefined ? "" : " invalid"}"><label for="targetProfileId">Parcours (évaluation seulement)</label>
${fieldError("targetProfileId") === undefined ? "" : html`<span class="error-text" id="targetProfileId-erreur">${fieldError("targetProfileId")!.message}</span>`}
<select id="targetProfileId" name="targetProfileId"${fieldError("targetProfileId") === undefined ? "" : html` aria-describedby="targetProfileId-erreur" aria-invalid="true"`}><option value="">Choisir un parcours</option>${targetProfiles.map(
      (profile) =>
        html`<option value="${profile.targetProfileId}"${value("targetProfileId") === profile.targetProfileId ? " selected" : ""}>${profile.name}</option>`
    )}</select></div>
${Page.input({ id: "title", label: "Titre du parcours (facultatif)", hint: "Affiché aux élèves, évaluation seulement.", value: value("title"), errors })}
${Page.input({ id: "externalIdLabel", label: "Libellé de l’identifiant externe (facultatif)", hint: "Si vous demandez un identifiant aux élèves, par exemple « Numéro d’élève ».", value: value("externalIdLabel"), errors })}
<fieldset><legend>Type de l’identifiant externe</legend>
<div class="choice"><input type="radio" id="externalIdType-STRING" name="externalIdType" value="STRING"${externalIdType === "STRING" ? " checked" : ""}><label for="externalIdType-STRING">Texte libre</label></div>
<div class="choice"><input type="radio" id="externalIdType-EMAIL" name="externalIdType" value="EMAIL"${externalIdType === "EMAIL" ? " checked" : ""}><label for="externalIdType-EMAIL">Adresse e-mail</label></div>
</fieldset>
<div class="choice"><input type="checkbox" id="multipleSendings" name="multipleSendings" value="oui"${value("multipleSendings") === "oui" ? " checked" : ""} aria-describedby="multipleSendings-aide"><label for="multipleSendings">Autoriser l’envoi multiple<span class="hint" id="multipleSendings-aide">Une fois leurs résultats envoyés, les élèves peuvent renvoyer leur profil ou repasser le parcours.</span></label></div>
<div class="field"><label for="customLandingPageText">Texte de la page d’accueil (facultatif)<span class="hint" id="customLandingPageText-aide">Ce que les élèves lisent avant de commencer.</span></label><textarea id="customLandingPageText" name="customLandingPageText" aria-describedby="customLandingPageText-aide">${value("customLandingPageText") ?? ""}</textarea></div>
<div class="actions"><button type="submit">Créer la campagne</button><a href="${base}/campagnes">Annuler</a></div>
</form>`
  })
}

const create = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const form = yield* Page.form
  const name = (form.get("name") ?? "").trim()
  const type = form.get("type")
  const targetProfileId = form.get("targetProfileId") ?? ""
  const optional = (field: string) => {
    const text = (form.get(field) ?? "").trim()
    return text === "" ? null : text
  }
  const errors: Array<Page.FieldError> = []
  if (name === "") errors.push({ field: "name", message: "Indiquez le nom de la campagne." })
  if (type !== "ASSESSMENT" && type !== "PROFILES_COLLECTION")
    errors.push({
      field: "type-ASSESSMENT",
      message: "Choisissez l’objectif de la campagne : évaluer ou collecter les profils."
    })
  const targetProfiles = yield* profilesOf(context)
  if (type === "ASSESSMENT" && !targetProfiles.some((profile) => profile.targetProfileId === targetProfileId))
    errors.push({ field: "targetProfileId", message: "Choisissez le parcours de l’évaluation." })
  if (errors.length > 0) return creationPage(context, targetProfiles, form, errors)
  const externalIdLabel = optional("externalIdLabel")
  const created = yield* (yield* Campaigns.Campaigns)
    .createCampaign(context.actor, {
      organizationId: context.organization.organizationId,
      name,
      type: type as "ASSESSMENT" | "PROFILES_COLLECTION",
      ...(type === "ASSESSMENT" ? { targetProfileId, title: optional("title") } : {}),
      externalIdLabel,
      externalIdType: externalIdLabel === null ? null : form.get("externalIdType") === "EMAIL" ? "EMAIL" : "STRING",
      customLandingPageText: optional("customLandingPageText"),
      multipleSendings: form.get("multipleSendings") === "oui"
    })
    .pipe(
      Effect.map((value) => ({ _tag: "Created" as const, ...value })),
      Effect.catch((error) => Effect.succeed({ _tag: "Refused" as const, message: Page.explain(error).message }))
    )
  if (created._tag === "Refused")
    return creationPage(context, targetProfiles, form, [{ field: "name", message: created.message }])
  return Page.redirect(
    `${Page.orgPath(context.organization.organizationId)}/campagnes/${encodeURIComponent(created.campaignId)}?creee=1`
  )
})

const archive = (archived: boolean) =>
  Effect.gen(function* () {
    const context = yield* Page.inOrganization
    const { campaignId = "" } = yield* HttpRouter.params
    const campaigns = yield* Campaigns.Campaigns
    yield* archived
      ? campaigns.archiveCampaign(context.actor, { campaignId })
      : campaigns.unarchiveCampaign(context.actor, { campaignId })
    return Page.redirect(
      `${Page.orgPath(context.organization.organizationId)}/campagnes?fait=${archived ? "archivee" : "restauree"}`
    )
  })

/** A class's average: a mastery rate (assessment) or a share of 640 pix (profiles collection), both as a percentage. */
const resultText = (_campaign: Views.CampaignSummary, value: number | null) =>
  value === null ? "—" : French.percent(value)

/** A participant's stage as the teacher reads it: "2 sur 4 · title", or "—" before sharing. */
const stageText = (stage: Views.ReachedStageView | null) =>
  stage === null ? "—" : `${stage.reachedStage} sur ${stage.totalStages} · ${stage.title}`

/** The badges acquired, by title, or "—". */
const badgesText = (badges: ReadonlyArray<Views.BadgeView>) =>
  badges.length === 0 ? "—" : badges.map((badge) => badge.title).join(", ")

/**
 * How many participants reached each stage (palier), 1 to `totalStages`, for the "paliers atteints" chart; a
 * participant without a stage (not shared yet) counts in none.
 *
 * @category getters
 * @since 0.2.0
 */
export const byStage = (
  participants: ReadonlyArray<Views.ParticipantResult>,
  totalStages: number
): ReadonlyArray<Charts.Bar & { readonly title: string }> => {
  const counts = Array.from({ length: totalStages }, () => 0)
  const titles = Array.from({ length: totalStages }, () => "")
  for (const participant of participants) {
    const stage = participant.reachedStage
    if (stage === null || stage.reachedStage < 1 || stage.reachedStage > totalStages) continue
    counts[stage.reachedStage - 1]! += 1
    titles[stage.reachedStage - 1] = stage.title
  }
  return counts.map((value, index) => ({ label: `Palier ${index + 1}`, value, title: titles[index]! }))
}

/** An hour in milliseconds. */
const hour = 3_600_000

/**
 * Participations started per day (Paris), for the activity chart: the last 14 days met, in the participants'
 * order. The day of each hour is formatted once: `Intl`'s formatting was most of the results page's rendering (a
 * 3,000-participant campaign formatted 6,000 dates per request), and Paris's offset from UTC has been a whole
 * number of hours since 1911, so every instant of one UTC hour falls on the same Paris day. An instant before 1970
 * or unreadable is formatted on its own.
 *
 * @category getters
 * @since 0.2.0
 */
export const byDay = (participants: ReadonlyArray<Views.ParticipantResult>): ReadonlyArray<Charts.Bar> => {
  const counts = new Map<string, number>()
  const dayOfHour = new Map<number, string>()
  for (const participant of participants) {
    const millis = Date.parse(participant.createdAt)
    let day: string
    if (Number.isNaN(millis) || millis < 0) day = French.date(participant.createdAt)
    else {
      const key = Math.floor(millis / hour)
      const known = dayOfHour.get(key)
      if (known === undefined) {
        day = French.date(participant.createdAt)
        dayOfHour.set(key, day)
      } else day = known
    }
    counts.set(day, (counts.get(day) ?? 0) + 1)
  }
  return [...counts.entries()].slice(-14).map(([label, value]) => ({ label, value }))
}

/** The "paliers atteints" chart and its table. */
const stagesSection = (
  rows: ReadonlyArray<Charts.Bar & { readonly title: string }>,
  chosen: ReadonlyArray<string>
): Html => html`<h2>Paliers atteints</h2>
${Charts.bars({
  id: "par-palier",
  title: `Participants par palier atteint${chosen.length === 0 ? "" : ` (${chosen.join(", ")})`}`,
  description: rows.map((row) => `${row.label} : ${row.value}`).join(", "),
  rows,
  format: (value) => French.integer(value)
})}
<div class="table"><table><caption>Paliers atteints</caption><thead><tr><th scope="col">Palier</th><th scope="col">Intitulé</th><th scope="col" class="num">Participants</th></tr></thead>
<tbody>${rows.map(
  (row) =>
    html`<tr><th scope="row">${row.label}</th><td>${row.title === "" ? "—" : row.title}</td><td class="num">${French.integer(row.value ?? 0)}</td></tr>`
)}</tbody></table></div>`

const results = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const { campaignId = "" } = yield* HttpRouter.params
  const query = yield* Page.query
  const reports = yield* Reports.Reports
  // Rendered once per viewer, query and log head (`PageCache`): staff reopen this page between writes.
  return yield* PageCache.respond("results", viewer, () =>
    resultsPage(organization, actor, viewer, campaignId, query, reports)
  )
})

const resultsPage = (
  organization: Views.OrganizationView,
  actor: Effect.Success<typeof Page.inOrganization>["actor"],
  viewer: Page.Viewer,
  campaignId: string,
  query: URLSearchParams,
  reports: Reports.ReportsShape
) =>
  Effect.gen(function* () {
    const byDivision = yield* reports.resultsByDivision(actor, campaignId)
    const divisions = byDivision.map((row) => row.division)
    const chosen = query.getAll("classe").filter((division) => divisions.includes(division))
    const view = yield* reports.campaignResults(
      actor,
      campaignId,
      chosen.length === 0 ? undefined : { divisions: chosen }
    )
    const campaign = view.campaign
    const base = Page.orgPath(organization.organizationId)
    if (campaign.organizationId !== organization.organizationId)
      return yield* Effect.fail(
        new Page.Redirect({
          location: `${Page.orgPath(campaign.organizationId)}/campagnes/${encodeURIComponent(campaignId)}`
        })
      )
    const csv = `/campaigns/${encodeURIComponent(campaignId)}/export.csv`
    const csvFiltered =
      chosen.length === 0
        ? csv
        : `${csv}?${chosen.map((division) => `division=${encodeURIComponent(division)}`).join("&")}`
    const resultLabel = campaign.type === "ASSESSMENT" ? "Taux de réussite moyen" : "Score Pix moyen (sur 640)"
    // Pix pages its participants too: a 3,000-row table is slow to lay out on an old PC and useless on a phone.
    const pages = Math.max(1, Math.ceil(view.participants.length / participantsPerPage))
    const current = Math.min(pages, Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1))
    const shown = view.participants.slice((current - 1) * participantsPerPage, current * participantsPerPage)
    const pageLink = (page: number) => {
      const params = new URLSearchParams(query)
      params.delete("creee")
      params.set("page", String(page))
      return `${base}/campagnes/${encodeURIComponent(campaignId)}?${params.toString()}#participants`
    }
    const days = byDay(view.participants)
    const participantsTable: Html = html`<div class="table"><table><caption>Participants${chosen.length === 0 ? "" : ` (${chosen.join(", ")})`}${pages > 1 ? `, page ${current} sur ${pages}` : ""}</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">Prénom</th><th scope="col">Classe</th><th scope="col">Statut</th>${campaign.type === "ASSESSMENT" ? html`<th scope="col" class="num">Résultat</th>${view.totalStages === null ? "" : html`<th scope="col">Palier atteint</th>`}${view.badges.length === 0 ? "" : html`<th scope="col">Résultats thématiques</th>`}` : html`<th scope="col" class="num">Pix</th><th scope="col">Certifiable</th>`}</tr></thead>
<tbody>${shown.map(
      (participant) =>
        html`<tr><td><a href="${base}/campagnes/${encodeURIComponent(campaignId)}/participants/${encodeURIComponent(participant.participationId)}">${participant.lastName}</a></td><td>${participant.firstName}</td><td>${participant.division ?? "—"}</td><td>${participant.statusLabel}</td>${
          campaign.type === "ASSESSMENT"
            ? html`<td class="num">${participant.masteryRate === null ? "—" : French.percent(participant.masteryRate)}</td>${view.totalStages === null ? "" : html`<td>${stageText(participant.reachedStage)}</td>`}${view.badges.length === 0 ? "" : html`<td>${badgesText(participant.acquiredBadges)}</td>`}`
            : html`<td class="num">${participant.pixScore === null ? "—" : French.integer(participant.pixScore)}</td><td>${participant.isCertifiable === null ? "—" : French.yesNo(participant.isCertifiable)}</td>`
        }</tr>`
    )}</tbody></table></div>
${
  pages > 1
    ? html`<nav aria-label="Pages des participants"><ul class="pagination">${Array.from(
        { length: pages },
        (_, index) => index + 1
      ).map(
        (page) =>
          html`<li>${page === current ? html`<span aria-current="page">${page}</span>` : html`<a href="${pageLink(page)}">${page}</a>`}</li>`
      )}</ul></nav>`
    : ""
}`
    const page: Page.PageOptions = {
      title: `${campaign.name} · Campagnes`,
      viewer,
      organization,
      section: "campagnes",
      body: html`<p><a href="${base}/campagnes">← Toutes les campagnes</a></p>
<h1>${campaign.name}</h1>
${query.has("creee") ? html`<div class="alert success" role="status"><p>La campagne est créée. Donnez aux élèves le code <strong class="code">${campaign.code}</strong>.</p></div>` : ""}
<p class="lead">${French.campaignTypeInFull(campaign.type)} · code <strong class="code" id="code-campagne">${campaign.code}</strong>${campaign.archivedAt === null ? "" : " · archivée"}</p>
<div class="cards">
<div class="card"><span class="card-title">Participants</span><span class="figure">${French.integer(view.participationsCount)}</span></div>
<div class="card"><span class="card-title">Résultats reçus</span><span class="figure">${French.integer(view.sharedParticipationsCount)}</span></div>
<div class="card"><span class="card-title">${resultLabel}</span><span class="figure">${view.averageResult === null ? "—" : campaign.type === "ASSESSMENT" ? French.percent(view.averageResult) : French.integer(Math.round(view.averageResult * 640))}</span></div>
</div>
<p><a href="${base}/campagnes/${encodeURIComponent(campaignId)}/analyse${chosen.length === 1 ? `?classe=${encodeURIComponent(chosen[0]!)}` : ""}">Voir l’analyse par compétence et par domaine</a></p>
<h2>Résultats par classe</h2>
${Charts.bars({
  id: "par-classe",
  title: `${resultLabel} par classe`,
  description: byDivision.map((row) => `${row.division} : ${resultText(campaign, row.averageResult)}`).join(", "),
  rows: byDivision.map((row) => ({ label: row.division, value: row.averageResult })),
  max: 1
})}
<div class="table"><table><caption>Résultats par classe</caption><thead><tr><th scope="col">Classe</th><th scope="col" class="num">Élèves</th><th scope="col" class="num">Participants</th><th scope="col" class="num">Résultats reçus</th><th scope="col" class="num">Moyenne</th></tr></thead>
<tbody>${byDivision.map(
        (row) =>
          html`<tr><th scope="row">${row.division}</th><td class="num">${French.integer(row.learners)}</td><td class="num">${French.integer(row.participants)}</td><td class="num">${French.integer(row.shared)}</td><td class="num">${resultText(campaign, row.averageResult)}</td></tr>`
      )}</tbody></table></div>
${view.totalStages === null ? "" : stagesSection(byStage(view.participants, view.totalStages), chosen)}
<h2>Activité</h2>
${Charts.bars({
  id: "par-jour",
  title: "Participations commencées par jour",
  description: days.map((row) => `${row.label} : ${row.value}`).join(", "),
  rows: days,
  format: (value) => French.integer(value)
})}
<h2 id="participants">Participants</h2>
<form method="get" action="${base}/campagnes/${encodeURIComponent(campaignId)}" class="filters" aria-label="Filtrer par classe">
<div class="field"><label for="classe">Classe</label><select id="classe" name="classe"><option value="">Toutes les classes</option>${divisions.map(
        (division) =>
          html`<option value="${division}"${chosen.includes(division) ? " selected" : ""}>${division}</option>`
      )}</select></div><button type="submit">Filtrer</button></form>
<div class="actions"><a class="button secondary" href="${csv}" download>Télécharger les résultats (CSV)</a>${chosen.length === 0 ? "" : html`<a class="button secondary" href="${csvFiltered}" download>Télécharger les résultats de ${chosen.join(", ")} (CSV)</a>`}</div>
${participantsTable}`
    }
    return page
  })

const participant = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const { campaignId = "", participationId = "" } = yield* HttpRouter.params
  const view = yield* (yield* Reports.Reports).campaignResults(actor, campaignId)
  const base = Page.orgPath(organization.organizationId)
  const found = view.participants.find((candidate) => candidate.participationId === participationId)
  const campaignPath = `${base}/campagnes/${encodeURIComponent(campaignId)}`
  if (found === undefined || view.campaign.organizationId !== organization.organizationId)
    return yield* Effect.fail(new Page.Redirect({ location: campaignPath }))
  const assessment = view.campaign.type === "ASSESSMENT"
  return Page.respond({
    title: `${found.firstName} ${found.lastName} · ${view.campaign.name}`,
    viewer,
    organization,
    section: "campagnes",
    body: html`<p><a href="${campaignPath}">← ${view.campaign.name}</a></p>
<h1>${found.firstName} ${found.lastName}</h1>
<div class="table"><table><caption>Participation à « ${view.campaign.name} »</caption><tbody>
<tr><th scope="row">Classe</th><td>${found.division ?? "—"}</td></tr>
<tr><th scope="row">Statut</th><td>${found.statusLabel}</td></tr>
<tr><th scope="row">Commencée le</th><td>${French.dateTime(found.createdAt)}</td></tr>
<tr><th scope="row">${assessment ? "Résultats envoyés le" : "Profil envoyé le"}</th><td>${found.sharedAt === null ? "Pas encore" : French.dateTime(found.sharedAt)}</td></tr>
${found.participantExternalId === null ? "" : html`<tr><th scope="row">Identifiant externe</th><td>${found.participantExternalId}</td></tr>`}
${
  assessment
    ? html`<tr><th scope="row">Taux de réussite</th><td>${found.masteryRate === null ? "—" : French.percent(found.masteryRate)}</td></tr>`
    : html`<tr><th scope="row">Score Pix</th><td>${found.pixScore === null ? "—" : French.integer(found.pixScore)}</td></tr>
<tr><th scope="row">Certifiable</th><td>${found.isCertifiable === null ? "—" : French.yesNo(found.isCertifiable)}</td></tr>`
}
</tbody></table></div>
<p><a href="${base}/eleves/${encodeURIComponent(found.learnerId)}">Voir la fiche de l’élève</a></p>`
  })
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/espace/:organizationId/campagnes", list),
  Page.route(
    "GET",
    "/espace/:organizationId/campagnes/nouvelle",
    Effect.gen(function* () {
      const context = yield* Page.inOrganization
      return creationPage(context, yield* profilesOf(context), undefined, [])
    })
  ),
  Page.route("POST", "/espace/:organizationId/campagnes/nouvelle", create),
  Page.route("GET", "/espace/:organizationId/campagnes/:campaignId", results),
  Page.route("GET", "/espace/:organizationId/campagnes/:campaignId/participants/:participationId", participant),
  Page.route("POST", "/espace/:organizationId/campagnes/:campaignId/archiver", archive(true)),
  Page.route("POST", "/espace/:organizationId/campagnes/:campaignId/desarchiver", archive(false))
)
