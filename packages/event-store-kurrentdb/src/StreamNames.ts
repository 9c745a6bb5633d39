/**
 * How the store names its KurrentDB streams: every stream of an application lives under its namespace (a
 * stream-name prefix), so that one KurrentDB database can hold several applications (or one per test) and
 * `$all` can be read with the server's stream-name prefix filter, giving the application's events only.
 *
 * - `<namespace>/s/<streamId>`: an application stream (the port's `streamId`, kept as given: any text).
 * - `<namespace>/cmd/<commandId>`: the record of a command's append (written once, with the append, where the
 *   server takes multi-stream appends: what makes a re-delivered command recognisable whatever it targets).
 *
 * No stream is shared by all appends (no "log" stream): appends of different streams never contend.
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
  readonly application: (streamId: string) => string
  readonly command: (commandId: string) => string
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
export type StreamKind = "application" | "command" | "foreign"

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
  const commandPrefix = `${namespace}/cmd/`
  return {
    namespace,
    applicationPrefix,
    application: (streamId) => applicationPrefix + streamId,
    command: (commandId) => commandPrefix + commandId,
    streamIdOf: (streamName) =>
      streamName.startsWith(applicationPrefix) ? streamName.slice(applicationPrefix.length) : undefined,
    kindOf: (streamName) =>
      streamName.startsWith(applicationPrefix)
        ? "application"
        : streamName.startsWith(commandPrefix)
          ? "command"
          : "foreign"
  }
}
