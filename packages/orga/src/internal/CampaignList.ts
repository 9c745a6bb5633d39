/**
 * The campaign list of an organization (§6.1): the live campaigns (deleted ones never show), with the "Mes
 * campagnes" / "Toutes les campagnes" tabs, the active / archived status, an owner and a part of the name as
 * filters, each campaign with its owner's names.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import { NameMatching } from "./Domain.ts"
import * as Listings from "./Listings.ts"
import type { Plumbing } from "./Plumbing.ts"

/**
 * Builds the campaign list query over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "campaigns"> => {
  const { models, query, asMember } = plumbing
  const { campaignSummary } = Listings.make(models)

  const campaigns: OrgaShape["campaigns"] = (actor, organizationId, filter) =>
    query(
      Effect.map(asMember(actor, organizationId), () => {
        const me = actor._tag === "User" ? actor.userId : null
        const name = filter?.name === undefined ? "" : NameMatching.normalize(filter.name)
        const ownerName = filter?.ownerName === undefined ? "" : NameMatching.normalize(filter.ownerName)
        return (models.campaignsByOrganization.get(organizationId) ?? []).flatMap((campaignId) => {
          const campaign = models.campaigns.get(campaignId)
          if (campaign === undefined || campaign.deletedAt !== null) return []
          if (filter?.mine === true && campaign.ownerId !== me) return []
          if (filter?.status === "active" && campaign.archivedAt !== null) return []
          if (filter?.status === "archived" && campaign.archivedAt === null) return []
          if (filter?.ownerId !== undefined && campaign.ownerId !== filter.ownerId) return []
          if (name !== "" && !NameMatching.normalize(campaign.name).includes(name)) return []
          const summary = campaignSummary(campaign)
          if (
            ownerName !== "" &&
            !NameMatching.normalize(`${summary.ownerFirstName}${summary.ownerLastName}`).includes(ownerName) &&
            !NameMatching.normalize(`${summary.ownerLastName}${summary.ownerFirstName}`).includes(ownerName)
          )
            return []
          return [summary]
        })
      })
    )

  return { campaigns }
}
