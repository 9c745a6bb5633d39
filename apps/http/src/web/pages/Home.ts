/**
 * Choosing the organization, the staff home (what needs doing: the certification deadline, the last import's age,
 * pending invitations, campaigns) and the audit trail.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Accounts, Campaigns, Reports, Rosters, Team } from "@orga/orga"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { html } from "../Html.ts"
import * as Page from "../Page.ts"

const choose = Effect.gen(function* () {
  const viewer = yield* Page.staff
  const organizations = yield* (yield* Accounts.Accounts).logIntoOrga(viewer.actor)
  if (organizations.length === 1) return Page.redirect(Page.orgPath(organizations[0]!.organizationId))
  return Page.respond({
    title: "Choisir un établissement",
    viewer,
    body: html`<h1>Choisir un établissement</h1>
${
  organizations.length === 0
    ? html`<div class="alert"><p>Vous n’êtes membre d’aucun établissement. Demandez à l’administrateur de votre espace Pix Orga de vous inviter.</p></div>`
    : html`<ul class="cards" role="list">${organizations.map(
        (organization) =>
          html`<li class="card"><a href="${Page.orgPath(organization.organizationId)}"><strong>${organization.name}</strong></a><br><span class="muted">${organization.uai === null ? "" : `UAI ${organization.uai} · `}${French.count(organization.membersCount, "membre")}</span></li>`
      )}</ul>`
}`
  })
})

const daysBetween = (from: string, now: number) => Math.max(0, Math.floor((now - Date.parse(from)) / 86_400_000))

const home = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const now = yield* Clock.currentTimeMillis
  const id = organization.organizationId
  const base = Page.orgPath(id)
  const certificability = yield* (yield* Reports.Reports)
    .certificability(actor, id)
    .pipe(Effect.orElseSucceed(() => undefined))
  const history = yield* (yield* Rosters.Rosters).importHistory(actor, id).pipe(Effect.orElseSucceed(() => []))
  const invitations = yield* (yield* Team.Team).invitations(actor, id).pipe(Effect.orElseSucceed(() => undefined))
  const campaigns = yield* (yield* Campaigns.Campaigns).campaigns(actor, id)
  const lastImport = [...history].reverse().find((entry) => entry.status === "IMPORTED")
  const pending = invitations?.filter((invitation) => invitation.status === "pending") ?? []
  const active = campaigns.filter((campaign) => campaign.archivedAt === null)
  const nextSteps: Array<ReturnType<typeof html>> = []
  if (lastImport === undefined)
    nextSteps.push(html`<li><a href="${base}/imports">Importer la liste des élèves (fichier SIECLE)</a></li>`)
  else if (daysBetween(lastImport.occurredAt, now) > 30)
    nextSteps.push(
      html`<li><a href="${base}/imports">Mettre à jour la liste des élèves</a> : le dernier import date de plus d’un mois.</li>`
    )
  if (certificability !== undefined && certificability.daysLeft >= 0 && certificability.daysLeft <= 60)
    nextSteps.push(
      html`<li><a href="${base}/certificabilite">Vérifier les élèves certifiables</a> avant le ${French.calendarDate(certificability.deadline)}.</li>`
    )
  if (pending.length > 0)
    nextSteps.push(
      html`<li><a href="${base}/equipe">${French.count(pending.length, "invitation en attente", "invitations en attente")}</a> dans l’équipe.</li>`
    )
  if (active.length === 0)
    nextSteps.push(html`<li><a href="${base}/campagnes/nouvelle">Créer une première campagne</a></li>`)
  return Page.respond({
    title: organization.name,
    viewer,
    organization,
    section: "accueil",
    body: html`<h1>${organization.name}</h1>
<div class="cards">
<section class="card" aria-labelledby="carte-echeance"><h2 id="carte-echeance" class="card-title">Date limite de certification</h2>
${
  certificability === undefined
    ? html`<p>Non définie.</p>`
    : html`<span class="figure">${certificability.daysLeft < 0 ? "Dépassée" : French.count(certificability.daysLeft, "jour")}</span>
<p>${certificability.daysLeft < 0 ? "La date limite était le" : "restants, jusqu’au"} ${French.calendarDate(certificability.deadline)} (année ${French.schoolYear(certificability.schoolYear)}).</p>`
}</section>
<section class="card" aria-labelledby="carte-import"><h2 id="carte-import" class="card-title">Dernier import SIECLE</h2>
${
  lastImport === undefined
    ? html`<span class="figure">Aucun</span><p><a href="${base}/imports">Importer la liste des élèves</a></p>`
    : html`<span class="figure">${daysBetween(lastImport.occurredAt, now) === 0 ? "Aujourd’hui" : `Il y a ${French.count(daysBetween(lastImport.occurredAt, now), "jour")}`}</span>
<p>Le ${French.dateTime(lastImport.occurredAt)}${lastImport.importedByName === null ? "" : ` par ${lastImport.importedByName}`}.</p>`
}</section>
<section class="card" aria-labelledby="carte-invitations"><h2 id="carte-invitations" class="card-title">Invitations en attente</h2>
<span class="figure">${invitations === undefined ? "—" : French.integer(pending.length)}</span>
<p><a href="${base}/equipe">Voir l’équipe</a></p></section>
<section class="card" aria-labelledby="carte-campagnes"><h2 id="carte-campagnes" class="card-title">Campagnes actives</h2>
<span class="figure">${French.integer(active.length)}</span>
<p><a href="${base}/campagnes">Voir les campagnes</a></p></section>
</div>
<h2>À faire</h2>
${nextSteps.length === 0 ? html`<p>Rien d’urgent. Les résultats des élèves arrivent dans <a href="${base}/campagnes">les campagnes</a>.</p>` : html`<ul>${nextSteps}</ul>`}`
  })
})

/** The use cases as people say them (the audit trail records the library's names). */
const actions: Record<string, string> = {
  registerUser: "Création d’un compte",
  acceptPixOrgaTerms: "Acceptation des conditions d’utilisation",
  registerOrganization: "Création de l’établissement",
  inviteFirstAdmin: "Invitation du premier administrateur",
  inviteMembers: "Invitation de membres",
  resendInvitation: "Nouvel envoi d’une invitation",
  cancelInvitation: "Annulation d’une invitation",
  acceptInvitation: "Acceptation d’une invitation",
  changeMemberRole: "Changement de rôle",
  removeMember: "Retrait d’un membre",
  leaveOrganization: "Départ d’un membre",
  importSiecleFile: "Import de la base élèves",
  createCampaign: "Création d’une campagne",
  updateCampaign: "Modification d’une campagne",
  archiveCampaign: "Archivage d’une campagne",
  unarchiveCampaign: "Désarchivage d’une campagne",
  joinCampaign: "Participation à une campagne",
  recordAssessmentOutcome: "Résultat d’une évaluation",
  shareResults: "Envoi des résultats",
  shareProfile: "Envoi du profil",
  setCollectionDeadline: "Date limite de collecte"
}

const journal = Effect.gen(function* () {
  const { organization, actor, ...viewer } = yield* Page.inOrganization
  const { entries } = yield* (yield* Reports.Reports).auditTrail(actor, organization.organizationId, { limit: 100 })
  const members = yield* (yield* Team.Team).members(actor, organization.organizationId)
  const names = new Map(members.map((member) => [member.userId, `${member.firstName} ${member.lastName}`]))
  const who = (actorId: string | null) =>
    actorId === null ? "Le système" : (names.get(actorId) ?? "Un élève ou un ancien membre")
  return Page.respond({
    title: `Journal · ${organization.name}`,
    viewer,
    organization,
    section: "journal",
    body: html`<h1>Journal des actions</h1>
<p class="lead">Les 100 dernières actions enregistrées pour l’établissement, les plus récentes d’abord.</p>
<div class="table"><table><caption>Actions</caption><thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Par</th></tr></thead>
<tbody>${entries.map(
      (entry) =>
        html`<tr><td>${French.dateTime(entry.occurredAt)}</td><td>${actions[entry.useCase] ?? "Autre action"}</td><td>${who(entry.actorId)}</td></tr>`
    )}</tbody></table></div>`
  })
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/espace", choose),
  Page.route("GET", "/espace/:organizationId", home),
  Page.route("GET", "/espace/:organizationId/journal", journal)
)
