/**
 * The two campaign CSV exports of Pix Orga (§6.2 and its update from Pix's newer export code): assessment
 * results and profiles collection, with Pix's column names and order ("Parcours", "Date et heure …
 * (Europe/Paris)"), dates as `DD/MM/YYYY HH:mm` in Paris time, decimal commas, "Oui"/"Non", "NA" for what is
 * not shared, and the file name Pix gives them. The caller gives every participation that is not deleted
 * (earlier attempts included), sorted with `compareRows`.
 *
 * Each export is a generator of lines: the rows are read one by one from an iterable, so an export of
 * 10,000 participants never sits whole in memory.
 *
 * @since 0.1.0
 */

import { Competences, Stage } from "@orga/domain"
import * as Csv from "./Csv.ts"
import * as ExportDates from "./ExportDates.ts"

/**
 * What the exports need of a campaign and its organization.
 *
 * @since 0.1.0
 */
export interface CampaignHeader {
  readonly organizationName: string
  readonly campaignId: string
  readonly code: string
  readonly name: string
  /** The label of the external id asked to participants (`idPixLabel`), if any. */
  readonly externalIdLabel: string | null
  /** "Classe" column: only when the organization is SCO and manages its students. */
  readonly withDivision: boolean
  /**
   * The stages and badges of an assessment's target profile: "Palier obtenu (/{stages-1})" when it has stages,
   * one "{badge} obtenu (O/N)" column per badge, as Pix writes them after the sharing date. None when absent.
   */
  readonly achievements?: AchievementColumns | undefined
}

/**
 * What an assessment export shows of a target profile's stages and badges.
 *
 * @since 0.2.0
 */
export interface AchievementColumns {
  /** How many stages the profile has (`null` or 0: no stage column). */
  readonly totalStages: number | null
  /** Every badge of the profile, in its order. */
  readonly badges: ReadonlyArray<{ readonly id: string; readonly title: string }>
}

/**
 * A target skill count for one competence of an assessment campaign's target profile.
 *
 * @since 0.1.0
 */
export interface TargetCompetence {
  readonly competenceId: string
  readonly targetSkillsCount: number
}

/**
 * One participation of an assessment campaign (every one not deleted, earlier attempts included).
 *
 * @since 0.1.0
 */
export interface AssessmentRow {
  readonly lastName: string
  readonly firstName: string
  readonly division: string | null
  readonly externalId: string | null
  /** Skills assessed so far / target skills; 1 when the assessment is completed. */
  readonly progress: number
  /** ISO timestamp of the start of the participation. */
  readonly createdAt: string
  /** ISO timestamp of the share; null when not shared. */
  readonly sharedAt: string | null
  /** Validated target skills per competence id (only read when shared). */
  readonly validatedByCompetence: Readonly<Record<string, number>>
  /** The stage reached as Pix writes it (the reached stage's number minus one; only read when shared). */
  readonly stars?: number | null | undefined
  /** The ids of the badges acquired (only read when shared). */
  readonly acquiredBadgeIds?: ReadonlyArray<string> | undefined
}

/**
 * One participation of a profiles collection campaign (every one not deleted, earlier sendings included).
 *
 * @since 0.1.0
 */
export interface ProfileRow {
  readonly lastName: string
  readonly firstName: string
  readonly division: string | null
  readonly externalId: string | null
  /** ISO timestamp of the start of the participation (orders the sendings of one learner, newest first). */
  readonly createdAt: string
  /** ISO timestamp of the share; null when not shared. */
  readonly sharedAt: string | null
  /** Pix per competence id at share time (levels are derived, capped as the referential says). */
  readonly pixByCompetence: Readonly<Record<string, number>>
}

/**
 * Options common to both exports.
 *
 * @since 0.1.0
 */
export interface ExportOptions {
  /** Keep only participants of these divisions (classes); all when absent or empty. */
  readonly divisions?: ReadonlyArray<string> | undefined
}

const yesNo = (value: boolean): string => (value ? "Oui" : "Non")
const na = "NA"
const round = (value: number, digits: number): number => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

const keepDivision = (options: ExportOptions | undefined) => {
  const divisions = options?.divisions
  if (divisions === undefined || divisions.length === 0) return () => true
  const wanted = new Set(divisions)
  return (division: string | null) => division !== null && wanted.has(division)
}

/**
 * The longest campaign name kept in an export's file name (in characters; the rest is cut).
 *
 * @since 0.1.0
 */
export const maxFileNameCampaignName = 100

/**
 * The export's file name: `Resultats-{campaign name}-{campaign id}-{YYYY-MM-DD-HHmm}.csv` (time in Europe/Paris).
 * Characters that no file system accepts in a name, controls (C0, C1) and bidirectional overrides and isolates
 * (which can disguise the extension, `…\u202Evsc.exe`) are replaced by `_`; the campaign's name is cut to
 * `maxFileNameCampaignName` characters (names from before the inputs were bounded can be longer).
 *
 * @since 0.1.0
 */
export const fileName = (campaign: { readonly name: string; readonly campaignId: string }, nowIso: string): string =>
  `Resultats-${[...campaign.name].slice(0, maxFileNameCampaignName).join("")}-${campaign.campaignId}-${ExportDates.fileStamp(nowIso)}.csv`.replace(
    /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    "_"
  )

const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true })

// Participations of one learner: the newest first (ISO timestamps compare as text).
const newestFirst = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0)

/**
 * The order of the exports' rows: by class first where the organization has classes (the field's "tri par
 * classe"), then as Pix sorts: last name, first name, newest participation first.
 *
 * @category getters
 * @since 0.2.0
 */
export const compareRows =
  (withDivision: boolean) =>
  (
    a: Pick<AssessmentRow, "division" | "lastName" | "firstName" | "createdAt">,
    b: Pick<AssessmentRow, "division" | "lastName" | "firstName" | "createdAt">
  ): number =>
    (withDivision ? collator.compare(a.division ?? "", b.division ?? "") : 0) ||
    collator.compare(a.lastName, b.lastName) ||
    collator.compare(a.firstName, b.firstName) ||
    newestFirst(a.createdAt, b.createdAt)

/**
 * The ranks of distinct texts under the French collation: texts the collation finds equal share a rank.
 * Sorting a few thousand distinct names once costs far fewer collator calls than comparing every pair of rows met
 * by a sort of ten thousand rows (about 3x fewer on a 10,000-student export).
 */
const collationRanks = (texts: Iterable<string>): Map<string, number> => {
  const distinct = [...new Set(texts)].sort(collator.compare)
  const ranks = new Map<string, number>()
  let rank = 0
  for (let i = 0; i < distinct.length; i++) {
    if (i > 0 && collator.compare(distinct[i - 1]!, distinct[i]!) !== 0) rank++
    ranks.set(distinct[i]!, rank)
  }
  return ranks
}

/**
 * Sorts rows in the order of `compareRows` (the same order, ties kept as they come), ranking the distinct classes
 * and names once instead of comparing them row against row: what a whole export does.
 *
 * @category combinators
 * @since 0.2.0
 */
export const sortRows = <A>(
  withDivision: boolean,
  rows: ReadonlyArray<A>,
  keyOf: (row: A) => Pick<AssessmentRow, "division" | "lastName" | "firstName" | "createdAt">
): Array<A> => {
  const keys = rows.map(keyOf)
  const divisions = withDivision ? collationRanks(keys.map((key) => key.division ?? "")) : undefined
  const lastNames = collationRanks(keys.map((key) => key.lastName))
  const firstNames = collationRanks(keys.map((key) => key.firstName))
  const ranked = keys.map((key, index) => ({
    index,
    division: divisions === undefined ? 0 : divisions.get(key.division ?? "")!,
    lastName: lastNames.get(key.lastName)!,
    firstName: firstNames.get(key.firstName)!,
    createdAt: key.createdAt
  }))
  ranked.sort(
    (a, b) =>
      a.division - b.division ||
      a.lastName - b.lastName ||
      a.firstName - b.firstName ||
      newestFirst(a.createdAt, b.createdAt)
  )
  return ranked.map(({ index }) => rows[index]!)
}

const commonStart = (): Array<string> => ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne"]

const competenceName = (id: string): string => Competences.findCompetence(id)?.name ?? id
const areaName = (id: string): string => Competences.findArea(id)?.name ?? id

/**
 * The header cells of the assessment results export.
 *
 * @since 0.1.0
 */
export const assessmentHeader = (campaign: CampaignHeader, target: ReadonlyArray<TargetCompetence>): Array<string> => {
  const header = [...commonStart(), "Parcours", "Nom du Participant", "Prénom du Participant"]
  if (campaign.withDivision) header.push("Classe")
  if (campaign.externalIdLabel !== null) header.push(campaign.externalIdLabel)
  header.push(
    "% de progression",
    "Date et heure de début (Europe/Paris)",
    "Partage (O/N)",
    "Date et heure du partage (Europe/Paris)"
  )
  const stages = campaign.achievements?.totalStages ?? 0
  if (stages > 0) header.push(Stage.exportHeader(stages))
  for (const badge of campaign.achievements?.badges ?? []) header.push(`${badge.title} obtenu (O/N)`)
  header.push("% maitrise de l'ensemble des acquis du profil")
  for (const competence of target) {
    const name = competenceName(competence.competenceId)
    header.push(
      `% de maitrise des acquis de la compétence ${name}`,
      `Nombre d'acquis du profil cible dans la compétence ${name}`,
      `Acquis maitrisés dans la compétence ${name}`
    )
  }
  for (const area of areasOf(target)) {
    const name = areaName(area.areaId)
    header.push(
      `% de maitrise des acquis du domaine ${name}`,
      `Nombre d'acquis du profil cible du domaine ${name}`,
      `Acquis maitrisés du domaine ${name}`
    )
  }
  return header
}

interface TargetArea {
  readonly areaId: string
  readonly competenceIds: ReadonlyArray<string>
  readonly targetSkillsCount: number
}

const areasOf = (target: ReadonlyArray<TargetCompetence>): ReadonlyArray<TargetArea> =>
  Competences.areas.flatMap((area) => {
    const inArea = target.filter((c) => Competences.findCompetence(c.competenceId)?.areaId === area.id)
    return inArea.length === 0
      ? []
      : [
          {
            areaId: area.id,
            competenceIds: inArea.map((c) => c.competenceId),
            targetSkillsCount: inArea.reduce((sum, c) => sum + c.targetSkillsCount, 0)
          }
        ]
  })

/**
 * The assessment results export, line by line (BOM + header first). Competences come in referential order.
 *
 * @since 0.1.0
 */
export function* assessmentLines(
  campaign: CampaignHeader,
  targetProfileName: string,
  target: ReadonlyArray<TargetCompetence>,
  rows: Iterable<AssessmentRow>,
  options?: ExportOptions
): Generator<string> {
  const ordered = Competences.competences.flatMap((c) => target.filter((t) => t.competenceId === c.id))
  const areas = areasOf(ordered)
  const totalTarget = ordered.reduce((sum, c) => sum + c.targetSkillsCount, 0)
  const keep = keepDivision(options)
  const hasStages = (campaign.achievements?.totalStages ?? 0) > 0
  const badges = campaign.achievements?.badges ?? []
  yield Csv.bom + Csv.line(assessmentHeader(campaign, ordered))
  const start = campaignStart([
    campaign.organizationName,
    campaign.campaignId,
    campaign.code,
    campaign.name,
    targetProfileName
  ])
  const dateOf = parisDateTimes()
  // Before sharing: the sharing date, the stage, each badge, the mastery and every competence's and area's three
  // cells are "NA".
  const notShared =
    (Csv.separator + na).repeat(1 + (hasStages ? 1 : 0) + badges.length + 1 + ordered.length * 3 + areas.length * 3) +
    Csv.lineEnd
  const totalCells = masteryCells(totalTarget, false)
  const competenceCells = ordered.map((c) => masteryCells(c.targetSkillsCount, true))
  const areaCells = areas.map((a) => masteryCells(a.targetSkillsCount, true))
  for (const row of rows) {
    if (!keep(row.division)) continue
    const shared = row.sharedAt !== null
    let line = start + Csv.text(row.lastName) + Csv.separator + Csv.text(row.firstName)
    if (campaign.withDivision) line += Csv.separator + Csv.text(row.division ?? "")
    if (campaign.externalIdLabel !== null) line += Csv.separator + Csv.text(row.externalId ?? "")
    line +=
      Csv.separator +
      Csv.cell(round(row.progress, 3)) +
      Csv.separator +
      dateOf(row.createdAt) +
      Csv.separator +
      yesNo(shared)
    if (!shared) {
      yield line + notShared
      continue
    }
    line += Csv.separator + dateOf(row.sharedAt!)
    // Pix's order: the stage reached, each badge, then the mastery; all "NA" before sharing.
    if (hasStages) line += Csv.separator + Csv.cell(row.stars ?? na)
    for (const badge of badges) line += Csv.separator + yesNo(row.acquiredBadgeIds?.includes(badge.id) ?? false)
    const validated = row.validatedByCompetence
    let totalValidated = 0
    let competences = ""
    for (let i = 0; i < ordered.length; i++) {
      const v = validated[ordered[i]!.competenceId] ?? 0
      totalValidated += v
      competences += competenceCells[i]!(v)
    }
    line += totalCells(totalValidated) + competences
    for (let i = 0; i < areas.length; i++) {
      let v = 0
      for (const id of areas[i]!.competenceIds) v += validated[id] ?? 0
      line += areaCells[i]!(v)
    }
    yield line + Csv.lineEnd
  }
}

/** The campaign's cells that open every line, formatted once, with the separator that follows them. */
const campaignStart = (cells: ReadonlyArray<string>): string => cells.map(Csv.text).join(Csv.separator) + Csv.separator

/**
 * `DD/MM/YYYY HH:mm` cells in Paris time, the last one kept: the rows of one export often share a date
 * (participations started or shared in the same session).
 */
const parisDateTimes = (): ((iso: string) => string) => {
  let lastIso: string | undefined
  let lastText = ""
  return (iso) => {
    if (iso !== lastIso) {
      lastText = Csv.text(ExportDates.parisDateTime(iso))
      lastIso = iso
    }
    return lastText
  }
}

/**
 * The mastery cells of `validated` target skills out of `target` (the rate, then with `withCounts` the target and
 * the validated count), each led by the separator; formatted once per count met, since counts run from 0 to the
 * target.
 */
const masteryCells = (target: number, withCounts: boolean): ((validated: number) => string) => {
  const format = (validated: number) =>
    Csv.separator +
    Csv.cell(rate(validated, target)) +
    (withCounts ? Csv.separator + Csv.cell(target) + Csv.separator + Csv.cell(validated) : "")
  const known: Array<string | undefined> = []
  return (validated) => {
    if (!(Number.isInteger(validated) && validated >= 0 && validated <= target)) return format(validated)
    let cells = known[validated]
    if (cells === undefined) {
      cells = format(validated)
      known[validated] = cells
    }
    return cells
  }
}

const rate = (validated: number, target: number): number => (target === 0 ? 0 : round(validated / target, 2))

/**
 * The header cells of the profiles collection export (the 16 competences of the referential).
 *
 * @since 0.1.0
 */
export const profilesHeader = (campaign: CampaignHeader): Array<string> => {
  const header = [...commonStart(), "Nom du Participant", "Prénom du Participant"]
  if (campaign.withDivision) header.push("Classe")
  if (campaign.externalIdLabel !== null) header.push(campaign.externalIdLabel)
  header.push(
    "Envoi (O/N)",
    "Date et heure de l'envoi (Europe/Paris)",
    "Nombre de pix total",
    "Certifiable (O/N)",
    "Nombre de compétences certifiables"
  )
  for (const competence of Competences.competences) {
    header.push(`Niveau pour la compétence ${competence.name}`, `Nombre de pix pour la compétence ${competence.name}`)
  }
  return header
}

/**
 * The profiles collection export, line by line (BOM + header first). Pix are capped per competence and levels
 * derived as the referential says; certifiable = level ≥ 1 in at least 5 competences.
 *
 * @since 0.1.0
 */
export function* profilesLines(
  campaign: CampaignHeader,
  rows: Iterable<ProfileRow>,
  options?: ExportOptions
): Generator<string> {
  const keep = keepDivision(options)
  yield Csv.bom + Csv.line(profilesHeader(campaign))
  const start = campaignStart([campaign.organizationName, campaign.campaignId, campaign.code, campaign.name])
  const dateOf = parisDateTimes()
  const competences = Competences.competences
  const notShared = yesNo(false) + (Csv.separator + na).repeat(4 + competences.length * 2) + Csv.lineEnd
  // Capped pix are whole numbers from 0 to the cap: each one's level and pix cells formatted once, and whether
  // its level counts towards certifiability.
  const maxPix = Competences.maxPixPerCompetence()
  const levelAndPix = Array.from(
    { length: maxPix + 1 },
    (_, pix) => Csv.separator + Csv.cell(Competences.levelFromPix(pix)) + Csv.separator + Csv.cell(pix)
  )
  const certifying = Array.from(
    { length: maxPix + 1 },
    (_, pix) => Competences.levelFromPix(pix) >= Competences.minimumCertifiableLevel
  )
  // Totals and counts are whole numbers too, bounded by the competences' caps.
  const countCells = Array.from({ length: competences.length * maxPix + 1 }, (_, n) => Csv.cell(n))
  for (const row of rows) {
    if (!keep(row.division)) continue
    let line = start + Csv.text(row.lastName) + Csv.separator + Csv.text(row.firstName)
    if (campaign.withDivision) line += Csv.separator + Csv.text(row.division ?? "")
    if (campaign.externalIdLabel !== null) line += Csv.separator + Csv.text(row.externalId ?? "")
    line += Csv.separator
    if (row.sharedAt === null) {
      yield line + notShared
      continue
    }
    let total = 0
    let certifiableCount = 0
    let cells = ""
    for (let i = 0; i < competences.length; i++) {
      const raw = row.pixByCompetence[competences[i]!.id] ?? 0
      // Stored pix are already whole and within the cap (capping them again changes nothing).
      const pix = Number.isInteger(raw) && raw >= 0 && raw <= maxPix ? raw : Competences.capPix(raw)
      total += pix
      if (certifying[pix]) certifiableCount++
      cells += levelAndPix[pix]
    }
    yield line +
      yesNo(true) +
      Csv.separator +
      dateOf(row.sharedAt) +
      Csv.separator +
      countCells[total] +
      Csv.separator +
      yesNo(certifiableCount >= Competences.minimumCertifiableCompetences) +
      Csv.separator +
      countCells[certifiableCount] +
      cells +
      Csv.lineEnd
  }
}
