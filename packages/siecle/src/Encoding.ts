/**
 * Text of the XML from its bytes, in the encoding its prolog declares (as Pix does, from the first bytes).
 *
 * Undecodable UTF-8 is an error, not replacement characters, which would otherwise reach students' names.
 *
 * @since 0.1.0
 */
import { Buffer, isUtf8 } from "node:buffer"
import type { DomainError } from "@orga/domain"
import * as Result from "effect/Result"
import * as SiecleError from "./SiecleError.ts"

/**
 * The WHATWG decoder used for each encoding label a SIECLE file may declare (lower case). `iso-8859-1` is
 * decoded as `windows-1252`, its superset (WHATWG does the same): files labelled Latin-1 are in practice often
 * Windows-1252, and bytes 0x80-0x9F would otherwise become invisible control characters.
 *
 * @since 0.1.0
 */
export const decoders: Readonly<Record<string, string>> = {
  "iso-8859-15": "iso-8859-15",
  iso8859_15: "iso-8859-15",
  "iso8859-15": "iso-8859-15",
  "iso_8859-15": "iso-8859-15",
  latin9: "iso-8859-15",
  "latin-9": "iso-8859-15",
  "iso-8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  "iso_8859-1": "windows-1252",
  latin1: "windows-1252",
  "latin-1": "windows-1252",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
  "utf-8": "utf-8",
  utf8: "utf-8"
}

const PROLOG_WINDOW = 256
const ENCODING_DECLARATION = /^<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/
const ascii = new TextDecoder("latin1")

/**
 * The encoding declared in the XML prolog, as written (`undefined` when there is no declaration).
 *
 * @since 0.1.0
 */
export const declaredEncoding = (bytes: Uint8Array): string | undefined => {
  const start = hasUtf8Bom(bytes) ? 3 : 0
  const head = ascii.decode(bytes.subarray(start, start + PROLOG_WINDOW))
  const match = ENCODING_DECLARATION.exec(head)
  return match === null ? undefined : (match[1] ?? match[2])
}

const hasUtf8Bom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

// UTF-16 and UTF-32, with or without a byte order mark: SIECLE never writes them and Pix does not read them.
const looksWide = (bytes: Uint8Array): boolean =>
  (bytes[0] === 0xff && bytes[1] === 0xfe) ||
  (bytes[0] === 0xfe && bytes[1] === 0xff) ||
  (bytes[0] === 0x3c && bytes[1] === 0x00) ||
  (bytes[0] === 0x00 && bytes[1] === 0x3c)

/**
 * A decoded XML document, the encoding it declared (`UTF-8` when none), and the fix-up to apply to a piece of
 * its text before use (see `decode`).
 *
 * @since 0.1.0
 */
export interface Decoded {
  readonly text: string
  readonly encoding: string
  readonly fixUp: (piece: string) => string
}

/** For a single-byte encoding, the characters where it differs from Latin-1 (as WHATWG decodes each byte). */
const singleByteFixUp = (label: string): ((piece: string) => string) => {
  const decoder = new TextDecoder(label)
  const map = new Map<string, string>()
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const decoded = decoder.decode(Uint8Array.of(byte))
    if (decoded !== String.fromCharCode(byte)) map.set(String.fromCharCode(byte), decoded)
  }
  const pattern = new RegExp(
    `[${[...map.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`,
    "g"
  )
  return (piece) => {
    pattern.lastIndex = 0
    return pattern.test(piece) ? piece.replace(pattern, (c) => map.get(c) ?? c) : piece
  }
}

const NON_ASCII = /[\u0080-\u00ff]/

const fixUps: Record<string, (piece: string) => string> = {
  "iso-8859-15": singleByteFixUp("iso-8859-15"),
  "windows-1252": singleByteFixUp("windows-1252"),
  // The text of a UTF-8 file holds its bytes one per character (see `decode`): each piece is decoded here.
  "utf-8": (piece) => (NON_ASCII.test(piece) ? Buffer.from(piece, "latin1").toString("utf8") : piece)
}

/**
 * Decodes the XML bytes; an unknown declared encoding or bytes the encoding cannot decode give
 * `ENCODING_NOT_SUPPORTED`.
 *
 * Memory matters more than elegance here (a 20 MB file must be read in under 200 MB): a single-byte file is read
 * as Latin-1 (one byte per character in V8, no intermediate buffer) and the few characters where ISO-8859-15 or
 * Windows-1252 differ from Latin-1 (€, Œ, œ, Š, Ž, Ÿ, typographic quotes...) are fixed up per element by
 * `fixUp`, before the element is parsed (so a character reference such as `&#164;` keeps its meaning). UTF-8 is
 * checked with `isUtf8`, then held the same way, one byte per character (all of XML's markup is ASCII, so the
 * scanner reads it unchanged), and each element is decoded from UTF-8 by `fixUp`: a UTF-8 file with accents
 * would otherwise become a string of two bytes per character, twice its size (80 MB for the 40 MB inflated
 * limit). `fixUp(text)` is the text WHATWG's `TextDecoder` would give.
 *
 * @since 0.1.0
 */
export const decode = (bytes: Uint8Array): Result.Result<Decoded, DomainError.InvalidInput> => {
  if (looksWide(bytes)) return Result.fail(SiecleError.fileIssue("ENCODING_NOT_SUPPORTED"))
  const declared = declaredEncoding(bytes)
  // A byte order mark says UTF-8 whatever the prolog claims.
  const bom = hasUtf8Bom(bytes)
  const label = bom || declared === undefined ? "utf-8" : decoders[declared.trim().toLowerCase()]
  const fixUp = label === undefined ? undefined : fixUps[label]
  if (label === undefined || fixUp === undefined) return Result.fail(SiecleError.fileIssue("ENCODING_NOT_SUPPORTED"))
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const encoding = bom || declared === undefined ? "UTF-8" : declared
  if (label !== "utf-8") return Result.succeed({ text: buffer.toString("latin1"), encoding, fixUp })
  if (!isUtf8(buffer)) return Result.fail(SiecleError.fileIssue("ENCODING_NOT_SUPPORTED"))
  return Result.succeed({ text: buffer.toString("latin1", bom ? 3 : 0), encoding, fixUp })
}
