/**
 * Deleting a campaign from the list: a confirmation page that says what goes with it (every participation,
 * anonymised, as Pix does), then the library's `deleteCampaigns`. Only an administrator or the campaign's owner may;
 * anyone else reads the library's French refusal on the same page, and nothing is deleted.
 *
 * @since 0.2.0
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { Campaigns } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpRouter } from "effect/http"
import * as Layer from "effect/Layer"
import { html } from "../Html.ts"
import * as Page from "../Page.ts"

const confirmation = (
  context: Effect.Success<typeof Page.inOrganization>,
  campaign: Views.CampaignSummary,
  refusal: string | undefined
) => {
  const { organization, actor: _actor, ...viewer } = context
  const base = Page.orgPath(organization.organizationId)
  const path = `${base}/campagnes/${encodeURIComponent(campaign.campaignId)}`
  return Page.respond({
    title: `Supprimer « ${campaign.name} » · Campagnes`,
    viewer,
    organization,
    section: "campagnes",
    ...(refusal === undefined ? {} : { status: 403 }),
    body: html`<p><a href="${base}/campagnes">← Toutes les campagnes</a></p>
<h1>Supprimer la campagne « ${campaign.name} » ?</h1>
${refusal === undefined ? "" : html`<div class="alert error" role="alert"><p>La campagne n’est pas supprimée : ${refusal}</p></div>`}
<div class="alert warning"><p>La suppression est définitive. ${
      campaign.participationsCount === 0
        ? "Personne n’a encore rejoint cette campagne."
        : `${French.count(campaign.participationsCount, "participation sera supprimée", "participations seront supprimées")} avec elle, et les résultats reçus ne seront plus consultables.`
    }</p></div>
<form method="post" action="${path}/supprimer" class="stack">${Page.csrfField(viewer)}
<div class="actions"><button type="submit" class="danger">Supprimer la campagne</button><a href="${base}/campagnes">Annuler</a></div>
</form>`
  })
}

/** The campaign of the organization named in the path, or back to the list (deleted already, or not this school's). */
const campaignOf = (context: Effect.Success<typeof Page.inOrganization>) =>
  Effect.gen(function* () {
    const { campaignId = "" } = yield* HttpRouter.params
    const campaigns = yield* (yield* Campaigns.Campaigns).campaigns(context.actor, context.organization.organizationId)
    const campaign = campaigns.find((candidate) => candidate.campaignId === campaignId)
    if (campaign === undefined)
      return yield* Effect.fail(
        new Page.Redirect({ location: `${Page.orgPath(context.organization.organizationId)}/campagnes` })
      )
    return campaign
  })

const ask = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  return confirmation(context, yield* campaignOf(context), undefined)
})

const remove = Effect.gen(function* () {
  const context = yield* Page.inOrganization
  const campaign = yield* campaignOf(context)
  const outcome = yield* (yield* Campaigns.Campaigns)
    .deleteCampaigns(context.actor, {
      organizationId: context.organization.organizationId,
      campaignIds: [campaign.campaignId]
    })
    .pipe(
      Effect.map(() => undefined),
      Effect.catch((error) => Effect.succeed(Page.explain(error).message))
    )
  if (outcome !== undefined) return confirmation(context, campaign, outcome)
  return Page.redirect(`${Page.orgPath(context.organization.organizationId)}/campagnes?fait=supprimee`)
})

/**
 * The routes.
 *
 * @category layers
 * @since 0.2.0
 */
export const layer = Layer.mergeAll(
  Page.route("GET", "/espace/:organizationId/campagnes/:campaignId/supprimer", ask),
  Page.route("POST", "/espace/:organizationId/campagnes/:campaignId/supprimer", remove)
)
