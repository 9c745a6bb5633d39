/**
 * Names used in SQL text. A schema name is interpolated into statements (PostgreSQL has no placeholder for
 * identifiers), so only plain lower-case names are accepted: no quoting games, no injection.
 */

const schemaNamePattern = /^[a-z_][a-z0-9_]{0,47}$/

/** Whether `name` may be used as the store's schema. */
export const isValidSchemaName = (name: string): boolean => schemaNamePattern.test(name)

/** The NOTIFY channel of a schema's store: one per schema, since channels are database-wide. */
export const channelOf = (schema: string): string => `orga_events_${schema}`

/**
 * A 64-bit advisory lock key derived from a text, as a decimal string (PostgreSQL bigint). FNV-1a, so two
 * processes agree on the key without asking the server.
 */
export const advisoryKeyOf = (text: string): string => {
  let hash = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte)
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return BigInt.asIntN(64, hash).toString()
}
