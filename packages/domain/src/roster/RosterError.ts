/**
 * The errors of the roster, with Pix's codes and French messages (§1.5, §1.7, §5.4).
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"

/**
 * No importable learner in the file (`EMPTY`).
 *
 * @since 0.1.0
 */
export const empty = () =>
  DomainError.make("InvalidInput", "EMPTY", "Les élèves doivent posséder un INE ainsi qu'une classe.")

/**
 * The same INE for several students of the file (`INE_UNIQUE`).
 *
 * @since 0.1.0
 */
export const ineUnique = (nationalStudentId: string) =>
  DomainError.make(
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
  DomainError.make(
    "InvalidInput",
    "MISSING_LEARNER_IDS",
    "Il manque des identifiants pour créer tous les nouveaux élèves.",
    { needed, given }
  )

/**
 * A fresh learner id is used already.
 *
 * @since 0.1.0
 */
export const learnerIdAlreadyUsed = (learnerId: Ids.LearnerId) =>
  DomainError.make("InvalidInput", "LEARNER_ID_ALREADY_USED", "Cet identifiant d'élève est déjà utilisé.", {
    learnerId
  })

/**
 * No learner with this id in the organization.
 *
 * @since 0.1.0
 */
export const learnerNotFound = (learnerId: Ids.LearnerId) =>
  DomainError.make("NotFound", "LEARNER_NOT_FOUND", "Cet élève n'existe pas dans l'organisation.", { learnerId })

/**
 * A disabled learner (absent from the last import) cannot be linked (§1.7).
 *
 * @since 0.1.0
 */
export const disabledLearner = (learnerId: Ids.LearnerId) =>
  DomainError.make(
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
  DomainError.make(
    "Conflict",
    "ORGANIZATION_LEARNER_ALREADY_LINKED_TO_USER",
    "Un compte existe déjà pour l‘élève dans le même établissement.",
    { learnerId, userId }
  )

/**
 * The user is linked to another learner of the organization (R70).
 *
 * @since 0.1.0
 */
export const userAlreadyReconciled = (userId: Ids.UserId, learnerId: Ids.LearnerId) =>
  DomainError.make(
    "Conflict",
    "USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION",
    "Votre compte est déjà rattaché à un autre élève de cet établissement.",
    { shortCode: "R70", userId, learnerId }
  )
