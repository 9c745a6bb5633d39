/**
 * From uploaded bytes to the bytes of the SIECLE XML: size limit, zip detection by magic bytes, choice of the one
 * `.xml` entry, and inflation that cannot be turned into a zip bomb.
 *
 * The zip's central directory is read here (a few dozen bounds-checked lines) because the declared sizes must be
 * checked, and the entry chosen, before a single byte is inflated; DEFLATE itself is fflate's streaming
 * `Inflate`, fed in slices sized from the output still allowed, so that the bytes actually produced are counted
 * and capped as they come, even when the archive lies about its sizes.
 *
 * @since 0.1.0
 */
import type { DomainError } from "@orga/domain"
import * as Result from "effect/Result"
import { Inflate } from "fflate"
import * as SiecleError from "./SiecleError.ts"

/**
 * Pix's upload limit: 20 MB (`MAX_FILE_SIZE_UPLOAD`).
 *
 * @since 0.1.0
 */
export const defaultMaxBytes = 20 * 1024 * 1024

/**
 * Largest XML accepted out of a zip. The biggest schools' `ElevesSansAdresses` weigh a few MB; 40 MB leaves
 * room while keeping memory bounded.
 *
 * @since 0.1.0
 */
export const defaultMaxInflatedBytes = 40 * 1024 * 1024

/**
 * Limits applied to the uploaded bytes.
 *
 * @since 0.1.0
 */
export interface Limits {
  readonly maxBytes: number
  readonly maxInflatedBytes: number
}

/**
 * Whether the bytes are a zip archive (local file header, empty archive or spanned archive signature).
 *
 * @since 0.1.0
 */
export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6) || (bytes[2] === 7 && bytes[3] === 8))

const megabytes = (bytes: number): string => String(Math.floor(bytes / (1024 * 1024)))

const invalidFile = () => Result.fail(SiecleError.fileIssue("INVALID_FILE"))

/**
 * The XML bytes of an upload: the bytes themselves, or the one `.xml` entry of a zip.
 *
 * @since 0.1.0
 */
export const extractXml = (bytes: Uint8Array, limits: Limits): Result.Result<Uint8Array, DomainError.InvalidInput> => {
  if (bytes.length > limits.maxBytes) {
    return Result.fail(SiecleError.fileIssue("PAYLOAD_TOO_LARGE", { maxSize: megabytes(limits.maxBytes) }))
  }
  if (!isZip(bytes)) return Result.succeed(bytes)
  const entries = readCentralDirectory(bytes)
  if (entries === undefined) return invalidFile()
  const candidates = entries.filter((entry) => isXmlEntry(entry.name))
  const entry = candidates[0]
  if (entry === undefined || candidates.length > 1) return invalidFile()
  if (entry.uncompressedSize > limits.maxInflatedBytes) {
    return Result.fail(SiecleError.fileIssue("PAYLOAD_TOO_LARGE", { maxSize: megabytes(limits.maxInflatedBytes) }))
  }
  const data = entryData(bytes, entry)
  if (data === undefined) return invalidFile()
  const xml = entry.method === 0 ? data : inflateAtMost(data, entry.uncompressedSize)
  if (xml === undefined || xml.length !== entry.uncompressedSize) return invalidFile()
  return Result.succeed(xml)
}

/**
 * Pix's rule: optional folders not starting with a dot, then a file name not starting with a dot and ending in
 * `.xml`; macOS's `__MACOSX/` resource forks are not candidates either.
 *
 * @since 0.1.0
 */
export const isXmlEntry = (name: string): boolean => {
  const segments = name.split("/")
  if (segments[0] === "__MACOSX") return false
  if (segments.some((segment) => segment.startsWith(".") || segment === "")) return false
  return (segments[segments.length - 1] ?? "").toLowerCase().endsWith(".xml")
}

interface Entry {
  readonly name: string
  readonly flags: number
  readonly method: number
  readonly compressedSize: number
  readonly uncompressedSize: number
  readonly localHeaderOffset: number
}

const u16 = (bytes: Uint8Array, at: number): number => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
const u32 = (bytes: Uint8Array, at: number): number => (u16(bytes, at) + u16(bytes, at + 2) * 0x10000) >>> 0

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_FILE_HEADER = 0x02014b50
const LOCAL_FILE_HEADER = 0x04034b50
const ZIP64_MARKER = 0xffffffff
const names = new TextDecoder("utf-8")

/** The central directory's entries, or `undefined` when the archive is not a well-formed (non-zip64) zip. */
const readCentralDirectory = (bytes: Uint8Array): ReadonlyArray<Entry> | undefined => {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the archive.
  let end = -1
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(bytes, at) === END_OF_CENTRAL_DIRECTORY) {
      end = at
      break
    }
  }
  if (end < 0) return undefined
  const count = u16(bytes, end + 10)
  const offset = u32(bytes, end + 16)
  // Zip64 archives (over 65,535 entries or 4 GB) cannot be a SIECLE export under the size limits.
  if (count === 0xffff || offset === ZIP64_MARKER) return undefined
  const entries: Array<Entry> = []
  let at = offset
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || u32(bytes, at) !== CENTRAL_FILE_HEADER) return undefined
    const nameLength = u16(bytes, at + 28)
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32)
    if (next > end) return undefined
    const entry: Entry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(bytes, at + 8),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      uncompressedSize: u32(bytes, at + 24),
      localHeaderOffset: u32(bytes, at + 42)
    }
    if (entry.compressedSize === ZIP64_MARKER || entry.uncompressedSize === ZIP64_MARKER) return undefined
    entries.push(entry)
    at = next
  }
  return entries
}

/** The compressed bytes of an entry, or `undefined` if encrypted, of an unknown method or out of bounds. */
const entryData = (bytes: Uint8Array, entry: Entry): Uint8Array | undefined => {
  const encrypted = (entry.flags & 1) !== 0
  if (encrypted || (entry.method !== 0 && entry.method !== 8)) return undefined
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.length || u32(bytes, at) !== LOCAL_FILE_HEADER) return undefined
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28)
  const stop = start + entry.compressedSize
  if (stop > bytes.length) return undefined
  return bytes.subarray(start, stop)
}

// DEFLATE expands at most ~1032:1, so a slice of input is sized from the output still allowed: one push can only
// pass the declared size by a few tens of KB, and an archive lying about its size is stopped right there.
const MAX_EXPANSION = 1032
const MIN_SLICE = 64
const MAX_SLICE = 64 * 1024
const sliceFor = (remaining: number): number =>
  Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.floor(remaining / MAX_EXPANSION)))

class TooLarge extends Error {}

/** Inflates raw DEFLATE data, refusing (`undefined`) as soon as the output would pass `limit` bytes. */
const inflateAtMost = (data: Uint8Array, limit: number): Uint8Array | undefined => {
  const out = new Uint8Array(limit)
  let written = 0
  let finished = false
  const inflate = new Inflate((chunk, final) => {
    if (written + chunk.length > limit) throw new TooLarge()
    out.set(chunk, written)
    written += chunk.length
    if (final) finished = true
  })
  try {
    for (let at = 0; at < data.length && !finished; ) {
      const stop = Math.min(at + sliceFor(limit - written), data.length)
      inflate.push(data.subarray(at, stop), stop === data.length)
      at = stop
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true)
  } catch {
    // fflate throws on corrupt or truncated streams; TooLarge is our own cap.
    return undefined
  }
  return finished ? out.subarray(0, written) : undefined
}
