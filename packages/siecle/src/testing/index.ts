/**
 * Realistic SIECLE `ElevesSansAdresses` files for tests and benchmarks, deterministic from a seed.
 *
 * A file is first a `SiecleDocument` (a plain model: parameters, `ELEVE`s with their child elements in order,
 * `STRUCTURES_ELEVE`s), then rendered as SIECLE writes it and encoded (ISO-8859-15 by default, or UTF-8).
 * Tests edit the model (drop an element, empty a name) and render it again; `generateSchool` also says what a
 * correct reader must return for the school it made.
 *
 * @since 0.1.0
 */
import { zipSync } from "fflate"
import type { ImportReport, SkippedStudent, StudentRecord } from "../StudentRecord.ts"

/**
 * A child element of an `ELEVE`: its text, or nested elements (e.g. `SCOLARITE_AN_DERNIER`).
 *
 * @since 0.1.0
 */
export type Field = readonly [name: string, value: string | ReadonlyArray<readonly [string, string]>]

/**
 * One `ELEVE` element: its `ELEVE_ID` attribute and its children in file order.
 *
 * @since 0.1.0
 */
export interface Eleve {
  readonly id: string
  readonly fields: ReadonlyArray<Field>
}

/**
 * One `STRUCTURE` of a `STRUCTURES_ELEVE`: a division (`D`) or a group (`G`).
 *
 * @since 0.1.0
 */
export interface Structure {
  readonly code: string
  readonly type: string
}

/**
 * One `STRUCTURES_ELEVE` element.
 *
 * @since 0.1.0
 */
export interface StructuresEleve {
  readonly eleveId: string
  readonly structures: ReadonlyArray<Structure>
}

/**
 * A SIECLE export as a model. `uai` or `schoolYear` `undefined` leaves the element out.
 *
 * @since 0.1.0
 */
export interface SiecleDocument {
  readonly uai: string | undefined
  readonly schoolYear: string | undefined
  readonly eleves: ReadonlyArray<Eleve>
  readonly structures: ReadonlyArray<StructuresEleve>
}

/**
 * The encodings the generator writes.
 *
 * @since 0.1.0
 */
export type GeneratedEncoding = "ISO-8859-15" | "UTF-8"

// ---------------------------------------------------------------------------------------------------------------
// Rendering and encoding

const escapeText = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, "&quot;")

const element = (name: string, value: string): string =>
  value === "" ? `<${name}/>` : `<${name}>${escapeText(value)}</${name}>`

/**
 * The XML text of a document, laid out as SIECLE writes it (one element per line, no indentation).
 *
 * @since 0.1.0
 */
export const render = (document: SiecleDocument, encoding: GeneratedEncoding = "ISO-8859-15"): string => {
  const lines: Array<string> = [`<?xml version="1.0" encoding="${encoding}"?>`, `<BEE_ELEVES VERSION="3.1">`]
  lines.push("<PARAMETRES>")
  if (document.uai !== undefined) lines.push(element("UAJ", document.uai))
  if (document.schoolYear !== undefined) lines.push(element("ANNEE_SCOLAIRE", document.schoolYear))
  lines.push("<DATE_EXPORT>15/09/2025</DATE_EXPORT>", "<HORODATAGE>15/09/2025 08:42:17</HORODATAGE>")
  lines.push("</PARAMETRES>", "<DONNEES>", "<ELEVES>")
  for (const eleve of document.eleves) {
    lines.push(`<ELEVE ELEVE_ID="${escapeAttribute(eleve.id)}" ELENOET="${escapeAttribute(eleve.id)}">`)
    for (const [name, value] of eleve.fields) {
      if (typeof value === "string") lines.push(element(name, value))
      else lines.push(`<${name}>${value.map(([child, text]) => element(child, text)).join("")}</${name}>`)
    }
    lines.push("</ELEVE>")
  }
  lines.push("</ELEVES>", "<OPTIONS>")
  for (const eleve of document.eleves.slice(0, Math.ceil(document.eleves.length / 2))) {
    lines.push(
      `<OPTION ELEVE_ID="${escapeAttribute(eleve.id)}" ELENOET="${escapeAttribute(eleve.id)}">`,
      "<OPTIONS_ELEVE><NUM_OPTION>1</NUM_OPTION><CODE_MODALITE_ELECT>O</CODE_MODALITE_ELECT><CODE_MATIERE>030201</CODE_MATIERE></OPTIONS_ELEVE>",
      "</OPTION>"
    )
  }
  lines.push("</OPTIONS>", "<STRUCTURES>")
  for (const entry of document.structures) {
    lines.push(
      `<STRUCTURES_ELEVE ELEVE_ID="${escapeAttribute(entry.eleveId)}" ELENOET="${escapeAttribute(entry.eleveId)}">`
    )
    for (const structure of entry.structures) {
      lines.push(
        `<STRUCTURE>${element("CODE_STRUCTURE", structure.code)}${element("TYPE_STRUCTURE", structure.type)}</STRUCTURE>`
      )
    }
    lines.push("</STRUCTURES_ELEVE>")
  }
  lines.push("</STRUCTURES>", "</DONNEES>", "</BEE_ELEVES>", "")
  return lines.join("\r\n")
}

// The eight code points where ISO-8859-15 differs from ISO-8859-1.
const latin9: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0xa4],
  [0x0160, 0xa6],
  [0x0161, 0xa8],
  [0x017d, 0xb4],
  [0x017e, 0xb8],
  [0x0152, 0xbc],
  [0x0153, 0xbd],
  [0x0178, 0xbe]
])
const replacedByLatin9 = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe])

/**
 * Encodes text in ISO-8859-15 (throws on a character that encoding cannot hold: the generator never makes one).
 *
 * @since 0.1.0
 */
export const encodeLatin9 = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length)
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    const mapped = latin9.get(code) ?? (code < 0x100 && !replacedByLatin9.has(code) ? code : undefined)
    if (mapped === undefined) throw new RangeError(`U+${code.toString(16)} has no ISO-8859-15 byte`)
    bytes[index] = mapped
  }
  return bytes
}

/**
 * Encodes XML text in the given encoding (the prolog is not rewritten).
 *
 * @since 0.1.0
 */
export const encode = (text: string, encoding: GeneratedEncoding): Uint8Array =>
  encoding === "UTF-8" ? new TextEncoder().encode(text) : encodeLatin9(text)

/**
 * A zip archive of the given entries (name → bytes), deflated, as a school's archiver would make it.
 *
 * @since 0.1.0
 */
export const zip = (entries: Readonly<Record<string, Uint8Array>>): Uint8Array => zipSync({ ...entries }, { level: 6 })

// ---------------------------------------------------------------------------------------------------------------
// Students

/**
 * What a student of the generated school is, and thus what a reader must do with him.
 *
 * @since 0.1.0
 */
export type Kind = "present" | "left" | "notArrived" | "noStructures" | "groupsOnly" | "inactive"

/**
 * The elements of a valid, present, French-born student, in SIECLE's order. Tests override some.
 *
 * @since 0.1.0
 */
export interface StudentFields {
  readonly ID_NATIONAL?: string | null
  readonly NOM_DE_FAMILLE?: string | null
  readonly NOM_USAGE?: string | null
  readonly PRENOM?: string | null
  readonly PRENOM2?: string | null
  readonly PRENOM3?: string | null
  readonly DATE_NAISS?: string | null
  readonly CODE_PAYS?: string | null
  readonly DATE_SORTIE?: string | null
  readonly CODE_MEF?: string | null
  readonly CODE_SEXE?: string | null
  readonly CODE_DEPARTEMENT_NAISS?: string | null
  readonly CODE_COMMUNE_INSEE_NAISS?: string | null
  readonly VILLE_NAISS?: string | null
  readonly CODE_STATUT?: string | null
}

const fieldOrder = [
  "ID_NATIONAL",
  "ELENOET",
  "NOM_DE_FAMILLE",
  "NOM_USAGE",
  "PRENOM",
  "PRENOM2",
  "PRENOM3",
  "DATE_NAISS",
  "DOUBLEMENT",
  "CODE_PAYS",
  "ACCEPTE_SMS",
  "CODE_REGIME",
  "DATE_ENTREE",
  "DATE_SORTIE",
  "CODE_MOTIF_SORTIE",
  "CODE_MEF",
  "CODE_SEXE",
  "CODE_DEPARTEMENT_NAISS",
  "CODE_COMMUNE_INSEE_NAISS",
  "VILLE_NAISS",
  "CODE_STATUT"
] as const

/**
 * An `ELEVE` from its fields (`null` or absent leaves an element out), with SIECLE's other elements around them.
 *
 * @since 0.1.0
 */
export const eleve = (id: string, fields: StudentFields): Eleve => {
  const values: Record<string, string | null | undefined> = {
    ELENOET: id,
    DOUBLEMENT: "0",
    ACCEPTE_SMS: "0",
    CODE_REGIME: "2",
    DATE_ENTREE: "01/09/2025",
    CODE_MOTIF_SORTIE: fields.DATE_SORTIE == null ? null : "2",
    ...fields
  }
  const out: Array<Field> = []
  for (const name of fieldOrder) {
    const value = values[name]
    if (value !== null && value !== undefined) out.push([name, value])
  }
  out.push([
    "SCOLARITE_AN_DERNIER",
    [
      ["CODE_MEF", "10010012110"],
      ["CODE_RNE", "0331234X"],
      ["DENOM_PRINC", "ECOLE ELEMENTAIRE PUBLIQUE"]
    ]
  ])
  return { id, fields: out }
}

/**
 * A valid student: Camille Dupont, born in Bordeaux on 14/03/2012, in 6A. Override what a test needs.
 *
 * @since 0.1.0
 */
export const validStudent = (ine: string, overrides: StudentFields = {}): StudentFields => ({
  ID_NATIONAL: ine,
  NOM_DE_FAMILLE: "DUPONT",
  PRENOM: "Camille",
  DATE_NAISS: "14/03/2012",
  CODE_PAYS: "100",
  CODE_MEF: "10010012110",
  CODE_SEXE: "2",
  CODE_DEPARTEMENT_NAISS: "033",
  CODE_COMMUNE_INSEE_NAISS: "33063",
  CODE_STATUT: "ST",
  ...overrides
})

/**
 * A division `D` structure list, as most students have.
 *
 * @since 0.1.0
 */
export const inDivision = (eleveId: string, division: string): StructuresEleve => ({
  eleveId,
  structures: [{ code: division, type: "D" }]
})

// ---------------------------------------------------------------------------------------------------------------
// Seeded school generator

/** mulberry32: small, fast, good enough to pick names; deterministic for a seed. */
const random = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const familyNames = [
  "MARTIN",
  "BERNARD",
  "DUBOIS",
  "LEFÈVRE",
  "MOREAU",
  "FRANÇOIS",
  "N'DIAYE",
  "D'ALMEIDA",
  "LE GOFF",
  "MARTIN-DUBOIS",
  "CŒURDEROY",
  "LŒUILLET",
  "BŒUF",
  "ŒUVRARD",
  "ŠIMEK",
  "ŽIVKOVIC",
  "DE L'HAŸ",
  "GÉRARD",
  "BENOÎT",
  "MÜLLER",
  "NGUYEN",
  "TRAORÉ",
  "ÇELIK",
  "SAINT-EXUPÉRY",
  "LAFORÊT",
  "DUPRÉ-LAMBERT",
  "O'CONNOR",
  "ÉLOI",
  "ROUSSEAU",
  "HAÏDARA"
]
const girls = [
  "Zoé",
  "Chloé",
  "Anaïs",
  "Léa",
  "Maëlle",
  "Inès",
  "Hélène",
  "Lœtitia",
  "Noémie",
  "Marie-Ève",
  "Šárka",
  "Žofia",
  "Joséphine",
  "Cécile",
  "Aïcha",
  "Bérénice",
  "Françoise",
  "Gaëlle"
]
const boys = [
  "Noël",
  "Maël",
  "Jérôme",
  "Jean-Baptiste",
  "François",
  "Loïc",
  "Benoît",
  "Stéphane",
  "Raphaël",
  "Énzo",
  "Anatole",
  "Ömer",
  "Mathéo",
  "Joël",
  "Pierre-Étienne",
  "Zoltán",
  "Štepán",
  "D'Artagnan"
]
const frenchBirthPlaces = [
  ["033", "33063", "BORDEAUX"],
  ["075", "75056", "PARIS"],
  ["069", "69123", "LYON"],
  ["013", "13055", "MARSEILLE"],
  ["02B", "2B033", "BASTIA"],
  ["059", "59350", "LILLE"],
  ["974", "97411", "SAINT-DENIS"]
] as const
const foreignBirthPlaces = [
  ["350", "CASABLANCA"],
  ["352", "ALGER"],
  ["139", "PORTO"],
  ["109", "KÖLN"],
  ["132", "GENÈVE"],
  ["127", "ROMA"],
  ["351", "TUNIS"]
] as const
const levels = [
  { level: "6", mef: "10010012110", year: 2014 },
  { level: "5", mef: "10110001110", year: 2013 },
  { level: "4", mef: "10210001110", year: 2012 },
  { level: "3", mef: "10310019110", year: 2011 }
] as const

/**
 * Options of `generateSchool`. Every count is deterministic from `seed`.
 *
 * @since 0.1.0
 */
export interface GenerateOptions {
  readonly seed: number
  /** Number of `ELEVE` elements (every kind of student included). */
  readonly students: number
  readonly uai?: string
  readonly schoolYear?: string
}

/**
 * A generated school: the document, and what a reader must return for it.
 *
 * @since 0.1.0
 */
export interface GeneratedSchool {
  readonly document: SiecleDocument
  readonly kinds: ReadonlyArray<Kind>
  readonly expected: {
    readonly students: ReadonlyArray<StudentRecord>
    readonly report: ImportReport
  }
}

const pickKind = (draw: number): Kind => {
  if (draw < 0.04) return "left"
  if (draw < 0.06) return "notArrived"
  if (draw < 0.07) return "noStructures"
  if (draw < 0.08) return "groupsOnly"
  if (draw < 0.09) return "inactive"
  return "present"
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0")

/**
 * A school of `students` pupils over four collège levels: French names with accents, hyphens, apostrophes, œ and
 * the characters ISO-8859-15 adds (Œ, Š, Ž, Ÿ); second and third first names; usage names; students born
 * abroad; apprentices; leavers (`DATE_SORTIE`); students not arrived yet (no `ID_NATIONAL`); students with no
 * division, groups only, or the `Inactifs` division; a few who changed class (two `D` structures, the last wins).
 *
 * @since 0.1.0
 */
export const generateSchool = (options: GenerateOptions): GeneratedSchool => {
  const next = random(options.seed)
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)] as A
  const eleves: Array<Eleve> = []
  const structures: Array<StructuresEleve> = []
  const kinds: Array<Kind> = []
  const records: Array<StudentRecord> = []
  const skipped = { left: 0, notArrived: 0, noDivision: 0 }
  // The report's list: leavers and not-yet-arrived in file order, then those with no division.
  const skippedEarly: Array<SkippedStudent> = []
  const skippedLate: Array<SkippedStudent> = []
  const divisionsPerLevel = Math.max(1, Math.ceil(options.students / 4 / 28))
  for (let index = 0; index < options.students; index++) {
    const id = String(100000 + index)
    const kind = pickKind(next())
    const girl = next() < 0.5
    const first = girl ? girls : boys
    const level = pick(levels)
    const divisionIndex = Math.floor(next() * divisionsPerLevel)
    const division = `${level.level}${String.fromCharCode(65 + (divisionIndex % 26))}${divisionIndex >= 26 ? Math.floor(divisionIndex / 26) : ""}`
    const foreign = next() < 0.08
    const place = pick(frenchBirthPlaces)
    const abroad = pick(foreignBirthPlaces)
    const birthdate = `${pad(1 + Math.floor(next() * 28), 2)}/${pad(1 + Math.floor(next() * 12), 2)}/${level.year - (next() < 0.1 ? 1 : 0)}`
    const fields: StudentFields = {
      // Ten digits and a letter, unique in the file thanks to the index.
      ID_NATIONAL:
        kind === "notArrived"
          ? null
          : `${pad(Math.floor(next() * 1e5), 5)}${pad(index, 5)}${String.fromCharCode(65 + Math.floor(next() * 26))}`,
      NOM_DE_FAMILLE: pick(familyNames),
      NOM_USAGE: next() < 0.1 ? pick(familyNames) : next() < 0.05 ? "" : null,
      PRENOM: pick(first),
      PRENOM2: next() < 0.45 ? pick(first) : null,
      PRENOM3: next() < 0.15 ? pick(first) : null,
      DATE_NAISS: birthdate,
      CODE_PAYS: foreign ? abroad[0] : "100",
      DATE_SORTIE: kind === "left" ? "03/11/2025" : null,
      CODE_MEF: level.mef,
      CODE_SEXE: girl ? "2" : "1",
      CODE_DEPARTEMENT_NAISS: foreign ? "99" : place[0],
      CODE_COMMUNE_INSEE_NAISS: foreign ? null : place[1],
      VILLE_NAISS: foreign ? abroad[1] : null,
      CODE_STATUT: next() < 0.03 ? "AP" : "ST"
    }
    eleves.push(eleve(id, fields))
    kinds.push(kind)
    const groups: Array<Structure> = next() < 0.5 ? [{ code: `${division}_LV2`, type: "G" }] : []
    let finalDivision: string | null = division
    if (kind === "noStructures") finalDivision = null
    else if (kind === "groupsOnly") {
      structures.push({ eleveId: id, structures: [{ code: `${level.level}_LATIN`, type: "G" }] })
      finalDivision = null
    } else if (kind === "inactive") {
      structures.push({ eleveId: id, structures: [{ code: "Inactifs", type: "D" }, ...groups] })
      finalDivision = null
    } else if (next() < 0.01) {
      // Changed class during the year: SIECLE lists both divisions, the last one read is the current one.
      structures.push({
        eleveId: id,
        structures: [{ code: `${level.level}Z`, type: "D" }, ...groups, { code: division, type: "D" }]
      })
    } else structures.push({ eleveId: id, structures: [{ code: division, type: "D" }, ...groups] })
    const skippedStudent = (reason: SkippedStudent["reason"], shown: string | null): SkippedStudent => ({
      reason,
      nationalStudentId: fields.ID_NATIONAL ?? null,
      lastName: fields.NOM_DE_FAMILLE ?? "",
      firstName: fields.PRENOM ?? "",
      division: shown,
      leftOn: reason === "LEFT" ? "2025-11-03" : null
    })
    // The class SIECLE shows for a skipped student: the last `D` structure written for him.
    const written = structures.at(-1)?.eleveId === id ? structures.at(-1)?.structures : undefined
    const lastD = written?.filter((structure) => structure.type === "D").at(-1)?.code ?? null
    if (kind === "left") {
      if (skipped.left++ < 1_000) skippedEarly.push(skippedStudent("LEFT", lastD))
    } else if (kind === "notArrived") {
      if (skipped.notArrived++ < 1_000) skippedEarly.push(skippedStudent("NO_INE", lastD))
    } else if (finalDivision === null) {
      if (skipped.noDivision++ < 1_000) skippedLate.push(skippedStudent("NO_DIVISION", lastD))
    } else records.push(toRecord(fields, finalDivision))
  }
  return {
    document: { uai: options.uai ?? "0331234X", schoolYear: options.schoolYear ?? "2025", eleves, structures },
    kinds,
    expected: {
      students: records,
      report: {
        read: options.students,
        importable: records.length,
        skipped,
        structuresIgnored: skipped.left + skipped.notArrived,
        skippedStudents: [...skippedEarly, ...skippedLate]
      }
    }
  }
}

const toRecord = (fields: StudentFields, division: string): StudentRecord => {
  const [day, month, year] = (fields.DATE_NAISS ?? "").split("/")
  return {
    nationalStudentId: fields.ID_NATIONAL ?? "",
    lastName: fields.NOM_DE_FAMILLE ?? "",
    preferredLastName: fields.NOM_USAGE ?? null,
    firstName: fields.PRENOM ?? "",
    middleName: fields.PRENOM2 ?? null,
    thirdName: fields.PRENOM3 ?? null,
    sex: fields.CODE_SEXE === "1" ? "M" : fields.CODE_SEXE === "2" ? "F" : null,
    birthdate: `${year}-${month}-${day}`,
    birthCountryCode: fields.CODE_PAYS ?? null,
    birthProvinceCode: fields.CODE_DEPARTEMENT_NAISS ?? null,
    birthCityCode: fields.CODE_COMMUNE_INSEE_NAISS ?? null,
    birthCity: fields.VILLE_NAISS ?? null,
    MEFCode: fields.CODE_MEF ?? null,
    status: fields.CODE_STATUT ?? null,
    division
  }
}

/**
 * A generated SIECLE file as bytes, with what a reader must return for it.
 *
 * @since 0.1.0
 */
export const generateFile = (
  options: GenerateOptions & { readonly encoding?: GeneratedEncoding }
): GeneratedSchool & { readonly bytes: Uint8Array } => {
  const school = generateSchool(options)
  const encoding = options.encoding ?? "ISO-8859-15"
  return { ...school, bytes: encode(render(school.document, encoding), encoding) }
}

/**
 * Hostile files with the answer a bounded reader must give (`hostileFiles`).
 *
 * @since 0.1.0
 */
export * as Hostile from "./hostile.ts"
