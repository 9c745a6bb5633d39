/**
 * The read side of an organization: its view, members and pending invitations, divisions and import history
 * (its learners and campaigns are listed by `LearnerList` and `CampaignList`). Every query first catches up with
 * the log's head.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import * as Listings from "./Listings.ts"
import type { Plumbing } from "./Plumbing.ts"

/**
 * Builds the queries of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "organization" | "members" | "invitations" | "divisions" | "importHistory"> => {
  const { models, query, asMember, asAdmin } = plumbing
  const { activeDivisions } = Listings.make(models)

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

  return { organization: organizationQuery, members, invitations, divisions, importHistory }
}
