/**
 * The native opener of sealed values (`native/sealed_open.c`, docs/adr/0057-native-sealed-open.md): one call
 * opens a page's AES-256-GCM values, where `node:crypto` pays a cipher and a key object per value. The one
 * place that decides between it and the `node:crypto` path: the addon is used when it is built
 * (`pnpm --filter @orga/event-store build:native`) and loads, unless `ORGA_NATIVE_OPEN=0`. Imports nothing but
 * `node:module`, so that a worker loads it at once.
 *
 * @since 0.1.0
 */
import { createRequire } from "node:module"

/**
 * The addon's one function: opens `count` values described by `table` (6 slots each: key offset in `keys`,
 * associated data start and length in `input`, sealed start and length in `input`, and the result written
 * back: the clear length, or -1 for a value that does not authenticate), writing value `i`'s clear bytes into
 * `output` at its sealed start. Returns how many opened.
 *
 * @category models
 * @since 0.1.0
 */
export type OpenMany = (
  keys: Uint8Array,
  input: Uint8Array,
  table: Int32Array,
  count: number,
  output: Uint8Array
) => number

/**
 * The addon's subject index, the one `openTexts` looks subjects up in: subject `i`'s UTF-8 bytes are
 * `subjects[ends[i - 1], ends[i])` (from 0 for the first); `buckets` (a power of two long, at least twice
 * `count`) receives their numbers by open addressing (the last wins for a subject given twice). Throws on bad
 * arguments.
 *
 * @category models
 * @since 0.1.0
 */
export type IndexSubjects = (subjects: Uint8Array, ends: Int32Array, count: number, buckets: Int32Array) => void

/**
 * The addon's text opener: opens `count` stored JSON texts whose UTF-8 bytes lie in `input` (overwritten),
 * described by `table` (3 slots each: text start and length in `input`, and the result written back: the opened
 * text's length in `output` from the text's start, -1 when it stays as stored, -2 when its value is not plain
 * padded base64): the sealed field found, its subject's key looked up (`IndexSubjects`; subject `i`'s key is
 * `keys[32 i, 32 i + 32)`), the value decoded, opened and spliced as `SealedText.opener` does, into `output` (as
 * long as `input`, not overlapping it). Returns how many opened.
 *
 * @category models
 * @since 0.1.0
 */
export type OpenTexts = (
  keys: Uint8Array,
  subjects: Uint8Array,
  ends: Int32Array,
  buckets: Int32Array,
  input: Uint8Array,
  table: Int32Array,
  count: number,
  output: Uint8Array
) => number

/**
 * The addon's text opening: its subject index and its text opener, used together.
 *
 * @category models
 * @since 0.1.0
 */
export interface TextOpening {
  readonly indexSubjects: IndexSubjects
  readonly openTexts: OpenTexts
}

/**
 * Where the build writes the addon, beside the C source.
 *
 * @category getters
 * @since 0.1.0
 */
export const addonPath: string = new URL("../native/build/sealed_open.node", import.meta.url).pathname

interface Loaded {
  readonly openMany: OpenMany | undefined
  readonly texts: TextOpening | undefined
  readonly failure: string | undefined
}

const load = (): Loaded => {
  try {
    const addon = createRequire(import.meta.url)(addonPath) as {
      readonly openMany?: unknown
      readonly openTexts?: unknown
      readonly indexSubjects?: unknown
    }
    // An addon built before `openTexts` is not used at all: rebuild it.
    if (
      typeof addon.openMany !== "function" ||
      typeof addon.openTexts !== "function" ||
      typeof addon.indexSubjects !== "function"
    )
      return { openMany: undefined, texts: undefined, failure: "no openMany, openTexts or indexSubjects: rebuild it" }
    return {
      openMany: addon.openMany as OpenMany,
      texts: { indexSubjects: addon.indexSubjects as IndexSubjects, openTexts: addon.openTexts as OpenTexts },
      failure: undefined
    }
  } catch (cause) {
    return { openMany: undefined, texts: undefined, failure: cause instanceof Error ? cause.message : String(cause) }
  }
}

const loaded = load()

/**
 * The addon's function when it loaded, whatever `ORGA_NATIVE_OPEN` says (the tests compare both paths).
 *
 * @category getters
 * @since 0.1.0
 */
export const loadedOpenMany: OpenMany | undefined = loaded.openMany

/**
 * Why the addon did not load (not built, another platform…), for tests and diagnostics.
 *
 * @category getters
 * @since 0.1.0
 */
export const loadFailure: string | undefined = loaded.failure

/**
 * The native opener the replay uses: the addon's function, unless it did not load or `ORGA_NATIVE_OPEN=0` asks
 * for the `node:crypto` path (benchmarks measure one against the other).
 *
 * @category getters
 * @since 0.1.0
 */
export const openMany: OpenMany | undefined = process.env.ORGA_NATIVE_OPEN === "0" ? undefined : loaded.openMany

/**
 * The addon's text opening when it loaded, whatever `ORGA_NATIVE_OPEN` says (the tests compare both paths).
 *
 * @category getters
 * @since 0.1.0
 */
export const loadedTextOpening: TextOpening | undefined = loaded.texts

/**
 * The native text opening the replay uses (`SealedText.pageOpener`): the addon's, unless it did not load or
 * `ORGA_NATIVE_OPEN=0` asks for the `node:crypto` path.
 *
 * @category getters
 * @since 0.1.0
 */
export const textOpening: TextOpening | undefined = process.env.ORGA_NATIVE_OPEN === "0" ? undefined : loaded.texts
