/**
 * CSV writing as Pix Orga's exports need it (DECISIONS 6 of the spec): UTF-8 with a BOM, `;` as separator,
 * CRLF line ends, RFC 4180 quoting, and a guard against spreadsheet formula injection.
 *
 * Lines are produced one at a time so an export of any size streams without ever holding the whole file.
 *
 * @since 0.1.0
 */
import { French } from "@orga/domain"
import * as Stream from "effect/Stream"

/**
 * The byte order mark that opens every export, so spreadsheets read the file as UTF-8.
 *
 * @since 0.1.0
 */
export const bom = "\uFEFF"

/**
 * The separator between cells.
 *
 * @since 0.1.0
 */
export const separator = ";"

/**
 * The line end.
 *
 * @since 0.1.0
 */
export const lineEnd = "\r\n"

/**
 * A cell value before formatting: `null` / `undefined` become an empty cell.
 *
 * @since 0.1.0
 */
export type Cell = string | number | null | undefined

// A spreadsheet runs a cell starting with one of these as a formula (or as the start of one).
const formulaStart = /^[=+\-@\t\r]/
const needsQuotes = /[;"\r\n]/

// `=`, `+`, `-`, `@`, tab, carriage return: the formula starts, as char codes.
const isFormulaStart = (code: number): boolean =>
  code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13

/**
 * Whether a text goes into a cell as it is: no formula start, no separator, quote or line break. One scan of
 * char codes: most cells of an export (names, dates, classes) are plain, and a regular expression per cell was a
 * third of a 10,000-row export's time.
 */
const isPlain = (text: string): boolean => {
  const length = text.length
  if (length === 0) return true
  if (isFormulaStart(text.charCodeAt(0))) return false
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i)
    // `;` 59, `"` 34, LF 10, CR 13.
    if (code === 59 || code === 34 || code === 10 || code === 13) return false
  }
  return true
}

const guardAndQuote = (value: string): string => {
  const guarded = formulaStart.test(value) ? "'" + value : value
  return needsQuotes.test(guarded) ? '"' + guarded.replaceAll('"', '""') + '"' : guarded
}

/**
 * Formats one text cell: as `cell` does for a string, without the checks of a value's type.
 *
 * @category getters
 * @since 0.2.0
 */
export const text = (value: string): string => (isPlain(value) ? value : guardAndQuote(value))

/**
 * Formats one cell: neutralises a leading formula character with `'`, then quotes (RFC 4180) when the text
 * holds the separator, a quote or a line break, doubling inner quotes.
 *
 * @since 0.1.0
 */
export const cell = (value: Cell): string => {
  if (value === null || value === undefined) return ""
  return text(typeof value === "number" ? formatNumber(value) : value)
}

/**
 * Formats a number as Pix's newer exports do (§6.2 update): a decimal comma (`0,67`, `0,333`), so that a French
 * spreadsheet reads it as a number, no thousands separator, at most 3 decimals (the exports' finest rounding).
 * Negative numbers are not a case of these exports; a guarded cell would turn them into text.
 *
 * @since 0.1.0
 */
export const formatNumber = (value: number): string =>
  Number.isFinite(value) ? French.spreadsheetNumber(value, 3) : ""

/**
 * Formats one line (cells joined by `;`, ended by CRLF).
 *
 * @since 0.1.0
 */
export const line = (cells: ReadonlyArray<Cell>): string => {
  if (cells.length === 0) return lineEnd
  let out = cell(cells[0])
  for (let i = 1; i < cells.length; i++) out += separator + cell(cells[i])
  return out + lineEnd
}

/**
 * Turns the lines of an export into an effect `Stream` of string chunks.
 *
 * @since 0.1.0
 */
export const toStream = (lines: Iterable<string>): Stream.Stream<string> => Stream.fromIterable(lines)

/**
 * Joins all lines into one string: for tests and small exports only.
 *
 * @since 0.1.0
 */
export const collect = (lines: Iterable<string>): string => {
  let out = ""
  for (const chunk of lines) out += chunk
  return out
}
