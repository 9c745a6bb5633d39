/**
 * The errors of the organization and its team, with Pix's codes and French messages (§3).
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"

/**
 * No registered organization with this id (`ORGANIZATION_NOT_FOUND`).
 *
 * @since 0.1.0
 */
export const organizationNotFound = (organizationId: Ids.OrganizationId) =>
  DomainError.make("NotFound", "ORGANIZATION_NOT_FOUND", "Cette organisation n'existe pas.", { organizationId })

/**
 * The organization is registered already (`ORGANIZATION_ALREADY_REGISTERED`).
 *
 * @since 0.1.0
 */
export const organizationAlreadyRegistered = (organizationId: Ids.OrganizationId) =>
  DomainError.make("Conflict", "ORGANIZATION_ALREADY_REGISTERED", "Cette organisation existe déjà.", {
    organizationId
  })

/**
 * The organization's name is blank or too long (`INVALID_ORGANIZATION_NAME`).
 *
 * @since 0.1.0
 */
export const invalidOrganizationName = (name: string) =>
  DomainError.make(
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
  DomainError.make("Conflict", "ORGANIZATION_ARCHIVED", "L'organisation est archivée.", { organizationId })

/**
 * The invitation form held no e-mail.
 *
 * @since 0.1.0
 */
export const noEmail = () =>
  DomainError.make("InvalidInput", "INVALID_EMAIL", "Le format de l'adresse e-mail est incorrect.", { emails: [] })

/**
 * The caller gave fewer fresh invitation ids and codes than new invitations to create.
 *
 * @since 0.1.0
 */
export const missingFreshInvitations = (needed: number, given: number) =>
  DomainError.make(
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
  DomainError.make("InvalidInput", "INVITATION_ID_ALREADY_USED", "Cet identifiant d'invitation est déjà utilisé.", {
    invitationId
  })

/**
 * No invitation with this id and code (Pix answers a wrong code with NotFound too).
 *
 * @since 0.1.0
 */
export const invitationNotFound = (invitationId: Ids.InvitationId) =>
  DomainError.make("NotFound", "INVITATION_NOT_FOUND", "Cette invitation n'existe pas.", { invitationId })

/**
 * Accepting or resending an invitation that is not pending (`AlreadyAcceptedOrCancelledInvitationError`, 409).
 *
 * @since 0.1.0
 */
export const alreadyAcceptedOrCancelled = (invitationId: Ids.InvitationId) =>
  DomainError.make(
    "Conflict",
    "ALREADY_ACCEPTED_OR_CANCELLED_INVITATION",
    "Cette invitation a déjà été acceptée ou annulée.",
    { invitationId }
  )

/**
 * Reading a cancelled invitation (`CancelledInvitationError`).
 *
 * @since 0.1.0
 */
export const cancelledInvitation = (invitationId: Ids.InvitationId) =>
  DomainError.make(
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
  DomainError.make("Conflict", "ALREADY_EXISTING_INVITATION", "Cette invitation a déjà été acceptée.", {
    invitationId
  })

/**
 * The invitation was last sent more than 30 days ago (DECISIONS 3).
 *
 * @since 0.1.0
 */
export const invitationExpired = (invitationId: Ids.InvitationId, lastSentAt: string) =>
  DomainError.make(
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
  DomainError.make(
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
  DomainError.make("Conflict", "ALREADY_EXISTING_MEMBERSHIP", "Ce membre a déjà été ajouté.", { userId })

/**
 * Cancelling an invitation that is not pending (`UncancellableOrganizationInvitationError`, 422).
 *
 * @since 0.1.0
 */
export const uncancellableInvitation = (invitationId: Ids.InvitationId, status: string) =>
  DomainError.make(
    "Conflict",
    "UNCANCELLABLE_INVITATION",
    "L'invitation à cette organisation ne peut pas être annulée.",
    { invitationId, status }
  )

/**
 * The user named is not an active member.
 *
 * @since 0.1.0
 */
export const membershipNotFound = (userId: Ids.UserId) =>
  DomainError.make("NotFound", "MEMBERSHIP_NOT_FOUND", "Ce membre n'appartient pas à l'organisation.", { userId })

/**
 * No SCO organization with this UAI (`OrganizationNotFoundError` of the SCO self-service invitation).
 *
 * @since 0.1.0
 */
export const organizationNotFoundForUai = (uai: string) =>
  DomainError.make("NotFound", "ORGANIZATION_NOT_FOUND", `L'UAI/RNE ${uai} de l'établissement n’est pas reconnu.`, {
    uai
  })

/**
 * Several SCO organizations share this UAI (`ManyOrganizationsFoundError`).
 *
 * @since 0.1.0
 */
export const manyOrganizationsFound = (uai: string, count: number) =>
  DomainError.make(
    "Conflict",
    "MANY_ORGANIZATIONS_FOUND",
    `Plusieurs établissements ont l'UAI/RNE ${uai} : contactez le support Pix.`,
    { uai, count }
  )

/**
 * The organization has no contact e-mail to send its admin invitation to (`OrganizationWithoutEmailError`).
 *
 * @since 0.1.0
 */
export const organizationWithoutEmail = (organizationId: Ids.OrganizationId) =>
  DomainError.make(
    "Conflict",
    "ORGANIZATION_WITHOUT_EMAIL",
    "Cet établissement n'a pas d'adresse e-mail de contact : l'invitation ne peut pas être envoyée.",
    { organizationId }
  )
