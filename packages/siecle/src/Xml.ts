/**
 * Hardened XML reading of a SIECLE document, element by element.
 *
 * The whole text is first refused if it declares a DTD or entities (no billion laughs, no quadratic blowup, no
 * external entity: nothing is expanded but the five predefined entities and character references), then checked
 * for well-formedness by fast-xml-parser's validator, which builds no tree. A light scanner then walks the tags
 * with a stack and hands each element Pix reads (`PARAMETRES/UAJ`, `PARAMETRES/ANNEE_SCOLAIRE`,
 * `DONNEES/* /ELEVE`, `DONNEES/* /STRUCTURES_ELEVE`) to fast-xml-parser, in document order. Only one element's
 * tree is alive at a time, so memory stays near the size of the text itself, as with Pix's streaming reader.
 *
 * @since 0.1.0
 */
import { XMLParser, XMLValidator } from "fast-xml-parser"

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

const MAX_DEPTH = 64
// The rest of a start tag: attributes (quoted values may hold `>`), then `>` or `/>`.
const TAG_REST = /[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/y
const NAME_END = /[\s/>]/

const kindOf = (stack: ReadonlyArray<string>, name: string): ElementKind | undefined => {
  if (stack[0] !== "BEE_ELEVES") return undefined
  if (stack.length === 2 && stack[1] === "PARAMETRES" && (name === "UAJ" || name === "ANNEE_SCOLAIRE")) return name
  if (stack.length === 3 && stack[1] === "DONNEES" && (name === "ELEVE" || name === "STRUCTURES_ELEVE")) return name
  return undefined
}

/**
 * Walks a well-formed document and calls `onElement` for each element Pix reads, in document order, with the
 * element parsed by fast-xml-parser. `prepare` may rewrite an element's text before parsing (encoding fix-up).
 * Throws `Malformed` when the document is not well-formed.
 *
 * @since 0.1.0
 */
export const walk = (
  text: string,
  onElement: (kind: ElementKind, element: ParsedElement) => void,
  prepare: (xml: string) => string = (xml) => xml
): void => {
  if (XMLValidator.validate(text) !== true) throw new Malformed()
  const stack: Array<string> = []
  let open: { kind: ElementKind; start: number; depth: number } | undefined
  let roots = 0
  let position = 0
  for (;;) {
    const lt = text.indexOf("<", position)
    if (lt < 0) break
    const next = text.charCodeAt(lt + 1)
    if (next === 0x21 /* ! */) {
      const close = text.startsWith("<!--", lt) ? "-->" : text.startsWith("<![CDATA[", lt) ? "]]>" : ">"
      const end = text.indexOf(close, lt + 2)
      if (end < 0) throw new Malformed()
      position = end + close.length
    } else if (next === 0x3f /* ? */) {
      const end = text.indexOf("?>", lt + 2)
      if (end < 0) throw new Malformed()
      position = end + 2
    } else if (next === 0x2f /* / */) {
      const end = text.indexOf(">", lt + 2)
      if (end < 0 || stack.pop() !== text.slice(lt + 2, end).trim()) throw new Malformed()
      position = end + 1
      if (open !== undefined && stack.length === open.depth) {
        onElement(open.kind, parseElement(prepare(text.slice(open.start, position)), open.kind))
        open = undefined
      }
    } else {
      TAG_REST.lastIndex = lt + 1
      if (!TAG_REST.test(text)) throw new Malformed()
      const end = TAG_REST.lastIndex
      const tag = text.slice(lt + 1, end - 1)
      const nameEnd = tag.search(NAME_END)
      const name = nameEnd < 0 ? tag : tag.slice(0, nameEnd)
      const selfClosing = tag.endsWith("/")
      if (stack.length === 0 && ++roots > 1) throw new Malformed()
      position = end
      const kind = open === undefined ? kindOf(stack, name) : undefined
      if (selfClosing) {
        if (kind !== undefined) onElement(kind, parseElement(prepare(text.slice(lt, end)), kind))
      } else {
        if (kind !== undefined) open = { kind, start: lt, depth: stack.length }
        stack.push(name)
        if (stack.length > MAX_DEPTH) throw new Malformed()
      }
    }
  }
  if (stack.length > 0 || roots !== 1) throw new Malformed()
}

const parseElement = (xml: string, name: string): ParsedElement => {
  try {
    const parsed: Record<string, unknown> = parser.parse(xml)
    const element = parsed[name]
    return typeof element === "string" || (typeof element === "object" && element !== null)
      ? (element as ParsedElement)
      : ""
  } catch {
    throw new Malformed()
  }
}
