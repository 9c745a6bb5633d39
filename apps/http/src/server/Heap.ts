/**
 * How far the JavaScript heap may grow past what it holds: after each full collection, v8 lets the heap grow by a
 * factor before the next one, and that factor is its own choice (between 1.1 and 4, larger while the app allocates
 * fast and the collections are cheap). An instance serving from the read-model tables holds a bounded heap (the
 * log's router, the schools it keeps), so the factor is what decides its memory under load: v8 let an instance
 * holding 250 MB grow to 900 MB of heap before collecting, and kept the pages after (the app's README, "Memory of
 * an instance"; ADR 0060). `ORGA_HEAP_GROWTH` (a percent) fixes it: 15 by default with `ORGA_READ_MODELS=tables`,
 * so the heap stays within about 1.15 times what it holds, for a few more collections (concurrent, 10–20 ms of pause
 * each).
 *
 * Set at start through `v8.setFlagsFromString` (`--heap-growing-percent`, which Node refuses in `NODE_OPTIONS`):
 * v8 reads it at each collection, so it applies to the running process.
 *
 * @since 0.3.0
 */
import * as V8 from "node:v8"
import type { AppConfig } from "../Config.ts"

/**
 * The v8 flag that fixes the heap's growth to `percent` (what `apply` sets).
 *
 * @category getters
 * @since 0.3.0
 */
export const flag = (percent: number): string => `--heap-growing-percent=${percent}`

/**
 * Applies the configured growth to this process's heap; nothing when the config leaves it to v8.
 *
 * @category constructors
 * @since 0.3.0
 */
export const apply = (config: Pick<AppConfig, "heapGrowthPercent">): void => {
  if (config.heapGrowthPercent !== undefined) V8.setFlagsFromString(flag(config.heapGrowthPercent))
}
