/**
 * Comparable forms of partition states: maps and sets by sorted entries, bigints as text, empty maps and sets left
 * out (a partition's maps hold their entries in their own order).
 */
import * as PartitionRouter from "../../src/internal/PartitionRouter.ts"
import type * as Partitions from "../../src/internal/Partitions.ts"
import * as SnapshotCodec from "../../src/internal/SnapshotCodec.ts"

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

/**
 * A router's bytes in the stored form before compact ids: each user's schools and logins as a set, and neither
 * memberships nor UAIs (what the tables held then).
 */
export const routerBeforeCompactIds = (router: PartitionRouter.Router): Uint8Array => {
  const sets = (map: Iterable<[string, PartitionRouter.Ids]>) =>
    new Map([...map].map(([key, ids]) => [key, new Set(PartitionRouter.idsOf(ids))]))
  return SnapshotCodec.encodeValueBytes({
    campaignOrg: router.campaignOrg,
    userOrgs: sets(router.userOrgs),
    userLogins: sets(router.userLogins),
    erasedLearnerOrg: router.erasedLearnerOrg,
    loginStreams: new Map(router.loginStreams)
  })
}
