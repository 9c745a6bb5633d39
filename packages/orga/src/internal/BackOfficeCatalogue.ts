/**
 * What Pix Admin sets for organizations from the back office: their features (multiple sendings of
 * assessments, ...) and the target profile catalogue (a profile created once, then attached to or detached
 * from organizations). Their members read the features and the profiles they may use for a campaign.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import {
  type Actor,
  OrganizationFeatures,
  Policy,
  type TargetProfile,
  TargetProfileEvent,
  TargetProfileShares
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { check, fromResult, outcome, type Plumbing, unauthenticated } from "./Plumbing.ts"

/**
 * A target profile as people pick it and read its stages and badges.
 *
 * @since 0.2.0
 */
export const targetProfileView = (profile: TargetProfile.TargetProfile): Views.TargetProfileView => ({
  targetProfileId: profile.id,
  name: profile.name,
  description: profile.description ?? null,
  skillsCount: profile.skills.length,
  areKnowledgeElementsResettable: profile.areKnowledgeElementsResettable,
  stages: (profile.stages ?? []).map((stage) => ({
    id: stage.id,
    title: stage.prescriberTitle ?? stage.title,
    message: stage.prescriberDescription ?? stage.message
  })),
  badges: (profile.badges ?? []).map((badge) => ({
    id: badge.id,
    key: badge.key,
    title: badge.title,
    isCertifiable: badge.isCertifiable
  }))
})

/**
 * Builds the back office's catalogue use cases and queries over the shared plumbing.
 *
 * @since 0.2.0
 */
export const make = (
  plumbing: Plumbing
): Pick<
  OrgaShape,
  | "setOrganizationFeature"
  | "organizationFeatures"
  | "createTargetProfile"
  | "attachTargetProfile"
  | "detachTargetProfile"
  | "availableTargetProfiles"
> => {
  const { models, pixAdmins, publicProfiles, targetProfiles, now: clockNow, write, read, useCase, query } = plumbing
  const { organizationOf } = plumbing

  const requirePixAdmin = (actor: Actor.Actor) =>
    actor._tag === "User" && pixAdmins.has(actor.userId)
      ? Effect.succeed(actor.userId)
      : actor._tag === "Anonymous"
        ? unauthenticated()
        : Effect.fail(Policy.pixAdminRequiredError())

  // Pix Admin, or a member of the organization (who picks a profile, or sees what his organization may do).
  const asMemberOrPixAdmin = (actor: Actor.Actor, organizationId: string) =>
    Effect.gen(function* () {
      const organization = yield* organizationOf(organizationId)
      if (actor._tag === "User" && pixAdmins.has(actor.userId)) return organization
      yield* check(Policy.canListMembers(actor, organization))
      return organization
    })

  const setOrganizationFeature: OrgaShape["setOrganizationFeature"] = (actor, raw, options) =>
    useCase(
      "setOrganizationFeature",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.SetOrganizationFeature)(raw)
        const actorId = yield* requirePixAdmin(actor)
        yield* organizationOf(input.organizationId)
        const now = yield* clockNow
        const events = OrganizationFeatures.decide(
          models.features.get(input.organizationId) ?? OrganizationFeatures.projection.initialState,
          { organizationId: input.organizationId, feature: input.feature, enabled: input.enabled, actorId, now }
        )
        return outcome([write(OrganizationFeatures.streamName(input.organizationId), events)], undefined, {
          actorId,
          organizationId: input.organizationId,
          occurredAt: now
        })
      }),
      () => undefined
    )

  const organizationFeatures: OrgaShape["organizationFeatures"] = (actor, organizationId) =>
    query(
      Effect.gen(function* () {
        yield* asMemberOrPixAdmin(actor, organizationId)
        const enabled = models.features.get(organizationId) ?? OrganizationFeatures.projection.initialState
        return OrganizationFeatures.features.filter((feature) => enabled.has(feature))
      })
    )

  const createTargetProfile: OrgaShape["createTargetProfile"] = (actor, raw, options) =>
    useCase(
      "createTargetProfile",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.CreateTargetProfile)(raw)
        const actorId = yield* requirePixAdmin(actor)
        const now = yield* clockNow
        const id = input.definition.id
        const existing = models.targetProfileCatalogue.get(id) ?? null
        const events = yield* fromResult(
          TargetProfileShares.create(
            // A configured profile holds its id too: the catalogue never shadows it.
            existing ??
              (publicProfiles.has(id)
                ? { profile: publicProfiles.get(id)!, definition: input.definition, createdAt: now }
                : null),
            { definition: input.definition, actorId, now }
          )
        )
        return outcome(
          [write(TargetProfileEvent.streamName(id), events)],
          { targetProfileId: id },
          {
            actorId,
            organizationId: null,
            occurredAt: now
          }
        )
      }),
      (events) => ({
        targetProfileId: events.find((event) => event._tag === "TargetProfileCreated")?.targetProfileId ?? ""
      })
    )

  const attachTargetProfile: OrgaShape["attachTargetProfile"] = (actor, raw, options) =>
    useCase(
      "attachTargetProfile",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.TargetProfileShare)(raw)
        const actorId = yield* requirePixAdmin(actor)
        yield* organizationOf(input.organizationId)
        const now = yield* clockNow
        const events = yield* fromResult(
          TargetProfileShares.attach(
            models.targetProfileCatalogue.get(input.targetProfileId) ?? null,
            models.attachedTargetProfiles.get(input.organizationId) ?? [],
            { ...input, actorId, now }
          )
        )
        // Decided on the profile's existence: its stream is read, and checked at append time.
        return outcome(
          [
            write(TargetProfileEvent.attachmentsStreamName(input.organizationId), events),
            read(TargetProfileEvent.streamName(input.targetProfileId))
          ],
          undefined,
          { actorId, organizationId: input.organizationId, occurredAt: now }
        )
      }),
      () => undefined
    )

  const detachTargetProfile: OrgaShape["detachTargetProfile"] = (actor, raw, options) =>
    useCase(
      "detachTargetProfile",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.TargetProfileShare)(raw)
        const actorId = yield* requirePixAdmin(actor)
        yield* organizationOf(input.organizationId)
        const now = yield* clockNow
        const events = yield* fromResult(
          TargetProfileShares.detach(models.attachedTargetProfiles.get(input.organizationId) ?? [], {
            ...input,
            actorId,
            now
          })
        )
        return outcome([write(TargetProfileEvent.attachmentsStreamName(input.organizationId), events)], undefined, {
          actorId,
          organizationId: input.organizationId,
          occurredAt: now
        })
      }),
      () => undefined
    )

  const availableTargetProfiles: OrgaShape["availableTargetProfiles"] = (actor, organizationId) =>
    query(
      Effect.gen(function* () {
        yield* asMemberOrPixAdmin(actor, organizationId)
        const ids = [
          ...publicProfiles.keys(),
          ...(models.attachedTargetProfiles.get(organizationId) ?? []).filter((id) => !publicProfiles.has(id))
        ]
        return ids.flatMap((id) => {
          const profile = targetProfiles.get(id)
          return profile === undefined ? [] : [targetProfileView(profile)]
        })
      })
    )

  return {
    setOrganizationFeature,
    organizationFeatures,
    createTargetProfile,
    attachTargetProfile,
    detachTargetProfile,
    availableTargetProfiles
  }
}
