/**
 * Every event the store holds, as one schema: the domain's `Event` (organization, roster, campaign,
 * participation) plus accounts, login reservations, SIECLE imports (refused or recorded) and collection deadlines. The
 * front door's event codec is built on it (organization features and the target profile catalogue too); `versions` and `upcasters` say how a stored shape changed.
 *
 * A stored tag is never renamed or reused: a changed shape gets a new version and an upcaster from the old one.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as AccountEvent from "./account/AccountEvent.ts"
import * as Event from "./Event.ts"
import * as ErasureEvent from "./erasure/ErasureEvent.ts"
import * as CollectionDeadline from "./organization/CollectionDeadline.ts"
import * as OrganizationFeatures from "./organization/OrganizationFeatures.ts"
import * as Places from "./places/Places.ts"
import * as TargetProfileEvent from "./referential/TargetProfileEvent.ts"
import * as ImportRecord from "./roster/ImportRecord.ts"
import * as ImportRejection from "./roster/ImportRejection.ts"

/**
 * Any stored event.
 *
 * @category schemas
 * @since 0.1.0
 */
export const StoredEvent = Schema.Union([
  Event.Event,
  AccountEvent.UserRegistered,
  AccountEvent.PixOrgaTermsAccepted,
  AccountEvent.UserLoginReserved,
  ImportRejection.SiecleImportRejected,
  ImportRecord.SiecleImportRecorded,
  CollectionDeadline.CollectionDeadlineSet,
  OrganizationFeatures.OrganizationFeatureSet,
  TargetProfileEvent.TargetProfileCreated,
  TargetProfileEvent.TargetProfileAttached,
  TargetProfileEvent.TargetProfileDetached,
  Places.PlacesLotAdded,
  Places.PlacesLotDeleted,
  Places.PlacesLimitSet,
  AccountEvent.UsernameAdded,
  ErasureEvent.LearnerErased,
  ErasureEvent.UserErased
])

/** @since 0.1.0 */
export type StoredEvent = typeof StoredEvent.Type

/**
 * The tags recorded beside the domain's `Event`s (they once lived in the front door as "local events").
 *
 * @category models
 * @since 0.1.0
 */
export const accountAndSettingsTags = [
  ...AccountEvent.tags,
  "SiecleImportRejected",
  "SiecleImportRecorded",
  "CollectionDeadlineSet",
  "OrganizationFeatureSet",
  ...TargetProfileEvent.tags,
  ...Places.tags,
  ...ErasureEvent.tags
] as const satisfies ReadonlyArray<StoredEvent["_tag"]>

/**
 * Every stored tag.
 *
 * @category models
 * @since 0.1.0
 */
export const tags: ReadonlyArray<StoredEvent["_tag"]> = [...Event.tags, ...accountAndSettingsTags]

/**
 * The current schema version of each tag past version 1.
 *
 * @category models
 * @since 0.1.0
 */
export const versions: { readonly [K in StoredEvent["_tag"]]?: number } = {
  SiecleImportRejected: ImportRejection.version
}

/**
 * Moves the stored data of one tag from `fromVersion` to the next (the shape of the event store's upcasters,
 * which the front door's codec takes as they are: the domain does not depend on the store).
 *
 * @category models
 * @since 0.1.0
 */
export interface Upcaster {
  readonly type: StoredEvent["_tag"]
  readonly fromVersion: number
  readonly upcast: (data: unknown) => unknown
  /**
   * The same step for data whose version is unknown (replay pages carry none): it tells the versions apart by
   * shape and leaves later versions unchanged.
   */
  readonly upcastShape: (data: unknown) => unknown
}

/**
 * The upcasters of every released change of a stored shape, one per (tag, older version).
 *
 * @category models
 * @since 0.1.0
 */
export const upcasters: ReadonlyArray<Upcaster> = [
  {
    type: "SiecleImportRejected",
    fromVersion: 1,
    upcast: (data) => ImportRejection.upcastV1(data as ImportRejection.StoredV1),
    upcastShape: (data) => ImportRejection.upcastV1(data as ImportRejection.StoredV1)
  }
]
