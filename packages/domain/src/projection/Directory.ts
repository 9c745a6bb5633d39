/**
 * The small keyed read models the use cases look things up in: the campaigns of an organization, the
 * campaign of a code, the account of a login, an organization's collection deadline. Each is a pure
 * projection of one key's events (the runner keeps one state per key).
 *
 * @since 0.1.0
 */
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type { Projection } from "../Decider.ts"

/**
 * The campaigns of an organization, in creation order.
 *
 * @since 0.1.0
 */
export const campaignsOfOrganization: Projection<ReadonlyArray<string>, CampaignEvent.CampaignCreated> = {
  initialState: [],
  evolve: (campaignIds, event) =>
    campaignIds.includes(event.campaignId) ? campaignIds : [...campaignIds, event.campaignId]
}

/**
 * The campaign a code is reserved for.
 *
 * @since 0.1.0
 */
export const campaignOfCode: Projection<string | null, CampaignEvent.CampaignCodeReserved> = {
  initialState: null,
  evolve: (_, event) => event.campaignId
}

/**
 * The account a login is reserved for.
 *
 * @since 0.1.0
 */
export const userOfLogin: Projection<
  string | null,
  { readonly _tag: "UserLoginReserved"; readonly login: string; readonly userId: string }
> = {
  initialState: null,
  evolve: (_, event) => event.userId
}

/**
 * The collection deadline of an organization: the last one set.
 *
 * @since 0.1.0
 */
export const collectionDeadline = <
  E extends { readonly _tag: "CollectionDeadlineSet"; readonly deadline: string }
>(): Projection<E | null, E> => ({ initialState: null, evolve: (_, event) => event })
