/**
 * The errors of an organization's places (Pix's `PLACES_MANAGEMENT`): the back office's checks of a lot of places,
 * one code per check with the message Pix Admin's lot form gives for it. The refusal of a newcomer when the
 * organization is full is the participation's (`ParticipationError.maximumPlacesReached`, Pix's
 * `MAXIMUM_PLACES_REACHED`).
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"

/**
 * Every code of this module, one factory each.
 *
 * @category errors
 * @since 0.1.0
 */
export const codes = [
  "INVALID_PLACES_COUNT",
  "PLACES_CATEGORY_REQUIRED",
  "PLACES_REFERENCE_REQUIRED",
  "PLACES_DATES_REQUIRED",
  "INVALID_PLACES_DATE_FORMAT",
  "PLACES_ACTIVATION_DATE_TOO_OLD",
  "PLACES_EXPIRATION_BEFORE_ACTIVATION",
  "PLACES_LOT_ALREADY_EXISTS",
  "PLACES_LOT_NOT_FOUND"
] as const

/**
 * A code of this module.
 *
 * @category errors
 * @since 0.1.0
 */
export type Code = (typeof codes)[number]

const error = DomainError.factory<Code>()

/**
 * The count of places is not a whole number above 0.
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidCount = (count: unknown) =>
  error("InvalidInput", "INVALID_PLACES_COUNT", "Le nombre de places doit être un nombre sans virgule supérieur à 0.", {
    field: "count",
    count
  })

/**
 * The category is none of T0, T1, T2, T2bis, T3.
 *
 * @category errors
 * @since 0.1.0
 */
export const categoryRequired = (category: unknown) =>
  error("InvalidInput", "PLACES_CATEGORY_REQUIRED", "La catégorie est obligatoire.", { field: "category", category })

/**
 * The reference (the order's or the quote's) is blank.
 *
 * @category errors
 * @since 0.1.0
 */
export const referenceRequired = (reference: unknown) =>
  error("InvalidInput", "PLACES_REFERENCE_REQUIRED", "La référence est obligatoire.", { field: "reference", reference })

/**
 * A date is missing.
 *
 * @category errors
 * @since 0.1.0
 */
export const datesRequired = (field: string) =>
  error("InvalidInput", "PLACES_DATES_REQUIRED", "Les dates d'activation et d'expiration sont obligatoires.", {
    field
  })

/**
 * A date is not a calendar date `YYYY-MM-DD` (Pix's message, as Pix writes it).
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidDateFormat = (field: string) =>
  error("InvalidInput", "INVALID_PLACES_DATE_FORMAT", "Le format de La date n'est pas correct.", { field })

/**
 * The activation date is not after 2015-01-01.
 *
 * @category errors
 * @since 0.1.0
 */
export const activationDateTooOld = (activationDate: string) =>
  error("InvalidInput", "PLACES_ACTIVATION_DATE_TOO_OLD", "La date d'activation est trop ancienne.", {
    field: "activationDate",
    activationDate
  })

/**
 * The expiry date is not after the activation date.
 *
 * @category errors
 * @since 0.1.0
 */
export const expirationBeforeActivation = (expirationDate: string) =>
  error(
    "InvalidInput",
    "PLACES_EXPIRATION_BEFORE_ACTIVATION",
    "La date d'expiration doit être postérieure à la date d'activation.",
    { field: "expirationDate", expirationDate }
  )

/**
 * A lot with this id was already recorded.
 *
 * @category errors
 * @since 0.1.0
 */
export const lotAlreadyExists = (lotId: string) =>
  error("Conflict", "PLACES_LOT_ALREADY_EXISTS", "Ce lot de places existe déjà.", { lotId })

/**
 * No lot of places with this id in the organization, or it was deleted.
 *
 * @category errors
 * @since 0.1.0
 */
export const placesLotNotFound = (lotId: string) =>
  error("NotFound", "PLACES_LOT_NOT_FOUND", "Ce lot de places n'existe pas.", { lotId })
