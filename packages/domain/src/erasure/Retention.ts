/**
 * The retention rule of personal data (docs/retention.md): a learner disabled for more than a given number of
 * school years, and a user without activity for more than a given number of days, are erased by the back office's
 * retention command. Pure: the time is given.
 *
 * @since 0.1.0
 */

/**
 * The school year a moment falls in: a French school year starts on 1 September (`2026` for 2026-2027).
 *
 * @category getters
 * @since 0.1.0
 */
export const schoolYearOf = (isoTimestamp: string): number => {
  const year = Number(isoTimestamp.slice(0, 4))
  const month = Number(isoTimestamp.slice(5, 7))
  return month >= 9 ? year : year - 1
}

/**
 * How long personal data is kept.
 *
 * @category models
 * @since 0.1.0
 */
export interface Limits {
  /** A disabled learner is erased once more than this many school years have begun since it was disabled. */
  readonly disabledSchoolYears: number
  /** A user is erased after this many days without any event of theirs in the log. */
  readonly inactiveDays: number
}

/**
 * The defaults: a learner disabled for more than 2 school years; a user inactive for 3 years (1,095 days).
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaults: Limits = { disabledSchoolYears: 2, inactiveDays: 1095 }

/**
 * Whether a learner's data has outlived the rule: disabled, and disabled more than `disabledSchoolYears` school
 * years before `now` (`updatedAt` of a disabled learner is when it was disabled).
 *
 * @category guards
 * @since 0.1.0
 */
export const learnerExpired = (
  learner: { readonly isDisabled: boolean; readonly updatedAt: string },
  now: string,
  limits: Pick<Limits, "disabledSchoolYears">
): boolean => learner.isDisabled && schoolYearOf(now) - schoolYearOf(learner.updatedAt) > limits.disabledSchoolYears

/**
 * Whether a user's data has outlived the rule: no activity for more than `inactiveDays` days before `now`.
 *
 * @category guards
 * @since 0.1.0
 */
export const userExpired = (lastActivity: string, now: string, limits: Pick<Limits, "inactiveDays">): boolean =>
  Date.parse(now) - Date.parse(lastActivity) > limits.inactiveDays * 86_400_000
