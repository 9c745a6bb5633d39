/**
 * An invitation read by its id and code, as the link of the invitation e-mail gives them (Pix's public "read by
 * id+code", §3.3): the organization it is for, its name, and whether it can still be accepted.
 *
 * The link carries the invitation id and code only (`PUBLIC_URL/invitations/{id}?code=…`), and the library's
 * queries start from an organization, so the app keeps the one fact it lacks: which organization each invitation
 * id belongs to (a `MemberInvited` never moves). That index is filled from the log lazily: a lookup first reads
 * the events appended since the index's position (all of them on the first lookup, a few afterwards, in pages),
 * so nothing runs at start-up and an invitation written on another instance is found as soon as it is in the
 * shared log. The invitation itself is then read from the organization's stream as it is now, like the outbox
 * builds the e-mail (`outbox/Invitation.ts`), and checked with the rule of the domain's
 * `OrganizationDecider.readInvitation`, answering its errors: a wrong code or an unknown id `INVITATION_NOT_FOUND`
 * (404, the same answer for both, so a code cannot be told from an id), a cancelled one `CANCELLED_INVITATION`,
 * an accepted one `ALREADY_EXISTING_INVITATION`, one last sent more than 30 days ago `INVITATION_EXPIRED` (409).
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import { type DomainError, type Ids, Organization, OrganizationError, type Timestamp } from "@orga/domain"
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Semaphore from "effect/Semaphore"

/**
 * What the holder of an invitation's link may read of it.
 *
 * @category models
 * @since 0.1.0
 */
export interface PublicInvitation {
  readonly invitationId: string
  readonly organizationId: string
  readonly organizationName: string
  /** The address invited: the account accepting must have it. */
  readonly email: string
  readonly role: "ADMIN" | "MEMBER" | null
  readonly status: "pending"
  /** When it was last sent (Pix's "Date de dernier envoi"); valid 30 days from then. */
  readonly lastSentAt: string
}

/**
 * The invitation of an organization's stream, folded from its raw events.
 *
 * @category models
 * @since 0.1.0
 */
export interface Folded {
  readonly organizationName: string
  readonly invitation:
    | {
        readonly email: string
        readonly code: string
        readonly role: "ADMIN" | "MEMBER" | null
        readonly status: "pending" | "accepted" | "cancelled"
        readonly lastSentAt: string
      }
    | undefined
}

/**
 * Folds one invitation of an organization's stream (raw recorded events, as the outbox reads them).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fold = (events: ReadonlyArray<EventStore.RecordedEvent>, invitationId: string): Folded => {
  let organizationName = ""
  let invitation: Folded["invitation"]
  for (const recorded of events) {
    const data = recorded.data as Record<string, unknown>
    if (recorded.type === "OrganizationRegistered") organizationName = String(data.name)
    if (data.invitationId !== invitationId) continue
    const role = (data.role ?? null) as "ADMIN" | "MEMBER" | null
    const at = String(data.occurredAt)
    if (recorded.type === "MemberInvited")
      invitation = { email: String(data.email), code: String(data.code), role, status: "pending", lastSentAt: at }
    else if (invitation === undefined) continue
    else if (recorded.type === "InvitationResent") invitation = { ...invitation, role, lastSentAt: at }
    else if (recorded.type === "InvitationAccepted") invitation = { ...invitation, status: "accepted" }
    else if (recorded.type === "InvitationCancelled") invitation = { ...invitation, status: "cancelled" }
  }
  return { organizationName, invitation }
}

/** Compares two codes in constant time (a wrong code takes as long as a right one). */
const sameCode = (expected: string, given: string): boolean => {
  const a = Buffer.from(expected, "utf8")
  const b = Buffer.from(given, "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The domain's read rule (`OrganizationDecider.readInvitation`) on a folded invitation.
 *
 * @category constructors
 * @since 0.1.0
 */
export const check = (
  folded: Folded,
  organizationId: string,
  invitationId: string,
  code: string,
  now: string
): PublicInvitation | DomainError.DomainError => {
  const id = invitationId as Ids.InvitationId
  const invitation = folded.invitation
  if (invitation === undefined || !sameCode(invitation.code, code)) return OrganizationError.invitationNotFound(id)
  if (invitation.status === "cancelled") return OrganizationError.cancelledInvitation(id)
  if (invitation.status === "accepted") return OrganizationError.alreadyExistingInvitation(id)
  const lastSentAt = invitation.lastSentAt as Timestamp.Timestamp
  if (Organization.isExpired({ lastSentAt } as Organization.Invitation, now as Timestamp.Timestamp))
    return OrganizationError.invitationExpired(id, lastSentAt)
  return {
    invitationId,
    organizationId,
    organizationName: folded.organizationName,
    email: invitation.email,
    role: invitation.role,
    status: "pending",
    lastSentAt
  }
}

/**
 * Reads invitations by id and code.
 *
 * @category models
 * @since 0.1.0
 */
export interface InvitationIndexShape {
  readonly find: (
    invitationId: string,
    code: string
  ) => Effect.Effect<PublicInvitation, DomainError.DomainError | EventStoreError.EventStoreError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class InvitationIndex extends Context.Service<InvitationIndex, InvitationIndexShape>()(
  "@orga/http/InvitationIndex"
) {}

/** Events read per page while the index catches up. */
const pageSize = 2000

/**
 * The index over the app's event store.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<InvitationIndex, never, EventStore.EventStore> = Layer.effect(
  InvitationIndex,
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    const organizationOf = new Map<string, string>()
    let position = 0n
    // One catch-up at a time: concurrent lookups wait for it rather than reading the same pages twice.
    const lock = yield* Semaphore.make(1)

    const catchUp = lock.withPermit(
      Effect.gen(function* () {
        const head = yield* store.head
        while (position < head) {
          const page = yield* store.readAll({ after: position, maxCount: pageSize })
          const last = page[page.length - 1]
          if (last === undefined) break
          for (const event of page)
            if (event.type === "MemberInvited") {
              const data = event.data as { invitationId?: unknown; organizationId?: unknown }
              organizationOf.set(String(data.invitationId), String(data.organizationId))
            }
          position = last.globalPosition
        }
      })
    )

    const find: InvitationIndexShape["find"] = (invitationId, code) =>
      Effect.gen(function* () {
        yield* catchUp
        const organizationId = organizationOf.get(invitationId)
        const now = new Date(yield* Clock.currentTimeMillis).toISOString()
        const events =
          organizationId === undefined
            ? []
            : yield* store.readStream(Organization.streamName(organizationId as Ids.OrganizationId))
        const answer = check(fold(events, invitationId), organizationId ?? "", invitationId, code, now)
        return "_tag" in answer ? yield* Effect.fail(answer) : answer
      })

    return { find }
  })
)
