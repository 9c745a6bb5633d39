/**
 * Pix Admin's organizations: the list and one organization's sheet, its archive (with everything Pix's archive
 * touches), its places (lots, the limit, capacity and places used), and the SCO self-service invitation of a
 * school's administrator by UAI (a public request: the invitation goes to the school's contact mailbox).
 *
 * @since 0.1.0
 */
import { OrganizationArchive, Places } from "@orga/domain"
import * as Effect from "effect/Effect"
import type { OrgaError, OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import * as BackOfficeInputs from "./BackOfficeInputs.ts"
import {
  type Actor,
  type Campaign,
  Ids,
  Organization,
  OrganizationDecider,
  type OrganizationEvent,
  Policy,
  type Timestamp
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { brand, check, fromResult, outcome, type Plumbing, unauthenticated } from "./Plumbing.ts"
import * as ReadModels from "./ReadModels.ts"
import type * as Streams from "./Streams.ts"
import * as Team from "./Team.ts"

/**
 * The places used in an organization: its learners (or, without a learner, its participants' accounts) with at least
 * one participation that was not deleted, in any of its campaigns.
 *
 * @since 0.1.0
 */
export const occupiedPlaces = (models: ReadModels.ReadModels, organizationId: string): number => {
  const taken = new Set<string>()
  for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? [])
    for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
      const participation = models.participation(participationId)
      if (participation === undefined || participation.deletedAt !== null) continue
      taken.add(participation.learnerId ?? `user:${participation.userId}`)
    }
  return taken.size
}

/**
 * Whether a newcomer is refused in the organization today (the limit is on and reached): what a join tells the
 * participation's decider (`placesLimitReached`). Only an organization whose limit is on pays for the count.
 *
 * @since 0.1.0
 */
export const placesLimitReached = (models: ReadModels.ReadModels, organizationId: string, now: string): boolean => {
  const places = models.places.get(organizationId)
  if (places === undefined || !places.limitEnabled) return false
  return Places.statistics(places, occupiedPlaces(models, organizationId), now.slice(0, 10))
    .hasReachedMaximumPlacesLimit
}

const placesView = (models: ReadModels.ReadModels, organizationId: string, now: string): Views.PlacesView => {
  const today = now.slice(0, 10)
  const state = models.places.get(organizationId) ?? Places.initial
  const stats = Places.statistics(state, occupiedPlaces(models, organizationId), today)
  return {
    organizationId,
    total: stats.total,
    occupied: stats.occupied,
    available: stats.available,
    limitEnabled: stats.limitEnabled,
    hasReachedMaximumPlacesLimit: stats.hasReachedMaximumPlacesLimit,
    lots: state.lots.map((lot) => {
      const status = Places.status(lot, today)
      return {
        lotId: lot.lotId,
        count: lot.count,
        category: lot.category,
        categoryLabel: Places.categoryLabels[lot.category],
        reference: lot.reference,
        activationDate: lot.activationDate,
        expirationDate: lot.expirationDate,
        status,
        statusLabel: Places.statusLabels[status],
        createdAt: lot.createdAt,
        deletedAt: lot.deletedAt
      }
    })
  }
}

// Pix Admin's list order: by name as French sorts it, then by id.
const byNameForAdmin = (a: Views.OrganizationForAdmin, b: Views.OrganizationForAdmin): number =>
  a.name.localeCompare(b.name, "fr") || (a.organizationId < b.organizationId ? -1 : 1)

/**
 * Pix Admin's list made of lists each answered over some of the schools (an instance serving from the read-model
 * tables goes over them a few at a time): each organization once, as the latest list gave it, in the list's order.
 *
 * @category combinators
 * @since 0.3.0
 */
export const mergeForAdmin = (
  lists: ReadonlyArray<ReadonlyArray<Views.OrganizationForAdmin>>
): Array<Views.OrganizationForAdmin> => {
  const byId = new Map<string, Views.OrganizationForAdmin>()
  for (const list of lists) for (const organization of list) byId.set(organization.organizationId, organization)
  return [...byId.values()].sort(byNameForAdmin)
}

const forAdmin = (organization: Organization.Organization): Views.OrganizationForAdmin => ({
  organizationId: organization.registration?.organizationId ?? "",
  name: organization.registration?.name ?? "",
  type: organization.type,
  uai: organization.registration?.uai ?? null,
  isManagingStudents: organization.isManagingStudents,
  contactEmail: organization.registration?.contactEmail ?? null,
  registeredAt: organization.registration?.registeredAt ?? null,
  archivedAt: organization.archivedAt,
  membersCount: organization.members.size
})

/**
 * Builds the back office's organization use cases and queries, and the SCO self-service invitation.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<
  OrgaShape,
  | "archiveOrganization"
  | "organizationsForAdmin"
  | "organizationForAdmin"
  | "addPlacesLot"
  | "deletePlacesLot"
  | "setPlacesLimit"
  | "places"
  | "sendScoInvitation"
> => {
  const { models, pixAdmins, now: clockNow, newId, write, read, useCase, query, organizationOf } = plumbing
  const freshInvitationCode = Team.invitationCode(plumbing)

  const requirePixAdmin = (actor: Actor.Actor) =>
    actor._tag === "User" && pixAdmins.has(actor.userId)
      ? brand(Ids.UserId)(actor.userId)
      : actor._tag === "Anonymous"
        ? unauthenticated()
        : Effect.fail(Policy.pixAdminRequiredError())

  const archiveOrganization: OrgaShape["archiveOrganization"] = (actor, raw, options) =>
    useCase(
      "archiveOrganization",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.OrganizationRef)(raw)
        const actorId = yield* requirePixAdmin(actor)
        const organization = yield* organizationOf(input.organizationId)
        const now = yield* clockNow
        const campaigns: Array<Campaign.Campaign> = []
        for (const campaignId of models.campaignsByOrganization.get(input.organizationId) ?? []) {
          const campaign = models.campaigns.get(campaignId)
          if (campaign !== undefined) campaigns.push(campaign)
        }
        const archive = yield* fromResult(
          OrganizationArchive.decide(organization, campaigns, { organizationId: input.organizationId, actorId, now })
        )
        const writes: Array<Streams.Write> = [
          write(Organization.streamName(input.organizationId), archive.organization),
          ...archive.campaigns.map((event) => write(`campaign-${event.campaignId}`, [event]))
        ]
        return outcome(writes, undefined, { actorId, organizationId: input.organizationId, occurredAt: now })
      }),
      () => undefined
    )

  const organizationsForAdmin: OrgaShape["organizationsForAdmin"] = (actor, filter) =>
    query(
      Effect.gen(function* () {
        const wanted = yield* Inputs.decode(BackOfficeInputs.OrganizationsFilter)(filter)
        yield* requirePixAdmin(actor)
        const name = wanted?.name?.trim().toLocaleLowerCase("fr")
        const uai = wanted?.uai?.trim().toUpperCase()
        const found: Array<Views.OrganizationForAdmin> = []
        for (const organization of models.organizations.values()) {
          const registration = organization.registration
          if (registration === null) continue
          if (name !== undefined && !registration.name.toLocaleLowerCase("fr").includes(name)) continue
          if (uai !== undefined && !(registration.uai ?? "").includes(uai)) continue
          if (wanted?.type !== undefined && organization.type !== wanted.type) continue
          if (wanted?.archived !== undefined && (organization.archivedAt !== null) !== wanted.archived) continue
          found.push(forAdmin(organization))
        }
        return found.sort(byNameForAdmin)
      })
    )

  const organizationForAdmin: OrgaShape["organizationForAdmin"] = (actor, organizationId) =>
    query(
      Effect.gen(function* () {
        yield* requirePixAdmin(actor)
        const organization = yield* organizationOf(organizationId)
        const now = yield* clockNow
        let pendingInvitationsCount = 0
        for (const invitation of organization.invitations.values())
          if (invitation.status === "pending") pendingInvitationsCount++
        const campaignsCount = (models.campaignsByOrganization.get(organizationId) ?? []).filter(
          (campaignId) => models.campaigns.get(campaignId)?.deletedAt === null
        ).length
        return {
          ...forAdmin(organization),
          identityProviderForCampaigns: organization.registration?.identityProviderForCampaigns ?? null,
          pendingInvitationsCount,
          campaignsCount,
          learnersCount: ReadModels.rosterOf(models, organizationId).learners.size,
          places: placesView(models, organizationId, now)
        }
      })
    )

  // The places' use cases decide on the places' state; the organization's stream is read (it must exist).
  const placesUseCase = <A>(
    name: string,
    options: Parameters<OrgaShape["setPlacesLimit"]>[2],
    organizationId: string,
    actorId: Ids.UserId,
    decide: (
      state: Places.Places,
      organizationId: Ids.OrganizationId,
      now: Timestamp.Timestamp
    ) => Effect.Effect<{ readonly events: ReadonlyArray<Places.PlacesEvent>; readonly answer: A }, OrgaError>,
    replay: (events: ReadonlyArray<{ readonly _tag: string }>) => A
  ) =>
    useCase(
      name,
      options,
      Effect.gen(function* () {
        const organization = yield* organizationOf(organizationId)
        const id = yield* brand(Ids.OrganizationId)(organization.registration?.organizationId ?? organizationId)
        const now = yield* clockNow
        const decided = yield* decide(models.places.get(id) ?? Places.initial, id, now)
        return outcome(
          [write(Places.streamName(id), decided.events), read(Organization.streamName(id))],
          decided.answer,
          { actorId, organizationId: id, occurredAt: now }
        )
      }),
      replay
    )

  const addPlacesLot: OrgaShape["addPlacesLot"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(BackOfficeInputs.AddPlacesLot)(raw)
      const actorId = yield* requirePixAdmin(actor)
      return yield* placesUseCase(
        "addPlacesLot",
        options,
        input.organizationId,
        actorId,
        (state, organizationId, now) =>
          Effect.gen(function* () {
            const lotId = input.lotId ?? (yield* newId(Ids.OrganizationId))
            const events = yield* fromResult(
              Places.addLot(state, {
                organizationId,
                lotId,
                input: {
                  count: input.count,
                  category: input.category,
                  reference: input.reference,
                  activationDate: input.activationDate,
                  expirationDate: input.expirationDate
                },
                actorId,
                now
              })
            )
            return { events, answer: { lotId } }
          }),
        (events) => ({
          lotId:
            (events.find((event) => event._tag === "PlacesLotAdded") as Places.PlacesLotAdded | undefined)?.lotId ?? ""
        })
      )
    })

  const deletePlacesLot: OrgaShape["deletePlacesLot"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(BackOfficeInputs.PlacesLotRef)(raw)
      const actorId = yield* requirePixAdmin(actor)
      return yield* placesUseCase(
        "deletePlacesLot",
        options,
        input.organizationId,
        actorId,
        (state, organizationId, now) =>
          Effect.map(
            fromResult(Places.deleteLot(state, { organizationId, lotId: input.lotId, actorId, now })),
            (events) => ({ events, answer: undefined })
          ),
        () => undefined
      )
    })

  const setPlacesLimit: OrgaShape["setPlacesLimit"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(BackOfficeInputs.SetPlacesLimit)(raw)
      const actorId = yield* requirePixAdmin(actor)
      return yield* placesUseCase(
        "setPlacesLimit",
        options,
        input.organizationId,
        actorId,
        (state, organizationId, now) =>
          Effect.succeed({
            events: Places.setLimit(state, { organizationId, enabled: input.enabled, actorId, now }),
            answer: undefined
          }),
        () => undefined
      )
    })

  const places: OrgaShape["places"] = (actor, organizationId) =>
    query(
      Effect.gen(function* () {
        const organization = yield* organizationOf(organizationId)
        if (!(actor._tag === "User" && pixAdmins.has(actor.userId)))
          yield* check(Policy.canListMembers(actor, organization))
        return placesView(models, organizationId, yield* clockNow)
      })
    )

  const sendScoInvitation: OrgaShape["sendScoInvitation"] = (_actor, raw, options) =>
    useCase(
      "sendScoInvitation",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(BackOfficeInputs.SendScoInvitation)(raw)
        const organization = yield* fromResult(
          OrganizationDecider.findScoOrganizationByUai([...models.organizations.values()], input.uai)
        )
        const registration = organization.registration!
        const now = yield* clockNow
        const invitationId = yield* newId(Ids.InvitationId)
        const code = yield* freshInvitationCode
        const events = yield* fromResult(
          OrganizationDecider.decide(
            {
              _tag: "InviteScoAdministrator",
              organizationId: registration.organizationId,
              freshInvitation: { invitationId, code },
              now
            },
            organization
          )
        )
        const sent = events[0]
        const answer: Views.ScoInvitationSent = {
          organizationId: registration.organizationId,
          organizationName: registration.name,
          email: registration.contactEmail ?? "",
          invitationId:
            sent === undefined
              ? ""
              : sent._tag === "MemberInvited" || sent._tag === "InvitationResent"
                ? sent.invitationId
                : ""
        }
        return outcome([write(Organization.streamName(registration.organizationId), events)], answer, {
          actorId: null,
          organizationId: registration.organizationId,
          occurredAt: now
        })
      }),
      (events) => {
        const sent = events.find(
          (event): event is OrganizationEvent.MemberInvited | OrganizationEvent.InvitationResent =>
            event._tag === "MemberInvited" || event._tag === "InvitationResent"
        )
        const organization = sent === undefined ? undefined : models.organizations.get(sent.organizationId)
        return {
          organizationId: sent?.organizationId ?? "",
          organizationName: organization?.registration?.name ?? "",
          email: organization?.registration?.contactEmail ?? "",
          invitationId: sent?.invitationId ?? ""
        }
      }
    )

  return {
    archiveOrganization,
    organizationsForAdmin,
    organizationForAdmin,
    addPlacesLot,
    deletePlacesLot,
    setPlacesLimit,
    places,
    sendScoInvitation
  }
}
