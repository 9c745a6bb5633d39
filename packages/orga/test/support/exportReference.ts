/**
 * The campaign exports as they were written before the lines were built from precomputed cells (one array of
 * cells per row, every cell through a regular-expression `cell`): the reference `export-lines.test.ts` holds the
 * faster `CampaignExport` to, byte for byte, over generated campaigns and rows.
 */
import { Competences } from "@orga/domain"
import * as CampaignExport from "../../src/export/CampaignExport.ts"
import * as Csv from "../../src/export/Csv.ts"
import * as ExportDates from "../../src/export/ExportDates.ts"

type Cell = string | number | null | undefined

const cell = (value: Cell): string => {
  if (value === null || value === undefined) return ""
  let text = typeof value === "number" ? Csv.formatNumber(value) : value
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text
  return /[;"\r\n]/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text
}

const line = (cells: ReadonlyArray<Cell>): string => cells.map(cell).join(";") + "\r\n"

const yesNo = (value: boolean): string => (value ? "Oui" : "Non")
const na = "NA"
const round = (value: number, digits: number): number => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
const rate = (validated: number, target: number): number => (target === 0 ? 0 : round(validated / target, 2))

const keepDivision = (options: CampaignExport.ExportOptions | undefined) => {
  const divisions = options?.divisions
  if (divisions === undefined || divisions.length === 0) return () => true
  const wanted = new Set(divisions)
  return (division: string | null) => division !== null && wanted.has(division)
}

const areasOf = (target: ReadonlyArray<CampaignExport.TargetCompetence>) =>
  Competences.areas.flatMap((area) => {
    const inArea = target.filter((c) => Competences.findCompetence(c.competenceId)?.areaId === area.id)
    return inArea.length === 0
      ? []
      : [
          {
            competenceIds: inArea.map((c) => c.competenceId),
            targetSkillsCount: inArea.reduce((sum, c) => sum + c.targetSkillsCount, 0)
          }
        ]
  })

/** The assessment results export, one array of cells per row. */
export function* assessmentLines(
  campaign: CampaignExport.CampaignHeader,
  targetProfileName: string,
  target: ReadonlyArray<CampaignExport.TargetCompetence>,
  rows: Iterable<CampaignExport.AssessmentRow>,
  options?: CampaignExport.ExportOptions
): Generator<string> {
  const ordered = Competences.competences.flatMap((c) => target.filter((t) => t.competenceId === c.id))
  const areas = areasOf(ordered)
  const totalTarget = ordered.reduce((sum, c) => sum + c.targetSkillsCount, 0)
  const keep = keepDivision(options)
  const hasStages = (campaign.achievements?.totalStages ?? 0) > 0
  const badges = campaign.achievements?.badges ?? []
  yield Csv.bom + line(CampaignExport.assessmentHeader(campaign, ordered))
  for (const row of rows) {
    if (!keep(row.division)) continue
    const shared = row.sharedAt !== null
    const cells: Array<Cell> = [
      campaign.organizationName,
      campaign.campaignId,
      campaign.code,
      campaign.name,
      targetProfileName,
      row.lastName,
      row.firstName
    ]
    if (campaign.withDivision) cells.push(row.division ?? "")
    if (campaign.externalIdLabel !== null) cells.push(row.externalId ?? "")
    cells.push(
      round(row.progress, 3),
      ExportDates.parisDateTime(row.createdAt),
      yesNo(shared),
      shared ? ExportDates.parisDateTime(row.sharedAt!) : na
    )
    if (hasStages) cells.push(shared ? (row.stars ?? na) : na)
    for (const badge of badges) cells.push(shared ? yesNo(row.acquiredBadgeIds?.includes(badge.id) ?? false) : na)
    if (!shared) {
      cells.push(na)
      for (let i = 0; i < ordered.length * 3 + areas.length * 3; i++) cells.push(na)
    } else {
      const validated = (id: string) => row.validatedByCompetence[id] ?? 0
      const totalValidated = ordered.reduce((sum, c) => sum + validated(c.competenceId), 0)
      cells.push(rate(totalValidated, totalTarget))
      for (const competence of ordered) {
        const v = validated(competence.competenceId)
        cells.push(rate(v, competence.targetSkillsCount), competence.targetSkillsCount, v)
      }
      for (const area of areas) {
        const v = area.competenceIds.reduce((sum, id) => sum + validated(id), 0)
        cells.push(rate(v, area.targetSkillsCount), area.targetSkillsCount, v)
      }
    }
    yield line(cells)
  }
}

/** The profiles collection export, one array of cells per row. */
export function* profilesLines(
  campaign: CampaignExport.CampaignHeader,
  rows: Iterable<CampaignExport.ProfileRow>,
  options?: CampaignExport.ExportOptions
): Generator<string> {
  const keep = keepDivision(options)
  yield Csv.bom + line(CampaignExport.profilesHeader(campaign))
  for (const row of rows) {
    if (!keep(row.division)) continue
    const shared = row.sharedAt !== null
    const cells: Array<Cell> = [
      campaign.organizationName,
      campaign.campaignId,
      campaign.code,
      campaign.name,
      row.lastName,
      row.firstName
    ]
    if (campaign.withDivision) cells.push(row.division ?? "")
    if (campaign.externalIdLabel !== null) cells.push(row.externalId ?? "")
    cells.push(yesNo(shared))
    if (!shared) {
      for (let i = 0; i < 4 + Competences.competences.length * 2; i++) cells.push(na)
    } else {
      const pix = Competences.competences.map((c) => Competences.capPix(row.pixByCompetence[c.id] ?? 0))
      const levels = pix.map((p) => Competences.levelFromPix(p))
      const certifiableCount = levels.filter((level) => level >= Competences.minimumCertifiableLevel).length
      cells.push(
        ExportDates.parisDateTime(row.sharedAt!),
        pix.reduce((sum, p) => sum + p, 0),
        yesNo(certifiableCount >= Competences.minimumCertifiableCompetences),
        certifiableCount
      )
      for (let i = 0; i < pix.length; i++) cells.push(levels[i], pix[i])
    }
    yield line(cells)
  }
}
