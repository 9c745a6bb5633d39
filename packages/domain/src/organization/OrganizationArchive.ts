/**
 * Pix Admin archives an organization, and everything Pix's archive touches goes with it (Pix's
 * `organizationForAdminRepository.archive`): its pending invitations are cancelled, its active memberships end,
 * its campaigns not yet archived are archived, then the organization is marked archived. Nobody joins it, is
 * invited to it or logs into it afterwards.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as Campaign from "../campaign/Campaign.ts"
import * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type * as Organization from "./Organization.ts"
import * as OrganizationDecider from "./OrganizationDecider.ts"
import * as Event from "./OrganizationEvent.ts"

/**
 * What archiving writes: the organization's events, and one `CampaignArchived` per campaign still open.
 *
 * @category models
 * @since 0.1.0
 */
export interface Archive {
  readonly organization: ReadonlyArray<Event.OrganizationEvent>
  readonly campaigns: ReadonlyArray<CampaignEvent.CampaignArchived>
}

/**
 * Decides the archive of an organization by Pix Admin `actorId`, given its campaigns: unknown →
 * `ORGANIZATION_NOT_FOUND`, already archived → `ORGANIZATION_ARCHIVED` (Pix: "L'organisation est archivée."),
 * nothing written then.
 *
 * @category combinators
 * @since 0.1.0
 */
export const decide = (
  state: Organization.Organization,
  campaigns: ReadonlyArray<Campaign.Campaign>,
  command: {
    readonly organizationId: Ids.OrganizationId
    readonly actorId: Ids.UserId
    readonly now: Timestamp.Timestamp
  }
): Result.Result<Archive, DomainError.DomainError> =>
  Result.map(
    OrganizationDecider.decide(
      {
        _tag: "ArchiveOrganization",
        organizationId: command.organizationId,
        actorId: command.actorId,
        now: command.now
      },
      state
    ),
    (archived): Archive => {
      const organization: Array<Event.OrganizationEvent> = []
      for (const invitation of state.invitations.values())
        if (invitation.status === "pending")
          organization.push(
            Event.InvitationCancelled.make({
              organizationId: command.organizationId,
              invitationId: invitation.invitationId,
              actorId: command.actorId,
              occurredAt: command.now
            })
          )
      for (const member of state.members.values())
        organization.push(
          Event.MemberRemoved.make({
            organizationId: command.organizationId,
            userId: member.userId,
            actorId: command.actorId,
            occurredAt: command.now
          })
        )
      organization.push(...archived)
      return {
        organization,
        campaigns: campaigns
          .filter(
            (campaign) =>
              campaign.organizationId === command.organizationId &&
              campaign.archivedAt === null &&
              campaign.deletedAt === null
          )
          .map((campaign) =>
            CampaignEvent.CampaignArchived.make({
              campaignId: campaign.campaignId,
              archivedBy: command.actorId,
              occurredAt: command.now
            })
          )
      }
    }
  )
