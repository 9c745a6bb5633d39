/**
 * KurrentDB record ids (UUIDs) derived from what the store knows, never random, so that a retried write sends
 * the same ids and the server can recognise it (its idempotency check compares record ids).
 *
 * The port's event ids are any text and KurrentDB wants UUIDs: an event's record id is a name-based UUID
 * (RFC 9562 version 5: SHA-1 of a namespace UUID and a name) of the store's namespace and, when the append
 * carries a command id, that command id and the event's index in the append; otherwise the event's own id.
 * The port's id itself travels in the event's metadata.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"

/** This store's own UUID namespace (a fixed random UUID). */
const storeNamespace = "6f1c2d9e-8b4a-4e3f-9a57-2c1b0d4e6f80"

const bytesOfUuid = (uuid: string): Buffer => Buffer.from(uuid.replaceAll("-", ""), "hex")

const format = (bytes: Buffer): string => {
  const hex = bytes.toString("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/**
 * The version-5 UUID of a name in a UUID namespace (RFC 9562 §5.5).
 *
 * @category constructors
 * @since 0.1.0
 */
export const uuidV5 = (namespace: string, name: string): string => {
  const hash = createHash("sha1").update(bytesOfUuid(namespace)).update(name, "utf8").digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  return format(bytes)
}

// The parts are joined with U+0000, which no namespace (see StreamNames) contains, so that two different
// (namespace, command, index) triples never give the same name.
const name = (parts: ReadonlyArray<string>): string => parts.join("\u0000")

/**
 * The record id of the `index`-th event of an append (counted across its streams, in call order): from the
 * command id when there is one, else from the event's own id.
 *
 * @category constructors
 * @since 0.1.0
 */
export const ofEvent = (
  namespace: string,
  event: { readonly id: string },
  index: number,
  commandId: string | undefined
): string =>
  uuidV5(
    storeNamespace,
    commandId === undefined ? name([namespace, "event", event.id]) : name([namespace, "command", commandId, `${index}`])
  )

/**
 * The record id of one of the store's own records (log marker, command result, event-id claim), from what
 * makes it unique in its namespace.
 *
 * @category constructors
 * @since 0.1.0
 */
export const ofStoreRecord = (namespace: string, kind: string, key: string): string =>
  uuidV5(storeNamespace, name([namespace, kind, key]))
