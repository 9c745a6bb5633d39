/**
 * What Orga lists, derived from the read models and shared by the queries, results and reports: the live
 * participations, each learner's latest shared profile, the active divisions, a campaign's summary and an
 * organization's view.
 *
 * @since 0.1.0
 */
import type * as Views from "../Views.ts"
import type { Campaign, Organization } from "./Domain.ts"
import * as ReadModels from "./ReadModels.ts"

/**
 * An organization as Orga shows it.
 *
 * @since 0.1.0
 */
export const organizationView = (organizationId: string, state: Organization.Organization): Views.OrganizationView => ({
  organizationId,
  name: state.registration?.name ?? "",
  type: state.type,
  uai: state.registration?.uai ?? null,
  isManagingStudents: state.isManagingStudents,
  archivedAt: state.archivedAt,
  membersCount: state.members.size
})

/**
 * The latest shared participation of each learner of an organization in its live profiles collections, read through
 * `participationOf` (a view, or the stored state where a view would cost more). A sending improved by a re-send
 * still counts until the re-send is shared: a student who started sending again is not "not shared yet" meanwhile.
 *
 * @since 0.3.0
 */
export const latestShared = <
  P extends { readonly deletedAt: string | null; readonly sharedAt: string | null; readonly learnerId: string | null }
>(
  models: ReadModels.ReadModels,
  organizationId: string,
  participationOf: (participationId: string) => P | undefined
): Map<string, P> => {
  const latest = new Map<string, P>()
  for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? []) {
    const campaign = models.campaigns.get(campaignId)
    if (campaign === undefined || campaign.type !== "PROFILES_COLLECTION" || campaign.deletedAt !== null) continue
    for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
      const participation = participationOf(participationId)
      if (
        participation === undefined ||
        participation.deletedAt !== null ||
        participation.sharedAt === null ||
        participation.learnerId === null
      )
        continue
      const before = latest.get(participation.learnerId)
      if (before === undefined || (before.sharedAt ?? "") < participation.sharedAt)
        latest.set(participation.learnerId, participation)
    }
  }
  return latest
}

/**
 * The listings over one service's read models.
 *
 * @since 0.1.0
 */
export const make = (models: ReadModels.ReadModels) => {
  /** A participation Orga lists: not deleted, and the latest of its participant (not improved since). */
  const live = (participationId: string): ReadModels.ParticipationView | undefined => {
    const participation = models.participation(participationId)
    return participation === undefined || participation.deletedAt !== null || participation.isImproved
      ? undefined
      : participation
  }

  /**
   * The latest shared profile of each learner of an organization (any profiles collection, `latestShared`).
   */
  const latestProfiles = (organizationId: string) => latestShared(models, organizationId, models.participation)

  const activeDivisions = (organizationId: string): Array<string> => {
    const set = new Set<string>()
    for (const learner of ReadModels.rosterOf(models, organizationId).learners.values())
      if (!learner.isDisabled) set.add(learner.record.division)
    return [...set].sort((a, b) => a.localeCompare(b, "fr"))
  }

  /**
   * A campaign's summary; `counts` are its live participations and how many are shared, when the caller has just
   * counted them (the results query reads every participation anyway), else they are counted here.
   */
  const campaignSummary = (
    campaign: Campaign.Campaign,
    counts?: { readonly participationsCount: number; readonly sharedParticipationsCount: number }
  ): Views.CampaignSummary => {
    let shared = counts?.sharedParticipationsCount ?? 0
    let count = counts?.participationsCount ?? 0
    if (counts === undefined)
      for (const id of models.participationsByCampaign.get(campaign.campaignId) ?? []) {
        const participation = live(id)
        if (participation === undefined) continue
        count++
        if (participation.sharedAt !== null) shared++
      }
    const owner = models.accounts.get(campaign.ownerId)
    return {
      campaignId: campaign.campaignId,
      organizationId: campaign.organizationId,
      code: campaign.code,
      name: campaign.name,
      type: campaign.type,
      ownerId: campaign.ownerId,
      targetProfileId: campaign.targetProfileId,
      createdAt: campaign.createdAt,
      archivedAt: campaign.archivedAt,
      participationsCount: count,
      sharedParticipationsCount: shared,
      multipleSendings: campaign.multipleSendings,
      ownerFirstName: owner?.firstName ?? "",
      ownerLastName: owner?.lastName ?? ""
    }
  }

  return { live, latestProfiles, activeDivisions, campaignSummary }
}
