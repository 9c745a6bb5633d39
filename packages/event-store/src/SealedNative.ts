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
 * Where the build writes the addon, beside the C source.
 *
 * @category getters
 * @since 0.1.0
 */
export const addonPath: string = new URL("../native/build/sealed_open.node", import.meta.url).pathname

const load = (): { readonly openMany: OpenMany | undefined; readonly failure: string | undefined } => {
  try {
    const addon = createRequire(import.meta.url)(addonPath) as { readonly openMany?: unknown }
    if (typeof addon.openMany !== "function") return { openMany: undefined, failure: "no openMany export" }
    return { openMany: addon.openMany as OpenMany, failure: undefined }
  } catch (cause) {
    return { openMany: undefined, failure: cause instanceof Error ? cause.message : String(cause) }
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
