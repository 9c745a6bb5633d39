/**
 * The target profile catalogue as data: creating a profile (checked by `TargetProfileDefinition.build`) and
 * offering it to organizations (attach, detach), with the read models a use case decides on: the catalogue
 * (profile by id) and the profiles offered to each organization. Pure: the back office's use cases bring the
 * time and the actor.
 *
 * @since 0.2.0
 */
import * as Result from "effect/Result"
import type { Projection } from "../Decider.ts"
import type * as DomainError from "../DomainError.ts"
import type { TargetProfile } from "./TargetProfile.ts"
import * as TargetProfileDefinition from "./TargetProfileDefinition.ts"
import * as TargetProfileError from "./TargetProfileError.ts"
import * as Event from "./TargetProfileEvent.ts"

/**
 * A profile of the catalogue: the profile built from its definition, the definition itself and when it was
 * created.
 *
 * @category models
 * @since 0.2.0
 */
export interface Entry {
  readonly profile: TargetProfile
  readonly definition: TargetProfileDefinition.Definition
  readonly createdAt: string
}

/**
 * One profile's state: `null` before it is created.
 *
 * @category models
 * @since 0.2.0
 */
export const entry: Projection<Entry | null, Event.TargetProfileCreated> = {
  initialState: null,
  // A profile is created once; a second creation is refused by `create`, so the first one stands.
  evolve: (state, event) => {
    if (state !== null) return state
    const built = TargetProfileDefinition.build(event.definition)
    // A stored definition was checked before it was recorded; one that no longer builds keeps its tubes' skills
    // (a rule tightened later must not make a recorded campaign unreadable).
    const profile: TargetProfile = Result.isSuccess(built)
      ? built.success
      : {
          id: event.definition.id,
          name: event.definition.name,
          areKnowledgeElementsResettable: event.definition.areKnowledgeElementsResettable,
          skills: TargetProfileDefinition.skillsOf(event.definition.tubes)
        }
    return { profile, definition: event.definition, createdAt: event.occurredAt }
  }
}

/**
 * The profiles offered to one organization, in the order they were attached.
 *
 * @category models
 * @since 0.2.0
 */
export const attachments: Projection<ReadonlyArray<string>, Event.AttachmentEvent> = {
  initialState: [],
  evolve: (ids, event) =>
    event._tag === "TargetProfileAttached"
      ? ids.includes(event.targetProfileId)
        ? ids
        : [...ids, event.targetProfileId]
      : ids.filter((id) => id !== event.targetProfileId)
}

type Decision<E> = Result.Result<ReadonlyArray<E>, DomainError.DomainError>

/**
 * Creates a profile from its definition (decoded by the caller from untrusted data): the definition's rules
 * (`INVALID_TARGET_PROFILE`, every problem in `meta.problems`), then an id not used yet
 * (`TARGET_PROFILE_ALREADY_EXISTS`).
 *
 * @category constructors
 * @since 0.2.0
 */
export const create = (
  existing: Entry | null,
  command: {
    readonly definition: TargetProfileDefinition.Definition
    readonly actorId: string
    readonly now: string
  }
): Decision<Event.TargetProfileCreated> =>
  Result.gen(function* () {
    const profile = yield* TargetProfileDefinition.build(command.definition)
    if (existing !== null) return yield* Result.fail(TargetProfileError.alreadyExists(profile.id))
    return [
      Event.TargetProfileCreated.make({
        targetProfileId: profile.id,
        definition: command.definition,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

/**
 * Offers a profile of the catalogue to an organization; nothing to record when it already has it.
 *
 * @category constructors
 * @since 0.2.0
 */
export const attach = (
  profile: Entry | null,
  attached: ReadonlyArray<string>,
  command: {
    readonly targetProfileId: string
    readonly organizationId: string
    readonly actorId: string
    readonly now: string
  }
): Decision<Event.TargetProfileAttached> => {
  if (profile === null) return Result.fail(TargetProfileError.notFound(command.targetProfileId))
  if (attached.includes(command.targetProfileId)) return Result.succeed([])
  return Result.succeed([
    Event.TargetProfileAttached.make({
      targetProfileId: command.targetProfileId,
      organizationId: command.organizationId,
      actorId: command.actorId,
      occurredAt: command.now
    })
  ])
}

/**
 * Withdraws a profile from an organization (`TARGET_PROFILE_NOT_ATTACHED` when it does not have it).
 *
 * @category constructors
 * @since 0.2.0
 */
export const detach = (
  attached: ReadonlyArray<string>,
  command: {
    readonly targetProfileId: string
    readonly organizationId: string
    readonly actorId: string
    readonly now: string
  }
): Decision<Event.TargetProfileDetached> =>
  attached.includes(command.targetProfileId)
    ? Result.succeed([
        Event.TargetProfileDetached.make({
          targetProfileId: command.targetProfileId,
          organizationId: command.organizationId,
          actorId: command.actorId,
          occurredAt: command.now
        })
      ])
    : Result.fail(TargetProfileError.notAttached(command.targetProfileId, command.organizationId))
