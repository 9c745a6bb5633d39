/**
 * The team: members (roles, removal), invitations (several e-mails at once, resend, cancel), leaving; and the
 * public invitation page the invitation e-mail links to (`GET /invitations/{id}?code=`, `Invitation.link`), from
 * which the invitee signs in or signs up, then accepts.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import { Team } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import * as Layer from "effect/Layer"
import * as Actors from "../../api/Actors.ts"
import * as InvitationIndex from "../../invitations/InvitationIndex.ts"
import { html } from "../Html.ts"
import * as Page from "../Page.ts"

const roleChoice = (name: string, idPrefix: string, current: "ADMIN" | "MEMBER") =>
  html`${(["MEMBER", "ADMIN"] as const).map(
    (role) =>
      html`<div class="choice"><input type="radio" id="${idPrefix}-${role}" name="${name}" value="${role}"${role === current ? " checked" : ""}><label for="${idPrefix}-${role}">${French.role(role)}</label></div>`
  )}`

const teamPage = (
  context: Effect.Success<typeof Page.inOrganization>,
  options: {
    readonly errors?: ReadonlyArray<Page.FieldError>
    readonly emails?: string
    readonly notice?: string | null
  }
) =>
  Effect.gen(function* () {
    const { organization, actor, ...viewer } = context
    const team = yield* Team.Team
    const members = yield* team.members(actor, organization.organizationId)
    const isAdmin = members.some((member) => member.userId === viewer.userId && member.role === "ADMIN")
    const invitations = isAdmin
      ? (yield* team.invitations(actor, organization.organizationId)).filter(
          (invitation) => invitation.status === "pending"
        )
      : []
    const base = `${Page.orgPath(organization.organizationId)}/equipe`
    const errors = options.errors ?? []
    return Page.respond({
      title: `Équipe · ${organization.name}`,
      viewer,
      organization,
      section: "equipe",
      hasErrors: errors.length > 0,
      body: html`<h1>Équipe</h1>
${options.notice === null || options.notice === undefined ? "" : html`<div class="alert success" role="status"><p>${options.notice}</p></div>`}
${Page.errorSummary(errors)}
<div class="table"><table><caption>${French.count(members.length, "membre")}</caption><thead><tr><th scope="col">Nom</th><th scope="col" class="hide-small">Adresse e-mail</th><th scope="col">Rôle</th>${isAdmin ? html`<th scope="col">Actions</th>` : ""}</tr></thead>
<tbody>${members.map(
        (member) =>
          html`<tr><td>${member.firstName} ${member.lastName}</td><td class="hide-small">${member.email ?? "—"}</td><td>${French.role(member.role)}</td>${
            isAdmin
              ? html`<td>${
                  member.userId === viewer.userId
                    ? ""
                    : html`<form method="post" action="${base}/membres/${encodeURIComponent(member.userId)}/role" class="inline">${Page.csrfField(viewer)}<input type="hidden" name="role" value="${member.role === "ADMIN" ? "MEMBER" : "ADMIN"}"><button type="submit" class="link">Passer ${member.role === "ADMIN" ? "membre" : "administrateur"}<span class="skip-label"> : ${member.firstName} ${member.lastName}</span></button></form>
 · <form method="post" action="${base}/membres/${encodeURIComponent(member.userId)}/retirer" class="inline">${Page.csrfField(viewer)}<button type="submit" class="link">Retirer<span class="skip-label"> ${member.firstName} ${member.lastName}</span></button></form>`
                }</td>`
              : ""
          }</tr>`
      )}</tbody></table></div>
${
  isAdmin
    ? html`<h2>Inviter des membres</h2>
<form method="post" action="${base}/invitations" class="stack" novalidate>${Page.csrfField(viewer)}
<div class="field${errors.some((error) => error.field === "emails") ? " invalid" : ""}"><label for="emails">Adresses e-mail<span class="hint" id="emails-aide">Une ou plusieurs adresses, séparées par des virgules ou des retours à la ligne.</span></label>
${errors.filter((error) => error.field === "emails").map((error) => html`<span class="error-text" id="emails-erreur">${error.message}</span>`)}
<textarea id="emails" name="emails" aria-describedby="emails-aide${errors.some((error) => error.field === "emails") ? " emails-erreur" : ""}">${options.emails ?? ""}</textarea></div>
<fieldset><legend>Rôle</legend>${roleChoice("role", "role", "MEMBER")}</fieldset>
<div class="actions"><button type="submit">Inviter</button></div></form>
<h2>Invitations en attente</h2>
${
  invitations.length === 0
    ? html`<p>Aucune invitation en attente.</p>`
    : html`<div class="table"><table><caption>${French.count(invitations.length, "invitation en attente", "invitations en attente")}</caption><thead><tr><th scope="col">Adresse e-mail</th><th scope="col">Rôle</th><th scope="col" class="hide-small">Dernier envoi</th><th scope="col">Actions</th></tr></thead>
<tbody>${invitations.map(
        (invitation) =>
          html`<tr><td>${invitation.email}</td><td>${invitation.role === null ? "Membre" : French.role(invitation.role)}</td><td class="hide-small">${French.dateTime(invitation.lastSentAt)}</td><td><form method="post" action="${base}/invitations/${encodeURIComponent(invitation.invitationId)}/renvoyer" class="inline">${Page.csrfField(viewer)}<button type="submit" class="link">Renvoyer<span class="skip-label"> l’invitation de ${invitation.email}</span></button></form> · <form method="post" action="${base}/invitations/${encodeURIComponent(invitation.invitationId)}/annuler" class="inline">${Page.csrfField(viewer)}<button type="submit" class="link">Annuler<span class="skip-label"> l’invitation de ${invitation.email}</span></button></form></td></tr>`
      )}</tbody></table></div>`
}`
    : ""
}
<h2>Quitter l’établissement</h2>
<form method="post" action="${base}/quitter">${Page.csrfField(viewer)}<button type="submit" class="danger">Quitter ${organization.name}</button></form>`
    })
  })

const notices: Record<string, string> = {
  invite: "Les invitations sont envoyées.",
  renvoi: "L’invitation est renvoyée.",
  annulation: "L’invitation est annulée.",
  role: "Le rôle est modifié.",
  retrait: "Le membre est retiré de l’équipe."
}

const show = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const notice = (yield* Page.query).get("fait")
  return yield* teamPage(context, { notice: notice === null ? null : (notices[notice] ?? null) })
})

/** A team action: on success back to the team page with its notice; refused, the team page with the reason. */
const action = <E, R>(
  run: (
    context: Effect.Success<typeof Page.inOrganization>,
    params: Readonly<Record<string, string | undefined>>
  ) => Effect.Effect<unknown, E, R>,
  done: string
) =>
  Effect.gen(function* () {
    const context = yield* Page.inOrganization
    const params = yield* HttpRouter.params
    const outcome = yield* run(context, params).pipe(
      Effect.as(undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error).message))
    )
    if (outcome === undefined)
      return Page.redirect(`${Page.orgPath(context.organization.organizationId)}/equipe?fait=${done}`)
    return yield* teamPage(context, { errors: [{ field: "contenu", message: outcome }] })
  })

const invite = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const form = yield* Page.form
  const text = form.get("emails") ?? ""
  const emails = text
    .split(/[\s,;]+/)
    .map((email) => email.trim())
    .filter((email) => email !== "")
  const role = form.get("role") === "ADMIN" ? "ADMIN" : "MEMBER"
  const wrong = emails.filter((email) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
  if (emails.length === 0 || wrong.length > 0)
    return yield* teamPage(context, {
      emails: text,
      errors: [
        {
          field: "emails",
          message:
            emails.length === 0
              ? "Indiquez au moins une adresse e-mail."
              : `Ces adresses ne sont pas valides : ${wrong.join(", ")}. Corrigez-les, par exemple nom@college.fr.`
        }
      ]
    })
  const sent = yield* (yield* Team.Team)
    .inviteMembers(context.actor, { organizationId: context.organization.organizationId, emails, role })
    .pipe(
      Effect.as(undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error).message))
    )
  if (sent !== undefined)
    return yield* teamPage(context, { emails: text, errors: [{ field: "emails", message: sent }] })
  return Page.redirect(`${Page.orgPath(context.organization.organizationId)}/equipe?fait=invite`)
})

/** The invitation of the e-mail's link (`InvitationIndex`, ADR 0046), or the French sentence of its refusal. */
const readInvitation = (invitationId: string, code: string) =>
  Effect.flatMap(InvitationIndex.InvitationIndex, (index) => index.find(invitationId, code)).pipe(
    Effect.map((invitation) => ({ _tag: "Found" as const, invitation })),
    Effect.catch((error) => Effect.succeed({ _tag: "Refused" as const, ...Page.explain(error) }))
  )

const invitationPage = (options: {
  readonly viewer: Page.Viewer | undefined
  readonly invitationId: string
  readonly code: string
  readonly message?: string | undefined
}) =>
  Effect.gen(function* () {
    const here = `/invitations/${encodeURIComponent(options.invitationId)}?code=${encodeURIComponent(options.code)}`
    const read = yield* readInvitation(options.invitationId, options.code)
    const viewer = options.viewer
    return Page.respond({
      title: "Invitation à rejoindre Pix Orga",
      viewer,
      status: read._tag === "Refused" ? read.status : options.message === undefined ? 200 : 422,
      body: html`<h1>Invitation à rejoindre un établissement sur Pix Orga</h1>
${options.message === undefined ? "" : html`<div class="alert error" role="alert" id="erreurs" tabindex="-1" autofocus><p>${options.message}</p></div>`}
${
  read._tag === "Refused"
    ? html`<div class="alert error"><p>${read.message}</p></div>`
    : html`<p class="lead">Vous êtes invité(e) à rejoindre « ${read.invitation.organizationName} » ${read.invitation.role === "ADMIN" ? "comme administrateur" : "comme membre"}. L’invitation a été envoyée à <strong>${read.invitation.email}</strong>.</p>
${
  viewer === undefined
    ? html`<p>Pour l’accepter, connectez-vous, ou créez votre compte avec cette adresse e-mail.</p>
<div class="actions"><a class="button" href="/connexion?retour=${encodeURIComponent(here)}">Se connecter</a><a class="button secondary" href="/inscription?retour=${encodeURIComponent(here)}">Créer un compte</a></div>`
    : html`<p>Vous êtes connecté(e) en tant que ${viewer.account.firstName} ${viewer.account.lastName}${viewer.account.email === null ? "" : ` (${viewer.account.email})`}.</p>
<form method="post" action="/invitations/${encodeURIComponent(options.invitationId)}">${Page.csrfField(viewer)}<input type="hidden" name="code" value="${options.code}">
<div class="actions"><button type="submit">Accepter l’invitation</button></div></form>`
}`
}`
    })
  })

const invitation = Effect.gen(function* () {
  const { invitationId } = yield* HttpRouter.params
  // The same bucket per client address as the API's read of an invitation (guessing codes is slow either way).
  yield* Page.throttle("invitation-read")
  const code = (yield* Page.query).get("code") ?? ""
  return yield* invitationPage({ viewer: yield* Page.viewer, invitationId: invitationId ?? "", code })
})

const accept = Effect.gen(function* () {
  const viewer = yield* Page.signedIn
  const { invitationId = "" } = yield* HttpRouter.params
  const code = (yield* Page.form).get("code") ?? ""
  yield* Page.throttle("invitation", [`invitation:account:${viewer.userId}`, Actors.joinPerAccount])
  const read = yield* readInvitation(invitationId, code)
  if (read._tag === "Refused") return yield* invitationPage({ viewer, invitationId, code })
  const organizationId = read.invitation.organizationId
  const refused = yield* (yield* Team.Team)
    .acceptInvitation(Actors.user(viewer.userId), { organizationId, invitationId, code })
    .pipe(
      Effect.as(undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error).message))
    )
  if (refused !== undefined) return yield* invitationPage({ viewer, invitationId, code, message: refused })
  return Page.redirect(Page.orgPath(organizationId))
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/espace/:organizationId/equipe", show),
  Page.route("POST", "/espace/:organizationId/equipe/invitations", invite),
  Page.route(
    "POST",
    "/espace/:organizationId/equipe/invitations/:invitationId/renvoyer",
    action(
      (context, params) =>
        Effect.flatMap(Effect.service(Team.Team), (team) =>
          team.resendInvitation(context.actor, {
            organizationId: context.organization.organizationId,
            invitationId: params.invitationId ?? ""
          })
        ),
      "renvoi"
    )
  ),
  Page.route(
    "POST",
    "/espace/:organizationId/equipe/invitations/:invitationId/annuler",
    action(
      (context, params) =>
        Effect.flatMap(Effect.service(Team.Team), (team) =>
          team.cancelInvitation(context.actor, {
            organizationId: context.organization.organizationId,
            invitationId: params.invitationId ?? ""
          })
        ),
      "annulation"
    )
  ),
  Page.route(
    "POST",
    "/espace/:organizationId/equipe/membres/:userId/role",
    Effect.gen(function* () {
      const role = (yield* Page.form).get("role") === "ADMIN" ? "ADMIN" : "MEMBER"
      return yield* action(
        (context, params) =>
          Effect.flatMap(Effect.service(Team.Team), (team) =>
            team.changeMemberRole(context.actor, {
              organizationId: context.organization.organizationId,
              userId: params.userId ?? "",
              role
            })
          ),
        "role"
      )
    })
  ),
  Page.route(
    "POST",
    "/espace/:organizationId/equipe/membres/:userId/retirer",
    action(
      (context, params) =>
        Effect.flatMap(Effect.service(Team.Team), (team) =>
          team.removeMember(context.actor, {
            organizationId: context.organization.organizationId,
            userId: params.userId ?? ""
          })
        ),
      "retrait"
    )
  ),
  Page.route(
    "POST",
    "/espace/:organizationId/equipe/quitter",
    Effect.gen(function* () {
      const context = yield* Page.inOrganization
      yield* (yield* Team.Team).leaveOrganization(context.actor, {
        organizationId: context.organization.organizationId
      })
      return Page.redirect("/espace")
    })
  ),
  Page.route("GET", "/invitations/:invitationId", invitation),
  Page.route("POST", "/invitations/:invitationId", accept)
)
