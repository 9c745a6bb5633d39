/**
 * Whose personal data each stored event holds, and what it reads once that person is erased: the rules that
 * crypto-shredding seals and opens events by (docs/adr/0049-crypto-shredding.md). A test holds them to the
 * schemas' `personalData` annotations, so a new personal field cannot be stored in clear unnoticed.
 *
 * Subjects are ids, never personal data: `learner:<learnerId>`, `user:<userId>`, `invitation:<invitationId>`,
 * and `siecle-import:<organizationId>:<occurredAt>` for what a SIECLE import keeps about the students it left
 * out or refused (erased with the import by the retention rule).
 *
 * The erased values are typed values the schemas accept, so an erased event still decodes and folds: a learner
 * reads "Élève" "effacé" (first name, last name), born 1900-01-01, with an INE of its own that no SIECLE file
 * holds (`EFFACE` and the learner id's letters and digits: the roster's indexes stay one learner per INE); a
 * user reads "Utilisateur" "effacé".
 *
 * @since 0.1.0
 */

/**
 * How one event type's personal fields are sealed (the shape `@orga/event-store`'s `Shredding.Rule` takes).
 *
 * @category models
 * @since 0.1.0
 */
export interface Rule {
  readonly fields: ReadonlyArray<string>
  readonly subject: (data: Readonly<Record<string, unknown>>) => string
  readonly erased: (data: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>
}

/**
 * The subject of a learner.
 *
 * @category constructors
 * @since 0.1.0
 */
export const learner = (learnerId: string): string => `learner:${learnerId}`

/**
 * The subject of a user.
 *
 * @category constructors
 * @since 0.1.0
 */
export const user = (userId: string): string => `user:${userId}`

/**
 * The subject of what one SIECLE import keeps about students (refusals, students left out).
 *
 * @category constructors
 * @since 0.1.0
 */
export const siecleImport = (organizationId: string, occurredAt: string): string =>
  `siecle-import:${organizationId}:${occurredAt}`

/**
 * The first name an erased learner reads.
 *
 * @category models
 * @since 0.1.0
 */
export const erasedLearnerFirstName = "Élève"

/**
 * The last name an erased learner reads ("Élève effacé" in the first-name-first order of the pages).
 *
 * @category models
 * @since 0.1.0
 */
export const erasedLastName = "effacé"

/**
 * The first name an erased user reads.
 *
 * @category models
 * @since 0.1.0
 */
export const erasedUserFirstName = "Utilisateur"

/**
 * The birthdate an erased learner reads.
 *
 * @category models
 * @since 0.1.0
 */
export const erasedBirthdate = "1900-01-01"

/**
 * The INE of an erased learner: one of its own (the roster's index keeps one learner per INE), which no SIECLE
 * file holds (real INEs are 11 characters).
 *
 * @category constructors
 * @since 0.1.0
 */
export const erasedIne = (learnerId: string): string => `EFFACE${learnerId.replace(/[^0-9A-Za-z]/g, "")}`.slice(0, 20)

/**
 * The login an erased user's reservation reads.
 *
 * @category constructors
 * @since 0.1.0
 */
export const erasedLogin = (userId: string): string => `efface-${userId}`

/**
 * Whether a learner's record is the one of an erased learner.
 *
 * @category guards
 * @since 0.1.0
 */
export const isErasedIne = (ine: string | null): boolean => ine?.startsWith("EFFACE") === true

/**
 * The personal fields of a learner's record, erased.
 *
 * @category constructors
 * @since 0.1.0
 */
export const erasedLearnerRecord = (learnerId: string) => ({
  nationalStudentId: erasedIne(learnerId),
  firstName: erasedLearnerFirstName,
  middleName: null,
  thirdName: null,
  lastName: erasedLastName,
  preferredLastName: null,
  sex: null,
  birthdate: erasedBirthdate,
  birthCountryCode: null,
  birthProvinceCode: null,
  birthCityCode: null,
  birthCity: null
})

/**
 * The personal fields of an account, erased.
 *
 * @category constructors
 * @since 0.1.0
 */
export const erasedAccount = {
  firstName: erasedUserFirstName,
  lastName: erasedLastName,
  email: null,
  username: null,
  samlId: null
} as const

const text = (value: unknown): string => (typeof value === "string" ? value : String(value))

/**
 * The rules of every stored event type with personal fields.
 *
 * @category models
 * @since 0.1.0
 */
export const rules: Readonly<Record<string, Rule>> = {
  MemberInvited: {
    fields: ["email"],
    subject: (data) => `invitation:${text(data.invitationId)}`,
    erased: () => ({ email: "adresse.effacee@example.invalid" })
  },
  StudentImported: {
    fields: Object.keys(erasedLearnerRecord("")),
    subject: (data) => learner(text(data.learnerId)),
    erased: (data) => erasedLearnerRecord(text(data.learnerId))
  },
  ParticipationStarted: {
    fields: ["participantExternalId"],
    subject: (data) => user(text(data.userId)),
    erased: () => ({ participantExternalId: null })
  },
  UserRegistered: {
    fields: Object.keys(erasedAccount),
    subject: (data) => user(text(data.userId)),
    erased: () => erasedAccount
  },
  UserLoginReserved: {
    fields: ["login"],
    subject: (data) => user(text(data.userId)),
    erased: (data) => ({ login: erasedLogin(text(data.userId)) })
  },
  UsernameAdded: {
    fields: ["username"],
    subject: (data) => user(text(data.userId)),
    erased: (data) => ({ username: erasedLogin(text(data.userId)) })
  },
  SiecleImportRejected: {
    // Codes and counts stay in clear (`errorCounts`, `errorTotal`); the problems' messages and meta name students.
    fields: ["errors"],
    subject: (data) => siecleImport(text(data.organizationId), text(data.occurredAt)),
    erased: () => ({ errors: [] })
  },
  SiecleImportRecorded: {
    fields: ["skippedStudents"],
    subject: (data) => siecleImport(text(data.organizationId), text(data.occurredAt)),
    erased: () => ({ skippedStudents: [] })
  }
}

/**
 * The subject an erasure event erases, if the event is one.
 *
 * @category getters
 * @since 0.1.0
 */
export const erasedBy = (type: string, data: unknown): string | undefined => {
  if (typeof data !== "object" || data === null) return undefined
  const record = data as Record<string, unknown>
  if (type === "LearnerErased") return learner(text(record.learnerId))
  if (type === "UserErased") return user(text(record.userId))
  return undefined
}
