/**
 * The errors of the organization and its team, with Pix's codes and French messages (§3): one factory per
 * code, one message per code.
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"
import * as Email from "../values/Email.ts"
import type * as Ids from "../values/Ids.ts"

/**
 * Every code of this module, one factory each.
 *
 * @category errors
 * @since 0.1.0
 */
export const codes = [
  "ORGANIZATION_NOT_FOUND",
  "ORGANIZATION_ALREADY_REGISTERED",
  "INVALID_ORGANIZATION_NAME",
  "ORGANIZATION_ARCHIVED",
  "MISSING_INVITATION_IDS",
  "INVITATION_ID_ALREADY_USED",
  "INVITATION_NOT_FOUND",
  "ALREADY_ACCEPTED_OR_CANCELLED_INVITATION",
  "CANCELLED_INVITATION",
  "ALREADY_EXISTING_INVITATION",
  "INVITATION_EXPIRED",
  "INVITATION_EMAIL_MISMATCH",
  "ALREADY_EXISTING_MEMBERSHIP",
  "UNCANCELLABLE_INVITATION",
  "MEMBERSHIP_NOT_FOUND",
  "UAI_NOT_RECOGNIZED",
  "MANY_ORGANIZATIONS_FOUND",
  "ORGANIZATION_WITHOUT_EMAIL"
] as const

/**
 * A code of this module: a misspelt code does not type-check.
 *
 * @category errors
 * @since 0.1.0
 */
export type Code = (typeof codes)[number]

/**
 * An error of this module.
 *
 * @category errors
 * @since 0.1.0
 */
export type OrganizationError = DomainError.Coded<Code>

const error = DomainError.factory<Code>()

/**
 * No registered organization with this id (`ORGANIZATION_NOT_FOUND`).
 *
 * @since 0.1.0
 */
export const organizationNotFound = (organizationId: Ids.OrganizationId) =>
  error("NotFound", "ORGANIZATION_NOT_FOUND", "Cette organisation n'existe pas.", { organizationId })

/**
 * The organization is registered already (`ORGANIZATION_ALREADY_REGISTERED`).
 *
 * @since 0.1.0
 */
export const organizationAlreadyRegistered = (organizationId: Ids.OrganizationId) =>
  error("Conflict", "ORGANIZATION_ALREADY_REGISTERED", "Cette organisation existe déjà.", {
    organizationId
  })

/**
 * The organization's name is blank or too long (`INVALID_ORGANIZATION_NAME`).
 *
 * @since 0.1.0
 */
export const invalidOrganizationName = (name: string) =>
  error(
    "InvalidInput",
    "INVALID_ORGANIZATION_NAME",
    "Le nom de l'organisation doit être renseigné (255 caractères au plus).",
    { name }
  )

/**
 * The organization is archived (`OrganizationArchivedError`, 422).
 *
 * @since 0.1.0
 */
export const organizationArchived = (organizationId: Ids.OrganizationId) =>
  error("Conflict", "ORGANIZATION_ARCHIVED", "L'organisation est archivée.", { organizationId })

/**
 * The invitation form held no e-mail.
 *
 * @since 0.1.0
 */
export const noEmail = () =>
  // The code and message of a malformed e-mail (`Email.parse`): the form shows one message for both.
  DomainError.make("InvalidInput", "INVALID_EMAIL", Email.invalidMessage, { emails: [] })

/**
 * The caller gave fewer fresh invitation ids and codes than new invitations to create.
 *
 * @since 0.1.0
 */
export const missingFreshInvitations = (needed: number, given: number) =>
  error(
    "InvalidInput",
    "MISSING_INVITATION_IDS",
    "Il manque des identifiants d'invitation pour créer toutes les invitations.",
    { needed, given }
  )

/**
 * A fresh invitation id given by the caller is used already.
 *
 * @since 0.1.0
 */
export const invitationIdAlreadyUsed = (invitationId: Ids.InvitationId) =>
  error("InvalidInput", "INVITATION_ID_ALREADY_USED", "Cet identifiant d'invitation est déjà utilisé.", {
    invitationId
  })

/**
 * No invitation with this id and code (Pix answers a wrong code with NotFound too).
 *
 * @since 0.1.0
 */
export const invitationNotFound = (invitationId: Ids.InvitationId) =>
  error("NotFound", "INVITATION_NOT_FOUND", "Cette invitation n'existe pas.", { invitationId })

/**
 * Accepting or resending an invitation that is not pending (`AlreadyAcceptedOrCancelledInvitationError`, 409).
 *
 * @since 0.1.0
 */
export const alreadyAcceptedOrCancelled = (invitationId: Ids.InvitationId) =>
  error("Conflict", "ALREADY_ACCEPTED_OR_CANCELLED_INVITATION", "Cette invitation a déjà été acceptée ou annulée.", {
    invitationId
  })

/**
 * Reading a cancelled invitation (`CancelledInvitationError`).
 *
 * @since 0.1.0
 */
export const cancelledInvitation = (invitationId: Ids.InvitationId) =>
  error(
    "Conflict",
    "CANCELLED_INVITATION",
    "Cette invitation n’est plus valide. Contactez l’administrateur de votre espace Pix Orga.",
    { invitationId }
  )

/**
 * Reading an accepted invitation (`AlreadyExistingInvitationError`, code after its class name).
 *
 * @since 0.1.0
 */
export const alreadyExistingInvitation = (invitationId: Ids.InvitationId) =>
  error("Conflict", "ALREADY_EXISTING_INVITATION", "Cette invitation a déjà été acceptée.", {
    invitationId
  })

/**
 * The invitation was last sent more than 30 days ago (DECISIONS 3).
 *
 * @since 0.1.0
 */
export const invitationExpired = (invitationId: Ids.InvitationId, lastSentAt: string) =>
  error(
    "Conflict",
    "INVITATION_EXPIRED",
    "Cette invitation a expiré. Demandez à un administrateur de votre espace Pix Orga de vous l'envoyer à nouveau.",
    { invitationId, lastSentAt, validityDays: 30 }
  )

/**
 * The logged user's e-mail is not the invited one.
 *
 * @since 0.1.0
 */
export const invitationEmailMismatch = (invitationId: Ids.InvitationId) =>
  error(
    "Forbidden",
    "INVITATION_EMAIL_MISMATCH",
    "Cette invitation a été envoyée à une autre adresse e-mail que celle de votre compte.",
    { invitationId }
  )

/**
 * The user is a member already and the invitation carries no role (`AlreadyExistingMembershipError`).
 *
 * @since 0.1.0
 */
export const alreadyExistingMembership = (userId: Ids.UserId) =>
  error("Conflict", "ALREADY_EXISTING_MEMBERSHIP", "Ce membre a déjà été ajouté.", { userId })

/**
 * Cancelling an invitation that is not pending (`UncancellableOrganizationInvitationError`, 422).
 *
 * @since 0.1.0
 */
export const uncancellableInvitation = (invitationId: Ids.InvitationId, status: string) =>
  error("Conflict", "UNCANCELLABLE_INVITATION", "L'invitation à cette organisation ne peut pas être annulée.", {
    invitationId,
    status
  })

/**
 * The user named is not an active member.
 *
 * @since 0.1.0
 */
export const membershipNotFound = (userId: Ids.UserId) =>
  error("NotFound", "MEMBERSHIP_NOT_FOUND", "Ce membre n'appartient pas à l'organisation.", { userId })

/**
 * No SCO organization with this UAI (Pix's `OrganizationNotFoundError` of the SCO self-service invitation, with
 * its message). A code of its own: `ORGANIZATION_NOT_FOUND` keeps one message, about an id.
 *
 * @since 0.1.0
 */
export const organizationNotFoundForUai = (uai: string) =>
  error("NotFound", "UAI_NOT_RECOGNIZED", `L'UAI/RNE ${uai} de l'établissement n’est pas reconnu.`, {
    uai
  })

/**
 * Several SCO organizations share this UAI (`ManyOrganizationsFoundError`, Pix's message).
 *
 * @since 0.1.0
 */
export const manyOrganizationsFound = (uai: string, count: number) =>
  error(
    "Conflict",
    "MANY_ORGANIZATIONS_FOUND",
    `Plusieurs établissements de type SCO ont été retrouvés pour L'UAI/RNE ${uai}.`,
    { uai, count }
  )

/**
 * The organization has no contact e-mail to send its admin invitation to (`OrganizationWithoutEmailError`, Pix's
 * message).
 *
 * @since 0.1.0
 */
export const organizationWithoutEmail = (organizationId: Ids.OrganizationId, uai: string | null) =>
  error(
    "Conflict",
    "ORGANIZATION_WITHOUT_EMAIL",
    `Nous n’avons pas d’adresse e-mail de contact associée à l'établissement concernant l'UAI/RNE ${uai ?? ""}.`,
    { organizationId, uai }
  )
