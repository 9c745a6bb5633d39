/**
 * The errors of the roster, with Pix's codes and French messages (§1.5, §1.7, §5.4): one factory per code,
 * one message per code.
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"

/**
 * Every code of this module, one factory each.
 *
 * @category errors
 * @since 0.1.0
 */
export const codes = [
  "EMPTY",
  "INE_UNIQUE",
  "MISSING_LEARNER_IDS",
  "LEARNER_ID_ALREADY_USED",
  "LEARNER_NOT_FOUND",
  "DISABLED_LEARNER",
  "ORGANIZATION_LEARNER_ALREADY_LINKED_TO_USER",
  "USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION",
  "SIECLE_PREVIEW_NOT_FOUND",
  "SIECLE_PREVIEW_ALREADY_CONFIRMED"
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
export type RosterError = DomainError.Coded<Code>

const error = DomainError.factory<Code>()

/**
 * No importable learner in the file (`EMPTY`).
 *
 * @since 0.1.0
 */
export const empty = () => error("InvalidInput", "EMPTY", "Les élèves doivent posséder un INE ainsi qu'une classe.")

/**
 * The same INE for several students of the file (`INE_UNIQUE`).
 *
 * @since 0.1.0
 */
export const ineUnique = (nationalStudentId: string) =>
  error(
    "InvalidInput",
    "INE_UNIQUE",
    `L’INE ${nationalStudentId} est présent plusieurs fois dans le fichier pour plusieurs élèves.`,
    { nationalStudentId }
  )

/**
 * Fewer fresh learner ids than new learners.
 *
 * @since 0.1.0
 */
export const missingLearnerIds = (needed: number, given: number) =>
  error("InvalidInput", "MISSING_LEARNER_IDS", "Il manque des identifiants pour créer tous les nouveaux élèves.", {
    needed,
    given
  })

/**
 * A fresh learner id is used already.
 *
 * @since 0.1.0
 */
export const learnerIdAlreadyUsed = (learnerId: Ids.LearnerId) =>
  error("InvalidInput", "LEARNER_ID_ALREADY_USED", "Cet identifiant d'élève est déjà utilisé.", {
    learnerId
  })

/**
 * No learner with this id in the organization.
 *
 * @since 0.1.0
 */
export const learnerNotFound = (learnerId: Ids.LearnerId) =>
  error("NotFound", "LEARNER_NOT_FOUND", "Cet élève n'existe pas dans l'organisation.", { learnerId })

/**
 * A disabled learner (absent from the last import) cannot be linked (§1.7).
 *
 * @since 0.1.0
 */
export const disabledLearner = (learnerId: Ids.LearnerId) =>
  error(
    "Conflict",
    "DISABLED_LEARNER",
    "Cet élève ne fait plus partie de l'établissement : aucun compte ne peut lui être rattaché.",
    { learnerId }
  )

/**
 * The learner is linked to another account (`OrganizationLearnerAlreadyLinkedToUserError`).
 *
 * @since 0.1.0
 */
export const learnerAlreadyLinked = (learnerId: Ids.LearnerId, userId: Ids.UserId) =>
  error(
    "Conflict",
    "ORGANIZATION_LEARNER_ALREADY_LINKED_TO_USER",
    "Un compte existe déjà pour l‘élève dans le même établissement.",
    { learnerId, userId }
  )

/**
 * The user is linked to another learner of the organization (R70): linking a second learner, or reconciling
 * again (`Reconciliation` answers this too). `learnerId` is the learner already linked, when known.
 *
 * @category errors
 * @since 0.1.0
 */
export const userAlreadyReconciled = (userId: string, learnerId: Ids.LearnerId | null = null) =>
  error(
    "Conflict",
    "USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION",
    "Votre compte est déjà rattaché à un autre élève de cet établissement. Vérifiez les informations saisies ou demandez de l’aide à un enseignant.",
    learnerId === null
      ? { shortCode: "R70", value: null, userId }
      : { shortCode: "R70", value: null, userId, learnerId }
  )

/**
 * A preview to confirm that this process does not know: never made, made by someone else or for another
 * organization, expired, or made on another instance (`SIECLE_PREVIEW_NOT_FOUND`): the file is sent again.
 *
 * @category errors
 * @since 0.1.0
 */
export const previewNotFound = (previewId: string) =>
  error(
    "NotFound",
    "SIECLE_PREVIEW_NOT_FOUND",
    "Cet aperçu d’import est inconnu ou a expiré : envoyez à nouveau le fichier SIECLE pour l’importer.",
    { previewId }
  )

/**
 * A preview confirmed already, or being confirmed (`SIECLE_PREVIEW_ALREADY_CONFIRMED`): its import is done once.
 *
 * @category errors
 * @since 0.1.0
 */
export const previewAlreadyConfirmed = (previewId: string) =>
  error(
    "Conflict",
    "SIECLE_PREVIEW_ALREADY_CONFIRMED",
    "Cet import a déjà été confirmé : consultez l’historique des imports.",
    { previewId }
  )
