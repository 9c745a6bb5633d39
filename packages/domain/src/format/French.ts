/**
 * French formatting for everything people read: dates and times in Paris time, school years, plurals, numbers
 * as French typesetting and spreadsheets write them, and the French labels of Pix Orga's statuses, roles and
 * campaign types. Every app (demo, server, exports) formats through here, so a label or a date reads the same
 * on every screen and in every file.
 *
 * Pure: a date is formatted from the ISO timestamp it is given, in the `Europe/Paris` time zone (never the
 * machine's), with `Intl` (Node ships the full ICU data). Nothing here throws: an unreadable timestamp or date is
 * returned as given.
 *
 * @since 0.2.0
 */

const parisDateTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23"
})

interface Parts {
  readonly year: string
  readonly month: string
  readonly day: string
  readonly hour: string
  readonly minute: string
}

const parisParts = (iso: string): Parts | undefined => {
  const millis = Date.parse(iso)
  if (Number.isNaN(millis)) return undefined
  const parts: Record<string, string> = {}
  for (const part of parisDateTime.formatToParts(millis)) parts[part.type] = part.value
  return {
    year: (parts.year ?? "").padStart(4, "0"),
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? ""
  }
}

/**
 * The day of an instant in Paris: `2026-12-10T13:05:00Z` → `10/12/2026` (`2019-03-01T23:04:05Z` is already
 * `02/03/2019` in Paris).
 *
 * @category getters
 * @since 0.2.0
 */
export const date = (iso: string): string => {
  const parts = parisParts(iso)
  return parts === undefined ? iso : `${parts.day}/${parts.month}/${parts.year}`
}

/**
 * Day and time of an instant in Paris, as Pix's exports write it: `2026-12-10T13:05:00Z` → `10/12/2026 14:05`.
 *
 * @category getters
 * @since 0.2.0
 */
export const dateTime = (iso: string): string => {
  const parts = parisParts(iso)
  return parts === undefined ? iso : `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`
}

/**
 * A calendar date with no time zone (a birthdate, `YYYY-MM-DD`) as people write it: `2012-05-14` → `14/05/2012`.
 * No time zone applies: the day never moves.
 *
 * @category getters
 * @since 0.2.0
 */
export const calendarDate = (isoDate: string): string => {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(isoDate)
  return match === null ? isoDate : `${match[3]}/${match[2]}/${match[1]}`
}

/**
 * Reads a French date `DD/MM/YYYY` back into `YYYY-MM-DD`; `undefined` when it is not a real calendar date.
 *
 * @category getters
 * @since 0.2.0
 */
export const parseCalendarDate = (french: string): string | undefined => {
  const match = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/.exec(french.trim())
  if (match === null) return undefined
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days === undefined || day < 1 || day > days ? undefined : `${match[3]}-${match[2]}-${match[1]}`
}

/**
 * The school year starting in a year: `2026` → `2026-2027` (SIECLE's `ANNEE_SCOLAIRE` holds the first year).
 *
 * @category getters
 * @since 0.2.0
 */
export const schoolYear = (startYear: string | number): string => {
  const start = Number(startYear)
  return Number.isInteger(start) ? `${start}-${start + 1}` : String(startYear)
}

const grouped = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 })
const plurals = new Intl.PluralRules("fr-FR")

/**
 * A whole count as French typesetting writes it, with a narrow no-break space (U+202F, what
 * `Intl.NumberFormat("fr-FR")` emits) between thousands: `1234` → `1 234`.
 *
 * @category getters
 * @since 0.2.0
 */
export const integer = (n: number): string => grouped.format(n)

/**
 * The noun for a count, French rule: singular for 0 and 1 (and any count below 2), plural otherwise.
 *
 * @category getters
 * @since 0.2.0
 */
export const noun = (n: number, singular: string, plural: string = `${singular}s`): string =>
  plurals.select(n) === "one" ? singular : plural

/**
 * A count and its noun: `0 élève`, `1 élève`, `2 élèves`, `1 234 élèves`; give the plural when it is not the
 * singular plus "s" (`count(3, "nouveau", "nouveaux")`). The noun may carry its adjective: `count(2, "élève
 * ignoré", "élèves ignorés")`.
 *
 * @category getters
 * @since 0.2.0
 */
export const count = (n: number, singular: string, plural: string = `${singular}s`): string => {
  // A count is whole: round first so that the number and the noun agree (1.6 is "2 élèves", not "2 élève").
  const whole = Math.round(n)
  return `${integer(whole)} ${noun(whole, singular, plural)}`
}

const decimals = new Map<number, Intl.NumberFormat>()
const decimalFormat = (maximumFractionDigits: number): Intl.NumberFormat => {
  const cached = decimals.get(maximumFractionDigits)
  if (cached !== undefined) return cached
  const made = new Intl.NumberFormat("fr-FR", { maximumFractionDigits })
  decimals.set(maximumFractionDigits, made)
  return made
}

/**
 * A decimal number for people, with a decimal comma and grouped thousands: `0.6667` → `0,67`, `1234.5` →
 * `1 234,5` (at most `maximumFractionDigits` decimals, 2 by default; trailing zeros dropped).
 *
 * @category getters
 * @since 0.2.0
 */
export const decimal = (n: number, maximumFractionDigits = 2): string => decimalFormat(maximumFractionDigits).format(n)

/**
 * A number for a French spreadsheet cell (CSV exports): decimal comma, no thousands separator, rounded to
 * `digits` decimals without trailing zeros, `-` for negatives: `0.333` → `0,333`, `1` → `1`, `1234.5` →
 * `1234,5`. A French spreadsheet reads it as a number; `0.67` would be text to it.
 *
 * @category getters
 * @since 0.2.0
 */
export const spreadsheetNumber = (n: number, digits = 2): string => {
  if (!Number.isFinite(n)) return String(n)
  const factor = 10 ** digits
  const rounded = Math.round(Math.abs(n) * factor) / factor
  const text = String(rounded).replace(".", ",")
  return n < 0 && rounded !== 0 ? `-${text}` : text
}

const percents = new Map<number, Intl.NumberFormat>()

/**
 * A rate as a French percentage: `0.67` → `67 %` (a no-break space before `%`, as `Intl` writes it), with at
 * most `maximumFractionDigits` decimals (0 by default).
 *
 * @category getters
 * @since 0.2.0
 */
export const percent = (rate: number, maximumFractionDigits = 0): string => {
  let format = percents.get(maximumFractionDigits)
  if (format === undefined) {
    format = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits })
    percents.set(maximumFractionDigits, format)
  }
  return format.format(rate)
}

/**
 * "Oui" or "Non", as Pix writes booleans in its exports.
 *
 * @category getters
 * @since 0.2.0
 */
export const yesNo = (value: boolean): string => (value ? "Oui" : "Non")

/**
 * The statuses of a SIECLE import, Pix's `OrganizationImportStatus` (§1.6).
 *
 * @category models
 * @since 0.2.0
 */
export type ImportStatus =
  | "UPLOADING"
  | "UPLOADED"
  | "UPLOAD_ERROR"
  | "VALIDATED"
  | "VALIDATION_ERROR"
  | "IMPORTED"
  | "IMPORT_ERROR"

/**
 * Every import status, in the order an import goes through them.
 *
 * @category models
 * @since 0.2.0
 */
export const importStatuses: ReadonlyArray<ImportStatus> = [
  "UPLOADING",
  "UPLOADED",
  "UPLOAD_ERROR",
  "VALIDATED",
  "VALIDATION_ERROR",
  "IMPORTED",
  "IMPORT_ERROR"
]

const importStatusLabels: Record<ImportStatus, string> = {
  UPLOADING: "Envoi en cours",
  UPLOADED: "Validation en cours",
  UPLOAD_ERROR: "Échec de l'envoi",
  VALIDATED: "Import en cours",
  VALIDATION_ERROR: "Erreurs dans le fichier",
  IMPORTED: "Importé",
  IMPORT_ERROR: "Échec de l'import"
}

/**
 * A short label of an import status, for a history table's "Statut" column.
 *
 * @category getters
 * @since 0.2.0
 */
export const importStatus = (status: ImportStatus): string => importStatusLabels[status]

const importBanners: Record<Exclude<ImportStatus, "IMPORTED">, string> = {
  UPLOADING: "L’import du fichier peut prendre quelques minutes. Merci de ne pas quitter cette page.",
  UPLOADED: "Le contenu du fichier est en cours de validation.",
  UPLOAD_ERROR: "Le fichier n'a pas pu être importé.",
  VALIDATED: "Le contenu du fichier est validé, l’import des participants est en cours.",
  VALIDATION_ERROR: "Le contenu du fichier comporte des erreurs.",
  IMPORT_ERROR: "L'import des participants a échoué."
}

/**
 * The sentence Pix Orga shows above the import page for the last import's status; for `IMPORTED` it names the
 * date (Paris time) and who imported: "Dernier fichier importé avec succès le 10/12/2026 14:05 par Marie Curie.".
 *
 * @category getters
 * @since 0.2.0
 */
export const importBanner = (
  status: ImportStatus,
  done?: { readonly at: string; readonly firstName: string; readonly lastName: string }
): string =>
  status === "IMPORTED"
    ? done === undefined
      ? "Dernier fichier importé avec succès."
      : `Dernier fichier importé avec succès le ${dateTime(done.at)} par ${done.firstName} ${done.lastName}.`
    : importBanners[status]

/**
 * The two campaign types.
 *
 * @category models
 * @since 0.2.0
 */
export type CampaignType = "ASSESSMENT" | "PROFILES_COLLECTION"

/**
 * A campaign type as a list's "Type" column says it: "Évaluation", "Collecte de profils".
 *
 * @category getters
 * @since 0.2.0
 */
export const campaignType = (type: CampaignType): string =>
  type === "ASSESSMENT" ? "Évaluation" : "Collecte de profils"

/**
 * A campaign type in full, as the campaign's settings say it: "Campagne d'évaluation", "Campagne de collecte de
 * profils".
 *
 * @category getters
 * @since 0.2.0
 */
export const campaignTypeInFull = (type: CampaignType): string =>
  type === "ASSESSMENT" ? "Campagne d'évaluation" : "Campagne de collecte de profils"

/**
 * A participation's status.
 *
 * @category models
 * @since 0.2.0
 */
export type ParticipationStatus = "STARTED" | "TO_SHARE" | "SHARED"

/**
 * A participation's status as Pix Orga's activity tab says it, which depends on the campaign type: "En cours",
 * "En attente d'envoi", "Résultats reçus" (assessment) or "Profil reçu" (profiles collection).
 *
 * @category getters
 * @since 0.2.0
 */
export const participationStatus = (status: ParticipationStatus, type: CampaignType): string =>
  status === "SHARED"
    ? type === "ASSESSMENT"
      ? "Résultats reçus"
      : "Profil reçu"
    : status === "STARTED" && type === "ASSESSMENT"
      ? "En cours"
      : "En attente d'envoi"

/**
 * A member's role: "Administrateur" or "Membre".
 *
 * @category getters
 * @since 0.2.0
 */
export const role = (value: "ADMIN" | "MEMBER"): string => (value === "ADMIN" ? "Administrateur" : "Membre")

/**
 * A learner's certificability as the students list says it: "Certifiable", "Non certifiable", or "Non
 * communiqué" when no profile says either.
 *
 * @category getters
 * @since 0.2.0
 */
export const certificability = (isCertifiable: boolean | null | undefined): string =>
  isCertifiable === true ? "Certifiable" : isCertifiable === false ? "Non certifiable" : "Non communiqué"

/**
 * The ways a student signs in (the students list's "Méthode(s) de connexion" filter).
 *
 * @category models
 * @since 0.2.0
 */
export type ConnectionMethod = "none" | "email" | "identifiant" | "mediacentre" | "without_mediacentre"

const connectionMethods: Record<ConnectionMethod, string> = {
  none: "Aucune",
  email: "Adresse e-mail",
  identifiant: "Identifiant",
  mediacentre: "Mediacentre",
  without_mediacentre: "Sans Mediacentre"
}

/**
 * A connection method as the students list says it: "Adresse e-mail", "Identifiant", "Mediacentre", …
 *
 * @category getters
 * @since 0.2.0
 */
export const connectionMethod = (method: ConnectionMethod): string => connectionMethods[method]
