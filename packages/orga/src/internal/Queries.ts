/**
 * The read side of an organization: its view, members and pending invitations, learners (with their
 * certificability), divisions, import history and campaigns. Every query first catches up with the log's head.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import { NameMatching } from "./Domain.ts"
import * as Listings from "./Listings.ts"
import type { Plumbing } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"

/**
 * Builds the queries of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<
  OrgaShape,
  "organization" | "members" | "invitations" | "learners" | "divisions" | "importHistory" | "campaigns"
> => {
  const { models, query, asMember, asAdmin } = plumbing
  const { latestProfiles, activeDivisions, campaignSummary } = Listings.make(models)

  const organizationQuery: OrgaShape["organization"] = (actor, organizationId) =>
    query(Effect.map(asMember(actor, organizationId), (state) => Listings.organizationView(organizationId, state)))

  const members: OrgaShape["members"] = (actor, organizationId) =>
    query(
      Effect.map(asMember(actor, organizationId), (state) =>
        [...state.members.values()].map((member) => {
          const account = models.accounts.get(member.userId)
          return {
            userId: member.userId,
            firstName: account?.firstName ?? "",
            lastName: account?.lastName ?? "",
            email: account?.email ?? null,
            role: member.role,
            since: member.since
          }
        })
      )
    )

  const invitations: OrgaShape["invitations"] = (actor, organizationId) =>
    query(
      Effect.map(asAdmin(actor, organizationId), (state) =>
        [...state.invitations.values()]
          .filter((invitation) => invitation.status === "pending")
          .map((invitation) => ({
            invitationId: invitation.invitationId,
            email: invitation.email,
            role: invitation.role,
            status: invitation.status,
            createdAt: invitation.createdAt,
            lastSentAt: invitation.lastSentAt
          }))
      )
    )

  const participationCounts = (organizationId: string) => {
    const counts = new Map<string, number>()
    for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? [])
      for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
        const participation = models.participation(participationId)
        if (participation !== undefined && participation.learnerId !== null && participation.deletedAt === null)
          counts.set(participation.learnerId, (counts.get(participation.learnerId) ?? 0) + 1)
      }
    return counts
  }

  const learners: OrgaShape["learners"] = (actor, organizationId, filter) =>
    query(
      Effect.gen(function* () {
        yield* asMember(actor, organizationId)
        const roster = ReadModels.rosterOf(models, organizationId)
        const divisions =
          filter?.divisions !== undefined && filter.divisions.length > 0 ? new Set(filter.divisions) : null
        const search = filter?.search === undefined ? null : NameMatching.normalize(filter.search)
        const profiles = latestProfiles(organizationId)
        const counts = participationCounts(organizationId)
        const rows: Array<Views.LearnerView> = []
        for (const learner of roster.learners.values()) {
          if (learner.isDisabled && filter?.includeDisabled !== true) continue
          if (divisions !== null && !divisions.has(learner.record.division)) continue
          if (
            search !== null &&
            !NameMatching.normalize(`${learner.record.firstName}${learner.record.lastName}`).includes(search) &&
            !NameMatching.normalize(`${learner.record.lastName}${learner.record.firstName}`).includes(search)
          )
            continue
          const profile = profiles.get(learner.learnerId)
          rows.push({
            learnerId: learner.learnerId,
            lastName: learner.record.lastName,
            firstName: learner.record.firstName,
            birthdate: learner.record.birthdate,
            division: learner.record.division,
            nationalStudentId: learner.record.nationalStudentId,
            isDisabled: learner.isDisabled,
            isLinkedToAccount: learner.userId !== null,
            participationCount: counts.get(learner.learnerId) ?? 0,
            certificability:
              profile === undefined ? "Non communiqué" : profile.isCertifiable ? "Certifiable" : "Non Certifiable"
          })
        }
        return rows.sort(
          (a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr")
        )
      })
    )

  const divisions: OrgaShape["divisions"] = (actor, organizationId) =>
    query(Effect.map(asMember(actor, organizationId), () => activeDivisions(organizationId)))

  // Pix shows who imported by name ("… le 10/12/2026 14:05 par Marie Curie").
  const nameOf = (userId: string): string | null => {
    const account = models.accounts.get(userId)
    return account === undefined ? null : `${account.firstName} ${account.lastName}`
  }

  const importHistory: OrgaShape["importHistory"] = (actor, organizationId) =>
    query(
      Effect.map(asMember(actor, organizationId), () =>
        (models.imports.get(organizationId) ?? []).map((entry) => ({
          fileName: entry.fileName,
          schoolYear: entry.schoolYear,
          status: entry.status,
          importedBy: entry.actorId,
          importedByName: nameOf(entry.actorId),
          occurredAt: entry.occurredAt,
          counts: entry.counts,
          skipped: entry.skipped,
          skippedStudents: entry.skippedStudents,
          errors: entry.errors,
          errorCounts: entry.errorCounts,
          errorTotal: entry.errorTotal
        }))
      )
    )

  const campaigns: OrgaShape["campaigns"] = (actor, organizationId) =>
    query(
      Effect.map(asMember(actor, organizationId), () =>
        (models.campaignsByOrganization.get(organizationId) ?? []).flatMap((campaignId) => {
          const campaign = models.campaigns.get(campaignId)
          return campaign === undefined || campaign.deletedAt !== null ? [] : [campaignSummary(campaign)]
        })
      )
    )

  return { organization: organizationQuery, members, invitations, learners, divisions, importHistory, campaigns }
}
