/**
 * Hardened XML reading of a SIECLE document, element by element.
 *
 * The whole text is first refused if it declares a DTD or entities (no billion laughs, no quadratic blowup, no
 * external entity: nothing is expanded but the five predefined entities and character references). A light scanner
 * then walks the tags with a stack, checks the well-formedness of every record of `DONNEES` itself (with
 * fast-xml-parser's validator's rules) and hands each element Pix reads (`PARAMETRES/UAJ`,
 * `PARAMETRES/ANNEE_SCOLAIRE`, `DONNEES/* /ELEVE`, `DONNEES/* /STRUCTURES_ELEVE`) to fast-xml-parser, in document
 * order, without the children the rules never read. What remains of the document goes through fast-xml-parser's
 * validator. Only one element's tree is alive at a time, so memory stays near the size of the text itself, as with
 * Pix's streaming reader.
 *
 * @since 0.1.0
 */
import { XMLParser, XMLValidator } from "fast-xml-parser"
import * as Limits from "./Limits.ts"

/**
 * fast-xml-parser options for one element: every value kept as a string (`033` stays `033`), attributes kept
 * under `@_` (SIECLE has both an `ELENOET` attribute and an `ELENOET` child), entities limited as STACK.md says,
 * character references decoded but no HTML entity, bounded nesting.
 *
 * @since 0.1.0
 */
export const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  // The five XML entities and nothing else. Given as a table rather than `false` because fast-xml-parser decodes
  // character references (`&#233;`) only when `htmlEntities` is truthy; `true` would add HTML's named entities.
  htmlEntities: { amp: "&", apos: "'", gt: ">", lt: "<", quot: '"' } as unknown as boolean,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
  // No callback reads paths: skip building jPath strings for every tag.
  jPath: false,
  processEntities: {
    enabled: true,
    maxEntityCount: 16,
    maxEntitySize: 1024,
    maxExpandedLength: 10000,
    maxTotalExpansions: 100
  }
} as const

// The elements the rules read; fast-xml-parser drops every other one from its output (`updateTag` → false),
// which spares building objects for the dozen other children of an ELEVE (SCOLARITE_AN_DERNIER, DOUBLEMENT...).
const readElements = new Set([
  "UAJ",
  "ANNEE_SCOLAIRE",
  "ELEVE",
  "ID_NATIONAL",
  "NOM_DE_FAMILLE",
  "NOM_USAGE",
  "PRENOM",
  "PRENOM2",
  "PRENOM3",
  "CODE_SEXE",
  "DATE_NAISS",
  "CODE_PAYS",
  "CODE_DEPARTEMENT_NAISS",
  "CODE_COMMUNE_INSEE_NAISS",
  "VILLE_NAISS",
  "CODE_MEF",
  "CODE_STATUT",
  "DATE_SORTIE",
  "STRUCTURES_ELEVE",
  "STRUCTURE",
  "CODE_STRUCTURE",
  "TYPE_STRUCTURE"
])

const parser = new XMLParser({
  ...parserOptions,
  updateTag: (name: string) => (readElements.has(name) ? name : false)
})

/**
 * Whether the text declares a document type or an entity (refused before any parsing).
 *
 * @since 0.1.0
 */
export const declaresEntities = (text: string): boolean => /<!\s*(?:DOCTYPE|ENTITY)/i.test(text)

/**
 * Where an element sits, as Pix's XPaths see it.
 *
 * @since 0.1.0
 */
export type ElementKind = "UAJ" | "ANNEE_SCOLAIRE" | "ELEVE" | "STRUCTURES_ELEVE"

/**
 * A parsed element: its attributes and children as fast-xml-parser gives them (strings, objects, arrays).
 *
 * @since 0.1.0
 */
export type ParsedElement = Readonly<Record<string, unknown>> | string

/**
 * The document is not well-formed XML.
 *
 * @since 0.1.0
 */
export class Malformed extends Error {}

/**
 * A cap of `Limits` was reached: the file is refused with `code` and `meta` (see `SiecleError`).
 *
 * @category errors
 * @since 0.1.0
 */
export class Exceeded extends Error {
  readonly code: "TOO_MANY_STUDENTS" | "FIELD_TOO_LONG" | "RECORD_TOO_LARGE" | "TOO_MANY_CHARACTER_REFERENCES"
  readonly meta: Record<string, string>
  constructor(code: Exceeded["code"], meta: Record<string, string>) {
    super(code)
    this.code = code
    this.meta = meta
  }
}

const MAX_DEPTH = 64
// The rest of a start tag outside the records: attributes (quoted values may hold `>`), then `>` or `/>`. Linear:
// each run is followed by a character it cannot hold, so nothing is ever matched two ways.
const TAG_REST = /[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/y
const NAME_END = /[\s/>]/
// What XMLValidator accepts as a tag or attribute name (its own pattern). Only ever matched sticky, at one
// position: one pass over the name, no backtracking into what follows.
const NAME_PATTERN =
  "[:A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD]" +
  "[:A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*"
const NAME = new RegExp(NAME_PATTERN, "y")
const SPACES = /^[ \t\r\n]*$/
// An entity or character reference, as XMLValidator accepts them (a bare `&` is not well-formed). Tried sticky
// at each `&` only, so each character is looked at once.
const REFERENCE = /&(?:\w{1,20}|#\d+|#x[\da-fA-F]+);/y
// Stands for each element taken out of the skeleton, so the text around it cannot run together.
const PLACEHOLDER = "<_/>"

const kindOf = (stack: ReadonlyArray<string>, name: string): ElementKind | undefined => {
  if (stack[0] !== "BEE_ELEVES") return undefined
  if (stack.length === 2 && stack[1] === "PARAMETRES" && (name === "UAJ" || name === "ANNEE_SCOLAIRE")) return name
  if (stack.length === 3 && stack[1] === "DONNEES" && (name === "ELEVE" || name === "STRUCTURES_ELEVE")) return name
  return undefined
}

/** An element Pix reads, being scanned: where it starts, and the spans of it to hand to the parser. */
interface OpenElement {
  // `undefined` for the other records of `DONNEES` (`OPTIONS_ELEVE`...): checked, not parsed.
  readonly kind: ElementKind | undefined
  readonly start: number
  readonly depth: number
  // `from, to` pairs of positions in the text.
  readonly spans: Array<number>
  // Where the text still to hand to the parser starts (children the rules never read are left out).
  from: number
  // Where the unread child being skipped starts, if any.
  skipping: number
  // Elements and attributes seen in the record so far.
  items: number
}

/**
 * The caps `walk` applies (a subset of `Limits.Limits`).
 *
 * @category models
 * @since 0.1.0
 */
export interface WalkLimits {
  readonly maxStudents: number
  readonly maxFieldLength: number
  readonly maxRecordLength: number
  readonly maxItemsPerRecord: number
  readonly maxReferencesPerValue: number
  readonly maxReferencesPerFile: number
  readonly maxSkeletonLength: number
}

/** The walk's running state shared with `checkStartTag`: the caps, the references counted, where a tag ended. */
interface Budget {
  readonly limits: WalkLimits
  references: number
  // Just past the `>` of the last start tag `checkStartTag` read.
  tagEnd: number
}

const fieldTooLong = (limits: WalkLimits) =>
  new Exceeded("FIELD_TOO_LONG", { maxLength: String(limits.maxFieldLength) })
const recordTooLarge = (limits: WalkLimits) =>
  new Exceeded("RECORD_TOO_LARGE", {
    maxItems: String(limits.maxItemsPerRecord),
    maxLength: String(limits.maxRecordLength)
  })
const tooManyReferences = (limits: WalkLimits) =>
  new Exceeded("TOO_MANY_CHARACTER_REFERENCES", {
    maxPerValue: String(limits.maxReferencesPerValue),
    maxPerFile: String(limits.maxReferencesPerFile)
  })

/** Counts `found` references of one value against the per-value and per-file caps. */
const countReferences = (budget: Budget, found: number): void => {
  budget.references += found
  if (found > budget.limits.maxReferencesPerValue || budget.references > budget.limits.maxReferencesPerFile) {
    throw tooManyReferences(budget.limits)
  }
}

/**
 * Walks a document and calls `onElement` for each element Pix reads, in document order, with the element parsed
 * by fast-xml-parser. `prepare` may rewrite an element's text before parsing (encoding fix-up). Throws
 * `Malformed` when the document is not well-formed, `Exceeded` when it passes one of `limits`.
 *
 * Well-formedness is checked in two parts so that no character is checked twice: the elements Pix reads (nearly
 * all of the file) are checked by this scanner as it goes (names, attributes, references, balanced tags,
 * comments and processing instructions) and then parsed; the rest of the document (prolog, root, `PARAMETRES`,
 * the containers), with each of those elements replaced by an empty one, goes through `XMLValidator` at the end.
 * The children of an element that the rules never read (`SCOLARITE_AN_DERNIER`, `DOUBLEMENT`...) are checked but
 * not handed to the parser.
 *
 * The work is linear in the text: the scanner moves forward only (`indexOf` and sticky patterns that match one
 * run of one character class), and every cap is checked before the work it bounds (a record's size before it is
 * parsed, a value's length before its characters are checked, the student count at the record's start tag), so
 * fast-xml-parser and `XMLValidator` only ever see bounded pieces.
 *
 * @since 0.1.0
 */
export const walk = (
  text: string,
  onElement: (kind: ElementKind, element: ParsedElement) => void,
  prepare: (xml: string) => string = (xml) => xml,
  limits: WalkLimits = Limits.defaults
): void => {
  // A flood of students is refused before any record is parsed (the walk counts them exactly as well).
  if (moreStartTags(text, "ELEVE", limits.maxStudents)) throw tooManyStudents(limits)
  const budget: Budget = { limits, references: 0, tagEnd: 0 }
  const stack: Array<string> = []
  const skeleton: Array<string> = []
  let skeletonLength = 0
  let skeletonFrom = 0
  let open: OpenElement | undefined
  let roots = 0
  let position = 0
  let eleves = 0
  let structures = 0
  // The next `&` not yet checked (-1: none left); found lazily so the text is searched once in all.
  let nextAmpersand = text.indexOf("&")
  const toSkeleton = (piece: string) => {
    skeletonLength += piece.length
    // Not a SIECLE export's layout: refused before XMLValidator is given it.
    if (skeletonLength > limits.maxSkeletonLength) throw new Malformed()
    skeleton.push(piece)
  }
  const record = (element: OpenElement, end: number) => {
    // Between two records there is usually only a line break: one placeholder stands for the whole run, so the
    // skeleton stays a few hundred bytes whatever the number of students.
    if (!spacesOnly(text, skeletonFrom, element.start)) {
      toSkeleton(text.slice(skeletonFrom, element.start))
      toSkeleton(PLACEHOLDER)
    }
    skeletonFrom = end
    if (element.kind === undefined) return
    element.spans.push(element.from, end)
    const { spans } = element
    let xml = text.slice(spans[0], spans[1])
    for (let span = 2; span < spans.length; span += 2) xml += text.slice(spans[span], spans[span + 1])
    onElement(element.kind, parseElement(prepare(xml), element.kind))
  }
  for (;;) {
    const lt = text.indexOf("<", position)
    if (lt < 0) break
    if (open !== undefined) {
      if (lt - position > limits.maxFieldLength) throw fieldTooLong(limits)
      if (lt - open.start > limits.maxRecordLength) throw recordTooLarge(limits)
      // Text inside an element read: every `&` must start a reference.
      if (nextAmpersand >= 0 && nextAmpersand < position) nextAmpersand = text.indexOf("&", position)
      let references = 0
      while (nextAmpersand >= 0 && nextAmpersand < lt) {
        REFERENCE.lastIndex = nextAmpersand
        if (!REFERENCE.test(text)) throw new Malformed()
        references++
        nextAmpersand = text.indexOf("&", REFERENCE.lastIndex)
      }
      if (references > 0) countReferences(budget, references)
    }
    const next = text.charCodeAt(lt + 1)
    if (next === 0x21 /* ! */) {
      const comment = text.startsWith("<!--", lt)
      const cdata = !comment && text.startsWith("<![CDATA[", lt)
      if (open !== undefined && !comment && !cdata) throw new Malformed()
      const close = comment ? "-->" : cdata ? "]]>" : ">"
      const end = text.indexOf(close, lt + 2)
      if (end < 0) throw new Malformed()
      // A CDATA section is a value like any text.
      if (open !== undefined && cdata && end - lt - 9 > limits.maxFieldLength) throw fieldTooLong(limits)
      position = end + close.length
    } else if (next === 0x3f /* ? */) {
      const end = text.indexOf("?>", lt + 2)
      if (end < 0) throw new Malformed()
      if (open !== undefined) {
        NAME.lastIndex = lt + 2
        if (!NAME.test(text) || text.slice(lt + 2, NAME.lastIndex).toLowerCase() === "xml") throw new Malformed()
      }
      position = end + 2
    } else if (next === 0x2f /* / */) {
      const name = stack.pop()
      if (name === undefined) throw new Malformed()
      const nameEnd = lt + 2 + name.length
      if (text.charCodeAt(nameEnd) === 0x3e /* > */ && text.startsWith(name, lt + 2)) {
        // The usual closing tag, `</NAME>`: no slice, no search.
        position = nameEnd + 1
      } else {
        const end = text.indexOf(">", lt + 2)
        if (end < 0) throw new Malformed()
        const written = text.slice(lt + 2, end)
        if (open === undefined) {
          if (name !== written.trim()) throw new Malformed()
        } else if (!(written.startsWith(name) && SPACES.test(written.slice(name.length)))) {
          throw new Malformed()
        }
        position = end + 1
      }
      if (open !== undefined) {
        if (stack.length === open.depth) {
          if (position - open.start > limits.maxRecordLength) throw recordTooLarge(limits)
          record(open, position)
          open = undefined
        } else if (stack.length === open.depth + 1 && open.skipping >= 0) {
          open.spans.push(open.from, open.skipping)
          open.from = position
          open.skipping = -1
        }
      }
    } else if (open === undefined) {
      TAG_REST.lastIndex = lt + 1
      if (!TAG_REST.test(text)) throw new Malformed()
      const end = TAG_REST.lastIndex
      const tag = text.slice(lt + 1, end - 1)
      const nameEnd = tag.search(NAME_END)
      const name = nameEnd < 0 ? tag : tag.slice(0, nameEnd)
      if (stack.length === 0 && ++roots > 1) throw new Malformed()
      position = end
      const kind = kindOf(stack, name)
      const selfClosing = tag.endsWith("/")
      if (kind !== undefined || (stack.length === 3 && stack[1] === "DONNEES" && stack[0] === "BEE_ELEVES")) {
        // Counted at the start tag, before any of the record is checked or parsed.
        if (kind === "ELEVE" && ++eleves > limits.maxStudents) throw tooManyStudents(limits)
        if (kind === "STRUCTURES_ELEVE" && ++structures > limits.maxStudents) throw tooManyStudents(limits)
        open = { kind, start: lt, depth: stack.length, spans: [], from: lt, skipping: -1, items: 0 }
        checkStartTag(text, lt, open, budget)
      }
      if (selfClosing) {
        if (open !== undefined) {
          record(open, end)
          open = undefined
        }
      } else {
        stack.push(name)
        if (stack.length > MAX_DEPTH) throw new Malformed()
      }
    } else {
      const nameEnd = checkStartTag(text, lt, open, budget)
      const end = budget.tagEnd
      const name = text.slice(lt + 1, nameEnd)
      position = end
      const child = stack.length === open.depth + 1
      if (child && !readElements.has(name)) {
        if (text.charCodeAt(end - 2) === 0x2f /* / */) {
          open.spans.push(open.from, lt)
          open.from = end
        } else {
          open.skipping = lt
        }
      }
      if (text.charCodeAt(end - 2) !== 0x2f /* / */) {
        stack.push(name)
        if (stack.length > MAX_DEPTH) throw new Malformed()
      }
    }
  }
  if (stack.length > 0 || roots !== 1 || open !== undefined) throw new Malformed()
  toSkeleton(text.slice(skeletonFrom))
  if (XMLValidator.validate(skeleton.join("")) !== true) throw new Malformed()
}

const tooManyStudents = (limits: WalkLimits) => new Exceeded("TOO_MANY_STUDENTS", { max: String(limits.maxStudents) })

/**
 * Whether the text holds more than `max` start tags `<name` (followed by whitespace, `>` or `/`), wherever they
 * are: one `indexOf` pass, ~10 ms for 20 MB. Tags inside comments or CDATA count too, which only a made-up file
 * has; it is then refused with `TOO_MANY_STUDENTS` sooner than after parsing 50,000 records.
 */
const moreStartTags = (text: string, name: string, max: number): boolean => {
  const needle = `<${name}`
  let count = 0
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    const next = text.charCodeAt(at + needle.length)
    if ((isSpace(next) || next === 0x2f /* / */ || next === 0x3e) /* > */ && ++count > max) return true
  }
  return false
}

const spacesOnly = (text: string, from: number, to: number): boolean => {
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index)
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return false
  }
  return true
}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09

/**
 * Checks a start tag inside a record as XMLValidator would (a valid name, `name="value"` attributes separated
 * by whitespace, no `<` in a value, no name twice, then `>` or `/>`), counts its element and attributes against
 * the record's cap and the references of its values, and returns where its name ends; `budget.tagEnd` is then
 * just past the tag.
 *
 * One pass, left to right, by hand: it replaced two regular expressions, one of which (finding attribute names
 * with a global search) took time quadratic in the length of an attribute value.
 */
const checkStartTag = (text: string, lt: number, open: OpenElement, budget: Budget): number => {
  const { limits } = budget
  if (++open.items > limits.maxItemsPerRecord) throw recordTooLarge(limits)
  NAME.lastIndex = lt + 1
  if (!NAME.test(text)) throw new Malformed()
  const nameEnd = NAME.lastIndex
  let at = nameEnd
  let names: Set<string> | undefined
  for (;;) {
    let code = text.charCodeAt(at)
    if (code === 0x3e /* > */ || code === 0x2f /* / */) {
      if (code === 0x2f && text.charCodeAt(at + 1) !== 0x3e) throw new Malformed()
      budget.tagEnd = at + (code === 0x2f ? 2 : 1)
      // A megabyte-long name is not a field: the record's own length bounds it, before anything parses it.
      if (budget.tagEnd - open.start > limits.maxRecordLength) throw recordTooLarge(limits)
      return nameEnd
    }
    // An attribute, or the end of the tag, must follow whitespace.
    if (!isSpace(code)) throw new Malformed()
    while (isSpace(text.charCodeAt(at))) at++
    code = text.charCodeAt(at)
    if (code === 0x3e || code === 0x2f) continue
    if (++open.items > limits.maxItemsPerRecord) throw recordTooLarge(limits)
    NAME.lastIndex = at
    if (!NAME.test(text)) throw new Malformed()
    const name = text.slice(at, NAME.lastIndex)
    at = NAME.lastIndex
    while (isSpace(text.charCodeAt(at))) at++
    if (text.charCodeAt(at) !== 0x3d /* = */) throw new Malformed()
    at++
    while (isSpace(text.charCodeAt(at))) at++
    const quote = text.charCodeAt(at)
    if (quote !== 0x22 /* " */ && quote !== 0x27 /* ' */) throw new Malformed()
    const close = text.indexOf(quote === 0x22 ? '"' : "'", at + 1)
    if (close < 0) throw new Malformed()
    if (close - at - 1 > limits.maxFieldLength) throw fieldTooLong(limits)
    let references = 0
    for (let index = at + 1; index < close; index++) {
      const character = text.charCodeAt(index)
      if (character === 0x3c /* < */) throw new Malformed()
      // Counted, not checked: XMLValidator lets a bare `&` through in a value, and so does this scanner.
      if (character === 0x26 /* & */) references++
    }
    if (references > 0) countReferences(budget, references)
    names ??= new Set()
    if (names.has(name)) throw new Malformed()
    names.add(name)
    at = close + 1
  }
}

/**
 * Where a start tag inside a record ends (just past its `>`), or `undefined` when it is not well-formed, with
 * the checks and caps the walk applies to it. For tests: the property tests compare it with a reference.
 *
 * @category getters
 * @since 0.1.0
 */
export const startTagEnd = (text: string, lt: number, limits: WalkLimits = Limits.defaults): number | undefined => {
  const open: OpenElement = { kind: undefined, start: lt, depth: 0, spans: [], from: lt, skipping: -1, items: 0 }
  const budget: Budget = { limits, references: 0, tagEnd: 0 }
  try {
    checkStartTag(text, lt, open, budget)
    return budget.tagEnd
  } catch (error) {
    if (error instanceof Malformed) return undefined
    throw error
  }
}

// The UAJ is compared with the organization's UAI exactly, as Pix does (§1.5): its text keeps the spaces around
// it (the other values are trimmed, as fast-xml-parser does by default).
const untrimmedParser = new XMLParser({
  ...parserOptions,
  trimValues: false,
  updateTag: (name: string) => (readElements.has(name) ? name : false)
})

const parseElement = (xml: string, name: string): ParsedElement => {
  try {
    const parsed: Record<string, unknown> = (name === "UAJ" ? untrimmedParser : parser).parse(xml)
    const element = parsed[name]
    return typeof element === "string" || (typeof element === "object" && element !== null)
      ? (element as ParsedElement)
      : ""
  } catch {
    throw new Malformed()
  }
}
