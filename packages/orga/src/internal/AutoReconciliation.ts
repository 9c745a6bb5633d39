/**
 * What the automatic reconciliation (§5.4.1) is judged on: the INE of the learner the user was linked to most
 * recently in another organization, and this organization's learner with that INE. A student known in another
 * school joins a campaign of his new school without typing anything: his account is linked to the learner of
 * the same INE there (when active and linked to nobody else).
 *
 * @since 0.1.0
 */
import type { Reconciliation } from "./Domain.ts"
import * as ReadModels from "./ReadModels.ts"

/**
 * The INE of the user's most recent link in another organization, or null (none, or without an INE).
 *
 * @category getters
 * @since 0.1.0
 */
export const latestIneElsewhere = (
  models: ReadModels.ReadModels,
  organizationId: string,
  userId: string
): string | null => {
  let latest: string | null = null
  // Links are kept in the order they were made: the last one outside this organization is the most recent.
  for (const linked of models.linksByUser.get(userId)?.values() ?? [])
    if (linked.organizationId !== organizationId) latest = linked.nationalStudentId
  return latest
}

/**
 * The request of `Reconciliation.reconcileAutomatically` for a user joining a campaign of `organizationId`: only
 * the learner of that INE is a candidate (the roster's INE index, not a scan of the school).
 *
 * @category constructors
 * @since 0.1.0
 */
export const request = (
  models: ReadModels.ReadModels,
  organizationId: string,
  userId: string
): Parameters<typeof Reconciliation.reconcileAutomatically>[0] => {
  const ine = latestIneElsewhere(models, organizationId, userId)
  const roster = ReadModels.rosterOf(models, organizationId)
  const learnerId = ine === null ? undefined : roster.byIne.get(ine)
  const learner = learnerId === undefined ? undefined : roster.learners.get(learnerId)
  return {
    userId,
    organizationId,
    latestNationalStudentId: ine,
    learners:
      learner === undefined
        ? []
        : [
            {
              learnerId: learner.learnerId,
              organizationId,
              firstName: learner.record.firstName,
              middleName: learner.record.middleName,
              thirdName: learner.record.thirdName,
              lastName: learner.record.lastName,
              preferredLastName: learner.record.preferredLastName,
              birthdate: learner.record.birthdate,
              nationalStudentId: learner.record.nationalStudentId,
              userId: learner.userId,
              isDisabled: learner.isDisabled
            }
          ]
  }
}
