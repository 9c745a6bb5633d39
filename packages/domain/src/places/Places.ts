/**
 * An organization's places (Pix's `PLACES_MANAGEMENT`), on `places-<organizationId>`: the lots of places the
 * back office records (count, tariff category, reference, activation and expiry dates), whether the maximum is
 * enforced, and how many places are used. A place is used by each learner of the organization with at least one
 * participation that was not deleted, whatever the campaign (Pix's `findAllLearnerWithAtLeastOneParticipation`).
 *
 * Capacity is the sum of the active lots (activated before today, not yet expired, not deleted). When the limit is
 * on, Pix tolerates 10 % over it: a newcomer is refused once the places used reach capacity × 1.1
 * (`hasReachedMaximumPlacesLimit`, `ORGANIZATION_PLACES_MANAGEMENT_THRESHOLD`). The comparison is exact here
 * (`used × 10 ≥ capacity × 11`); Pix's floating point makes 10 × 1.1 = 11.000000000000002 and so admits one more
 * student on some capacities (ADR 0045).
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as DomainError from "../DomainError.ts"
import * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"
import * as PlacesError from "./PlacesError.ts"

/**
 * The stream of an organization's places.
 *
 * @category getters
 * @since 0.1.0
 */
export const streamName = (organizationId: string): string => `places-${organizationId}`

/**
 * Pix's tariff categories of a lot: T0 free, T1 public rate, T2 reduced, T2bis special reduced, T3 full rate.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Category = Schema.Literals(["T0", "T1", "T2", "T2bis", "T3"])
/** @since 0.1.0 */
export type Category = typeof Category.Type

/**
 * The French label of each category, as Pix Admin lists them.
 *
 * @category getters
 * @since 0.1.0
 */
export const categoryLabels: { readonly [K in Category]: string } = {
  T0: "Gratuit",
  T1: "Tarif public",
  T2: "Tarif réduit",
  T2bis: "Tarif réduit spécial",
  T3: "Plein tarif"
}

/**
 * Pix's tolerance over capacity, in tenths: refused at 11/10 of the places bought.
 *
 * @category models
 * @since 0.1.0
 */
export const threshold = { numerator: 11, denominator: 10 } as const

/**
 * The back office recorded a lot of places for the organization (dates `YYYY-MM-DD`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesLotAdded = Schema.TaggedStruct("PlacesLotAdded", {
  organizationId: Ids.OrganizationId,
  lotId: Schema.String,
  count: Schema.Number,
  category: Category,
  reference: Schema.String,
  activationDate: Schema.String,
  expirationDate: Schema.String,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type PlacesLotAdded = typeof PlacesLotAdded.Type

/**
 * The back office deleted a lot of places (Pix keeps it with `deletedAt`; it no longer counts).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesLotDeleted = Schema.TaggedStruct("PlacesLotDeleted", {
  organizationId: Ids.OrganizationId,
  lotId: Schema.String,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type PlacesLotDeleted = typeof PlacesLotDeleted.Type

/**
 * The back office switched the maximum on or off (Pix's `enableMaximumPlacesLimit` of `PLACES_MANAGEMENT`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const PlacesLimitSet = Schema.TaggedStruct("PlacesLimitSet", {
  organizationId: Ids.OrganizationId,
  enabled: Schema.Boolean,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type PlacesLimitSet = typeof PlacesLimitSet.Type

/**
 * Any event of the places stream.
 *
 * @category schemas
 * @since 0.1.0
 */
export type PlacesEvent = PlacesLotAdded | PlacesLotDeleted | PlacesLimitSet

/**
 * Every tag of the places stream.
 *
 * @category models
 * @since 0.1.0
 */
export const tags = ["PlacesLotAdded", "PlacesLotDeleted", "PlacesLimitSet"] as const

/**
 * A lot of places as the organization holds it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Lot {
  readonly lotId: string
  readonly count: number
  readonly category: Category
  readonly reference: string
  readonly activationDate: string
  readonly expirationDate: string
  readonly createdBy: string
  readonly createdAt: string
  readonly deletedAt: string | null
}

/**
 * The organization's places: its lots (deleted ones kept) and whether the maximum is enforced.
 *
 * @category models
 * @since 0.1.0
 */
export interface Places {
  readonly lots: ReadonlyArray<Lot>
  readonly limitEnabled: boolean
}

/**
 * No lot, no limit.
 *
 * @category constructors
 * @since 0.1.0
 */
export const initial: Places = { lots: [], limitEnabled: false }

/**
 * Folds one event. Total: a second lot with a known id, or the deletion of an unknown lot, changes nothing.
 *
 * @category combinators
 * @since 0.1.0
 */
export const evolve = (state: Places, event: PlacesEvent): Places => {
  switch (event._tag) {
    case "PlacesLotAdded":
      if (state.lots.some((lot) => lot.lotId === event.lotId)) return state
      return {
        ...state,
        lots: [
          ...state.lots,
          {
            lotId: event.lotId,
            count: event.count,
            category: event.category,
            reference: event.reference,
            activationDate: event.activationDate,
            expirationDate: event.expirationDate,
            createdBy: event.actorId,
            createdAt: event.occurredAt,
            deletedAt: null
          }
        ]
      }
    case "PlacesLotDeleted":
      return {
        ...state,
        lots: state.lots.map((lot) =>
          lot.lotId === event.lotId && lot.deletedAt === null ? { ...lot, deletedAt: event.occurredAt } : lot
        )
      }
    case "PlacesLimitSet":
      return state.limitEnabled === event.enabled ? state : { ...state, limitEnabled: event.enabled }
  }
}

/**
 * A lot's status on `today` (`YYYY-MM-DD`): Pix compares the lot's dates (midnight) with the current instant, so a
 * lot is active from its activation day and expired from its expiry day on; pending before it is activated.
 *
 * @category getters
 * @since 0.1.0
 */
export const status = (lot: Lot, today: string): "ACTIVE" | "EXPIRED" | "PENDING" =>
  lot.expirationDate <= today ? "EXPIRED" : lot.activationDate <= today ? "ACTIVE" : "PENDING"

/**
 * The French label of a status, as Pix Admin shows it.
 *
 * @category getters
 * @since 0.1.0
 */
export const statusLabels = { ACTIVE: "Actif", EXPIRED: "Expiré", PENDING: "À venir" } as const

/**
 * Whether a lot counts on `today`: active and not deleted.
 *
 * @category guards
 * @since 0.1.0
 */
export const isActive = (lot: Lot, today: string): boolean => lot.deletedAt === null && status(lot, today) === "ACTIVE"

/**
 * What the organization sees of its places on `today`, given the places used.
 *
 * @category models
 * @since 0.1.0
 */
export interface Statistics {
  /** Places of the active lots. */
  readonly total: number
  /** Learners with at least one participation that was not deleted. */
  readonly occupied: number
  /** `total - occupied`, never below 0. */
  readonly available: number
  /** Active lots. */
  readonly activeLots: number
  readonly limitEnabled: boolean
  /** The limit is on and the places used reached capacity plus Pix's tolerance: newcomers are refused. */
  readonly hasReachedMaximumPlacesLimit: boolean
}

/**
 * The statistics of the places on `today` for `occupied` places used.
 *
 * @category getters
 * @since 0.1.0
 */
export const statistics = (state: Places, occupied: number, today: string): Statistics => {
  let total = 0
  let activeLots = 0
  for (const lot of state.lots)
    if (isActive(lot, today)) {
      total += lot.count
      activeLots++
    }
  return {
    total,
    occupied,
    available: Math.max(0, total - occupied),
    activeLots,
    limitEnabled: state.limitEnabled,
    hasReachedMaximumPlacesLimit:
      state.limitEnabled && occupied > 0 && occupied * threshold.denominator >= total * threshold.numerator
  }
}

const isCalendarDate = (value: string): boolean => {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value)
  if (match === null) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value
}

/**
 * What the back office typed for a new lot (before the checks of Pix Admin's form).
 *
 * @category models
 * @since 0.1.0
 */
export interface LotInput {
  readonly count: number
  readonly category: string
  readonly reference: string
  readonly activationDate: string
  readonly expirationDate: string
}

/**
 * Checks a new lot as Pix Admin's form does, each failure with its message: a whole count above 0, a known
 * category, a reference, two dates `YYYY-MM-DD`, activation after 2015-01-01, expiry after activation.
 *
 * @category combinators
 * @since 0.1.0
 */
export const validateLot = (
  input: LotInput
): Result.Result<LotInput & { readonly category: Category }, DomainError.DomainError> => {
  if (!Number.isSafeInteger(input.count) || input.count <= 0) return Result.fail(PlacesError.invalidCount(input.count))
  if (!Schema.is(Category)(input.category)) return Result.fail(PlacesError.categoryRequired(input.category))
  const reference = input.reference.trim()
  if (reference.length === 0) return Result.fail(PlacesError.referenceRequired(input.reference))
  if (input.activationDate === "") return Result.fail(PlacesError.datesRequired("activationDate"))
  if (input.expirationDate === "") return Result.fail(PlacesError.datesRequired("expirationDate"))
  if (!isCalendarDate(input.activationDate)) return Result.fail(PlacesError.invalidDateFormat("activationDate"))
  if (!isCalendarDate(input.expirationDate)) return Result.fail(PlacesError.invalidDateFormat("expirationDate"))
  if (input.activationDate <= "2015-01-01") return Result.fail(PlacesError.activationDateTooOld(input.activationDate))
  if (input.expirationDate <= input.activationDate)
    return Result.fail(PlacesError.expirationBeforeActivation(input.expirationDate))
  return Result.succeed({ ...input, reference, category: input.category })
}

/**
 * Decides a new lot: checked, then recorded (`PlacesLotAdded`).
 *
 * @category combinators
 * @since 0.1.0
 */
export const addLot = (
  state: Places,
  command: {
    readonly organizationId: Ids.OrganizationId
    readonly lotId: string
    readonly input: LotInput
    readonly actorId: Ids.UserId
    readonly now: Timestamp.Timestamp
  }
): Result.Result<ReadonlyArray<PlacesEvent>, DomainError.DomainError> =>
  Result.flatMap(validateLot(command.input), (lot) =>
    state.lots.some((known) => known.lotId === command.lotId)
      ? Result.fail(PlacesError.lotAlreadyExists(command.lotId))
      : Result.succeed([
          PlacesLotAdded.make({
            organizationId: command.organizationId,
            lotId: command.lotId,
            count: lot.count,
            category: lot.category,
            reference: lot.reference,
            activationDate: lot.activationDate,
            expirationDate: lot.expirationDate,
            actorId: command.actorId,
            occurredAt: command.now
          })
        ])
  )

/**
 * Decides the deletion of a lot: unknown or already deleted → `PLACES_LOT_NOT_FOUND`.
 *
 * @category combinators
 * @since 0.1.0
 */
export const deleteLot = (
  state: Places,
  command: {
    readonly organizationId: Ids.OrganizationId
    readonly lotId: string
    readonly actorId: Ids.UserId
    readonly now: Timestamp.Timestamp
  }
): Result.Result<ReadonlyArray<PlacesEvent>, DomainError.DomainError> =>
  state.lots.some((lot) => lot.lotId === command.lotId && lot.deletedAt === null)
    ? Result.succeed([
        PlacesLotDeleted.make({
          organizationId: command.organizationId,
          lotId: command.lotId,
          actorId: command.actorId,
          occurredAt: command.now
        })
      ])
    : Result.fail(PlacesError.placesLotNotFound(command.lotId))

/**
 * Decides the switch of the maximum: nothing when it is already so.
 *
 * @category combinators
 * @since 0.1.0
 */
export const setLimit = (
  state: Places,
  command: {
    readonly organizationId: Ids.OrganizationId
    readonly enabled: boolean
    readonly actorId: Ids.UserId
    readonly now: Timestamp.Timestamp
  }
): ReadonlyArray<PlacesEvent> =>
  state.limitEnabled === command.enabled
    ? []
    : [
        PlacesLimitSet.make({
          organizationId: command.organizationId,
          enabled: command.enabled,
          actorId: command.actorId,
          occurredAt: command.now
        })
      ]
