/**
 * How the store names its KurrentDB streams: every stream of an application lives under its namespace, so
 * that one KurrentDB database can hold several applications (or one per test) and `$all` can be filtered to
 * the application's events by a stream-name prefix.
 *
 * - `<namespace>/s/<streamId>`: an application stream (the port's `streamId`, kept as given: any text).
 * - `<namespace>/log`: the namespace's log, one marker per append; its revisions serialise appends so that
 *   global positions are consecutive (docs/adr/0030-kurrentdb-client.md).
 * - `<namespace>/cmd/<commandId>`: the result of the append of a command (written once: the dedupe record).
 * - `<namespace>/id/<eventId>`: the claim of an event id (written once: event ids stay unique).
 *
 * @since 0.1.0
 */

/**
 * The stream names of one namespace.
 *
 * @category models
 * @since 0.1.0
 */
export interface StreamNames {
  readonly namespace: string
  /** The prefix of every application stream: the `$all` filter. */
  readonly applicationPrefix: string
  readonly log: string
  readonly application: (streamId: string) => string
  readonly command: (commandId: string) => string
  readonly eventId: (eventId: string) => string
  /** The port's stream id of a KurrentDB stream name, `undefined` when it is not an application stream. */
  readonly streamIdOf: (streamName: string) => string | undefined
  /** What a KurrentDB stream name is to this namespace. */
  readonly kindOf: (streamName: string) => StreamKind
}

/**
 * What a KurrentDB stream is to a namespace.
 *
 * @category models
 * @since 0.1.0
 */
export type StreamKind = "application" | "log" | "command" | "eventId" | "foreign"

/**
 * Namespaces are short and plain (letters, digits, `_`, `-`, at most 64): no `/`, so that no namespace's
 * prefix is another's, and no leading `$`, which KurrentDB reserves for system streams.
 *
 * @category guards
 * @since 0.1.0
 */
export const isValidNamespace = (namespace: string): boolean => /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/.test(namespace)

/**
 * The stream names of a namespace; `undefined` for a namespace that `isValidNamespace` refuses.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (namespace: string): StreamNames | undefined => {
  if (!isValidNamespace(namespace)) return undefined
  const applicationPrefix = `${namespace}/s/`
  const log = `${namespace}/log`
  const commandPrefix = `${namespace}/cmd/`
  const eventIdPrefix = `${namespace}/id/`
  return {
    namespace,
    applicationPrefix,
    log,
    application: (streamId) => applicationPrefix + streamId,
    command: (commandId) => commandPrefix + commandId,
    eventId: (eventId) => eventIdPrefix + eventId,
    streamIdOf: (streamName) =>
      streamName.startsWith(applicationPrefix) ? streamName.slice(applicationPrefix.length) : undefined,
    kindOf: (streamName) =>
      streamName.startsWith(applicationPrefix)
        ? "application"
        : streamName === log
          ? "log"
          : streamName.startsWith(commandPrefix)
            ? "command"
            : streamName.startsWith(eventIdPrefix)
              ? "eventId"
              : "foreign"
  }
}
