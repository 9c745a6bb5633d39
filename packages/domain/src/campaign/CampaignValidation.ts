/**
 * Validation of a campaign's fields at creation and update (§4.2, §4.4), with Pix's codes and French messages.
 *
 * Pix checks every field and reports them all; here the first invalid attribute becomes the error and its
 * `meta.invalidAttributes` lists every one, so a form can show them all at once.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"
import type * as CampaignCommand from "./CampaignCommand.ts"
import type * as CampaignEvent from "./CampaignEvent.ts"

/**
 * One invalid attribute: the field, Pix's code and the French message.
 *
 * @since 0.1.0
 */
export interface InvalidAttribute {
  readonly attribute: string
  readonly code: ValidationCode
  readonly message: string
}

/**
 * The French messages of every validation code (Pix's `api-error-messages.campaign-creation` wording where Pix
 * has one).
 *
 * @since 0.1.0
 */
export const messages = {
  MISSING_CREATOR: "Le créateur n’est pas renseigné.",
  MISSING_OWNER: "Le propriétaire n’est pas renseigné.",
  MISSING_ORGANIZATION: "L’organisation n’est pas renseignée.",
  CAMPAIGN_NAME_IS_REQUIRED: "Veuillez donner un nom à votre campagne.",
  CAMPAIGN_PURPOSE_IS_REQUIRED: "Veuillez choisir l’objectif de votre campagne : Évaluation ou Collecte de profils.",
  TARGET_PROFILE_IS_REQUIRED: "Veuillez sélectionner un parcours pour votre campagne.",
  TARGET_PROFILE_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN:
    "Une campagne de collecte de profils ne peut pas être associée à un parcours.",
  TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN:
    "Une campagne de collecte de profils ne peut pas avoir de titre de parcours.",
  CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN:
    "Une campagne de collecte de profils ne peut pas avoir de texte de bouton de fin de parcours.",
  CUSTOM_RESULT_PAGE_BUTTON_URL_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN:
    "Une campagne de collecte de profils ne peut pas avoir d’URL de bouton de fin de parcours.",
  CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG: "Le texte de présentation de la campagne est trop long.",
  CUSTOM_RESULT_PAGE_TEXT_IS_TOO_LONG: "Le texte de la page de fin de parcours est trop long.",
  CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_URL_IS_FILLED:
    "Veuillez saisir le texte du bouton de fin de parcours, puisque son URL est renseignée.",
  CUSTOM_RESULT_PAGE_BUTTON_URL_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_FILLED:
    "Veuillez saisir l’URL du bouton de fin de parcours, puisque son texte est renseigné.",
  CUSTOM_RESULT_PAGE_BUTTON_URL_MUST_BE_A_URL: "L’URL du bouton de fin de parcours n’est pas une adresse valide.",
  MISSING_ID_PIX_TYPE: "Veuillez choisir le type de l’identifiant externe.",
  CAMPAIGN_TITLE_IS_TOO_LONG: "Le titre de la campagne est trop long."
} as const

/**
 * A validation code of §4.2 / §4.4.
 *
 * @since 0.1.0
 */
export type ValidationCode = keyof typeof messages

const error = DomainError.factory<ValidationCode>()

/**
 * Longest landing page and result page texts (5000 characters).
 *
 * @since 0.1.0
 */
export const maxCustomTextLength = 5000

/**
 * Longest campaign title (50 characters).
 *
 * @since 0.1.0
 */
export const maxTitleLength = 50

/**
 * The fields of a campaign that creation validates (as typed: anything may be missing).
 *
 * @since 0.1.0
 */
export interface CampaignFields {
  readonly name?: string | null | undefined
  readonly type?: string | null | undefined
  readonly title?: string | null | undefined
  readonly targetProfileId?: string | null | undefined
  readonly creatorId?: string | null | undefined
  readonly ownerId?: string | null | undefined
  readonly organizationId?: string | null | undefined
  readonly externalIdLabel?: string | null | undefined
  readonly externalIdType?: string | null | undefined
  readonly customLandingPageText?: string | null | undefined
  readonly customResultPageText?: string | null | undefined
  readonly customResultPageButtonText?: string | null | undefined
  readonly customResultPageButtonUrl?: string | null | undefined
}

/**
 * Whether a text is missing (absent, null or blank).
 *
 * @since 0.1.0
 */
export const isBlank = (value: string | null | undefined): value is null | undefined | "" =>
  value === null || value === undefined || value.trim() === ""

/**
 * Whether a text is an absolute URI (a scheme then something), as Joi's `uri()` accepts.
 *
 * @since 0.1.0
 */
export const isUri = (value: string): boolean => {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

const invalid = (attribute: string, code: ValidationCode): InvalidAttribute => ({
  attribute,
  code,
  message: messages[code]
})

/**
 * Every invalid attribute of a campaign at creation, in a fixed order (ids, name, type, type-specific
 * rules, texts, result page button, external id).
 *
 * @since 0.1.0
 */
export const creationErrors = (fields: CampaignFields): ReadonlyArray<InvalidAttribute> => {
  const errors: Array<InvalidAttribute> = []
  if (isBlank(fields.creatorId)) errors.push(invalid("creatorId", "MISSING_CREATOR"))
  if (isBlank(fields.ownerId)) errors.push(invalid("ownerId", "MISSING_OWNER"))
  if (isBlank(fields.organizationId)) errors.push(invalid("organizationId", "MISSING_ORGANIZATION"))
  if (isBlank(fields.name)) errors.push(invalid("name", "CAMPAIGN_NAME_IS_REQUIRED"))
  if (fields.type !== "ASSESSMENT" && fields.type !== "PROFILES_COLLECTION")
    errors.push(invalid("type", "CAMPAIGN_PURPOSE_IS_REQUIRED"))
  if (fields.type === "ASSESSMENT" && isBlank(fields.targetProfileId))
    errors.push(invalid("targetProfileId", "TARGET_PROFILE_IS_REQUIRED"))
  if (fields.type === "PROFILES_COLLECTION") {
    if (!isBlank(fields.targetProfileId))
      errors.push(invalid("targetProfileId", "TARGET_PROFILE_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"))
    if (!isBlank(fields.title))
      errors.push(invalid("title", "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"))
    if (!isBlank(fields.customResultPageButtonText))
      errors.push(
        invalid(
          "customResultPageButtonText",
          "CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"
        )
      )
    if (!isBlank(fields.customResultPageButtonUrl))
      errors.push(
        invalid(
          "customResultPageButtonUrl",
          "CUSTOM_RESULT_PAGE_BUTTON_URL_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"
        )
      )
  }
  if (fields.title !== null && fields.title !== undefined && fields.title.length > maxTitleLength)
    errors.push(invalid("title", "CAMPAIGN_TITLE_IS_TOO_LONG"))
  if ((fields.customLandingPageText?.length ?? 0) > maxCustomTextLength)
    errors.push(invalid("customLandingPageText", "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"))
  if ((fields.customResultPageText?.length ?? 0) > maxCustomTextLength)
    errors.push(invalid("customResultPageText", "CUSTOM_RESULT_PAGE_TEXT_IS_TOO_LONG"))
  if (fields.type === "ASSESSMENT") {
    const url = fields.customResultPageButtonUrl
    const hasText = !isBlank(fields.customResultPageButtonText)
    const hasUrl = !isBlank(url)
    if (hasUrl && !hasText)
      errors.push(
        invalid(
          "customResultPageButtonText",
          "CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_URL_IS_FILLED"
        )
      )
    if (hasText && !hasUrl)
      errors.push(
        invalid(
          "customResultPageButtonUrl",
          "CUSTOM_RESULT_PAGE_BUTTON_URL_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_FILLED"
        )
      )
    if (!isBlank(url) && !isUri(url.trim()))
      errors.push(invalid("customResultPageButtonUrl", "CUSTOM_RESULT_PAGE_BUTTON_URL_MUST_BE_A_URL"))
  }
  if (!isBlank(fields.externalIdLabel) && !isExternalIdType(fields.externalIdType))
    errors.push(invalid("externalIdType", "MISSING_ID_PIX_TYPE"))
  return errors
}

/**
 * Every invalid attribute of the fields an update may change (§4.4: name, title, landing page text).
 *
 * @since 0.1.0
 */
export const updateErrors = (fields: {
  readonly name?: string | null | undefined
  readonly title?: string | null | undefined
  readonly customLandingPageText?: string | null | undefined
  /** The campaign's type: a profiles collection takes no title, on update as at creation. */
  readonly type?: string | undefined
}): ReadonlyArray<InvalidAttribute> => {
  const errors: Array<InvalidAttribute> = []
  if (isBlank(fields.name)) errors.push(invalid("name", "CAMPAIGN_NAME_IS_REQUIRED"))
  if (fields.type === "PROFILES_COLLECTION" && !isBlank(fields.title))
    errors.push(invalid("title", "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN"))
  if (fields.title !== null && fields.title !== undefined && fields.title.length > maxTitleLength)
    errors.push(invalid("title", "CAMPAIGN_TITLE_IS_TOO_LONG"))
  if ((fields.customLandingPageText?.length ?? 0) > maxCustomTextLength)
    errors.push(invalid("customLandingPageText", "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"))
  return errors
}

/**
 * Turns a list of invalid attributes into the error of the first one (`InvalidInput`), its meta carrying
 * `attribute` and the whole list as `invalidAttributes`; `undefined` when the list is empty.
 *
 * @since 0.1.0
 */
export const toError = (errors: ReadonlyArray<InvalidAttribute>): DomainError.Coded<ValidationCode> | undefined => {
  const first = errors[0]
  if (first === undefined) return undefined
  // One message per code: the message comes from the table, whatever the attribute carried.
  return error("InvalidInput", first.code, messages[first.code], {
    attribute: first.attribute,
    invalidAttributes: errors
  })
}

/**
 * A creation whose fields passed {@link creationErrors}: ids present, a name, a known type.
 *
 * @category models
 * @since 0.1.0
 */
export interface ValidCreation {
  readonly organizationId: Ids.OrganizationId
  readonly creatorId: Ids.UserId
  readonly ownerId: Ids.UserId
  /** Trimmed. */
  readonly name: string
  readonly type: CampaignEvent.CampaignType
  /** Kept for an assessment only. */
  readonly targetProfileId: Ids.TargetProfileId | null
  /** `null` when there is no label: the type only matters with one. */
  readonly externalIdType: CampaignEvent.ExternalIdType | null
}

const isCampaignType = (value: string | null | undefined): value is CampaignEvent.CampaignType =>
  value === "ASSESSMENT" || value === "PROFILES_COLLECTION"

const isExternalIdType = (value: string | null | undefined): value is CampaignEvent.ExternalIdType =>
  value === "STRING" || value === "EMAIL"

/**
 * Validates a creation's fields: the first invalid attribute as the error (see {@link toError}), or the fields
 * typed as valid.
 *
 * @category constructors
 * @since 0.1.0
 */
export const validCreation = (
  command: CampaignCommand.CreateCampaign
): Result.Result<ValidCreation, DomainError.DomainError> => {
  const invalid = toError(creationErrors(command))
  if (invalid !== undefined) return Result.fail(invalid)
  const { organizationId, creatorId, ownerId, name, type } = command
  // creationErrors refused every blank id and name and any other type: these guards only tell the compiler.
  if (organizationId === null || creatorId === null || ownerId === null || isBlank(name) || !isCampaignType(type))
    return Result.fail(DomainError.invalidCommand(command))
  return Result.succeed({
    organizationId,
    creatorId,
    ownerId,
    name: name.trim(),
    type,
    targetProfileId: type === "ASSESSMENT" ? (command.targetProfileId ?? null) : null,
    externalIdType:
      isBlank(command.externalIdLabel) || !isExternalIdType(command.externalIdType) ? null : command.externalIdType
  })
}
