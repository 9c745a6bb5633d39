/**
 * The invitation e-mail: which log events ask for one, and the French message built from the organization's
 * stream (the invitation's address and code, the organization's name, whether it is still pending).
 *
 * `InvitationResent` carries neither address nor code (the domain keeps one fact per fact), so every message is
 * built by reading the organization's stream at sending time: a resent invitation gets its original code, and an
 * invitation accepted or cancelled before its mail left is not sent at all. The message holds only what the
 * recipient must read: the organization's name and the link (no inviter, no other member).
 *
 * @since 0.1.0
 */
import type { EventStore } from "@orga/event-store"

type RecordedEvent = EventStore.RecordedEvent

/**
 * The log event types that ask for an invitation e-mail (a member's, and the first administrator's: both are
 * `MemberInvited`; a resending is `InvitationResent`).
 *
 * @category models
 * @since 0.1.0
 */
export const types: ReadonlySet<string> = new Set(["MemberInvited", "InvitationResent"])

/**
 * The organization and invitation an invitation event names.
 *
 * @category getters
 * @since 0.1.0
 */
export const target = (event: RecordedEvent): { readonly organizationId: string; readonly invitationId: string } => {
  const data = event.data as { organizationId?: unknown; invitationId?: unknown }
  return { organizationId: String(data.organizationId), invitationId: String(data.invitationId) }
}

/**
 * What an invitation event asks for, once the organization's stream is read.
 *
 * @category models
 * @since 0.1.0
 */
export type Plan =
  | {
      readonly _tag: "Send"
      readonly to: string
      readonly subject: string
      readonly text: string
      readonly link: string
    }
  | { readonly _tag: "Skip"; readonly reason: "accepted" | "cancelled" | "unknown" }

/**
 * The link of the invitation: the public page that reads an invitation by id and code (Pix's "read by id+code"),
 * from which the invitee signs in or signs up and accepts (`POST /invitations/{id}/accept` with the code).
 *
 * @category constructors
 * @since 0.1.0
 */
export const link = (publicUrl: string, invitationId: string, code: string): string =>
  `${publicUrl}/invitations/${encodeURIComponent(invitationId)}?code=${encodeURIComponent(code)}`

/**
 * The French message of an invitation to an organization.
 *
 * @category constructors
 * @since 0.1.0
 */
export const message = (organizationName: string, url: string) => ({
  subject: `Invitation à rejoindre ${organizationName} sur Pix Orga`,
  text: [
    "Bonjour,",
    "",
    `Vous êtes invité(e) à rejoindre l'organisation « ${organizationName} » sur Pix Orga.`,
    "",
    `Pour accepter l'invitation, suivez ce lien : ${url}`,
    "",
    "Ce lien est valable 30 jours. Si vous n'attendiez pas cette invitation, ignorez ce message.",
    "",
    "L'équipe Pix Orga"
  ].join("\n")
})

/**
 * Decides the mail of an invitation event from the organization's stream as it is now.
 *
 * @category constructors
 * @since 0.1.0
 */
export const plan = (event: RecordedEvent, organization: ReadonlyArray<RecordedEvent>, publicUrl: string): Plan => {
  const { invitationId } = target(event)
  let name = ""
  let invited: { email: string; code: string } | undefined
  let status: "pending" | "accepted" | "cancelled" = "pending"
  for (const recorded of organization) {
    const data = recorded.data as Record<string, unknown>
    if (recorded.type === "OrganizationRegistered") name = String(data.name)
    if (data.invitationId !== invitationId) continue
    if (recorded.type === "MemberInvited") invited = { email: String(data.email), code: String(data.code) }
    if (recorded.type === "InvitationAccepted") status = "accepted"
    if (recorded.type === "InvitationCancelled") status = "cancelled"
  }
  if (invited === undefined) return { _tag: "Skip", reason: "unknown" }
  if (status !== "pending") return { _tag: "Skip", reason: status }
  const url = link(publicUrl, invitationId, invited.code)
  return { _tag: "Send", to: invited.email, link: url, ...message(name, url) }
}
