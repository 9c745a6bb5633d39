/**
 * Comparable forms of partition states: maps and sets by sorted entries, bigints as text, empty maps and sets left
 * out (a partition's maps hold their entries in their own order).
 */
import type * as Partitions from "../../src/internal/Partitions.ts"

/** A comparable form of any value (see the module's comment). */
export const canonical = (value: unknown): unknown => {
  if (typeof value === "bigint") return `${value}n`
  if (value instanceof Set)
    return {
      "~set": [...value]
        .map(canonical)
        .map((item) => JSON.stringify(item))
        .sort()
    }
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as Map<unknown, unknown>).entries === "function" &&
    !Array.isArray(value)
  ) {
    const entries = [...(value as Map<unknown, unknown>).entries()].map(([key, item]) =>
      JSON.stringify([canonical(key), canonical(item)])
    )
    return { "~map": entries.sort() }
  }
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

/** A partition state's comparable form, its empty maps left out. */
export const stateForm = (state: Partitions.PartitionState | undefined): unknown => {
  const kept: Record<string, unknown> = {}
  for (const [root, value] of Object.entries(state ?? {})) {
    if (value instanceof Map || value instanceof Set) {
      if (value.size > 0) kept[root] = value
      continue
    }
    const fields = Object.fromEntries(Object.entries(value).filter(([, map]) => map.size > 0))
    if (Object.keys(fields).length > 0) kept[root] = fields
  }
  return canonical(kept)
}
