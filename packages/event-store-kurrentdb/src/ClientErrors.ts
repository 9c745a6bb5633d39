/**
 * What the client's errors mean to the store: the classes are the client's own (`@kurrent/kurrentdb-client`),
 * matched by `instanceof` and by the client's `type` tag, never by message text.
 *
 * @since 0.1.0
 */

import {
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError
} from "@kurrent/kurrentdb-client"
import { EventStoreError } from "@orga/event-store"
import * as ExpectedRevision from "./ExpectedRevision.ts"
import type { StreamNames } from "./StreamNames.ts"

/** gRPC's status code for a method the server does not have (a server older than the feature). */
const grpcUnimplemented = 12

/** gRPC's status codes of a connection lost or a call that ran out of time: DEADLINE_EXCEEDED, UNAVAILABLE. */
const grpcTransient = new Set([4, 14])

const codeOf = (error: unknown): unknown =>
  typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined

/**
 * The client's own error class for a raw gRPC error (the client's multi-stream append passes some through
 * unconverted, e.g. `UNAVAILABLE` when no connection could be made); other values as they are.
 *
 * @category constructors
 * @since 0.1.0
 */
export const normalize = (error: unknown): unknown => {
  if (!(error instanceof Error) || typeof codeOf(error) !== "number") return error
  try {
    return convertToCommandError(error)
  } catch {
    // The client's converter reads fields a raw gRPC error has and other errors may lack.
    return error
  }
}

/**
 * What a failed append means to the store.
 *
 * - `Conflict`: the server refused an application stream's expected state; `actual` is the port's version of
 *   the stream as the server reported it (`undefined` when it did not say).
 * - `CommandStored`: the command's record exists already: the command was appended before (or meanwhile).
 * - `Failed`: an error to report as is.
 *
 * @category models
 * @since 0.1.0
 */
export type AppendFailure =
  | { readonly _tag: "Conflict"; readonly streamId: string; readonly actual: bigint | undefined }
  | { readonly _tag: "CommandStored" }
  | { readonly _tag: "Failed"; readonly error: EventStoreError.EventStoreError }

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Whether the server lacks a feature the call needs (multi-stream appends: KurrentDB 25.1): the client's
 * `UnsupportedError` (it checks the server's features first), or gRPC's `UNIMPLEMENTED` from a server without
 * the method.
 *
 * @category guards
 * @since 0.1.0
 */
export const isUnsupported = (error: unknown): boolean =>
  error instanceof UnsupportedError || codeOf(error) === grpcUnimplemented

/**
 * Whether the error is a lost or refused connection that a new attempt may get past (server unavailable,
 * cancelled by the server, deadline or timeout, the node is no longer the leader).
 *
 * @category guards
 * @since 0.1.0
 */
export const isTransient = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof CancelledError ||
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError ||
  error instanceof NotLeaderError ||
  grpcTransient.has(codeOf(error) as number)

/**
 * Whether a read failed only because the stream has no event yet.
 *
 * @category guards
 * @since 0.1.0
 */
export const isStreamNotFound = (error: unknown): boolean => error instanceof StreamNotFoundError

/**
 * The port's error for a failure of the client (reason `Unsupported`, `Unavailable` or `KurrentDB`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const toStoreError = (action: string, raw: unknown): EventStoreError.EventStoreError => {
  const error = normalize(raw)
  return error instanceof EventStoreError.EventStoreError
    ? error
    : isUnsupported(error)
      ? new EventStoreError.EventStoreError({
          reason: "Unsupported",
          message:
            `${action}: the server does not support multi-stream appends (KurrentDB 25.1 or later), which an ` +
            `append to several streams needs: ${messageOf(error)}`,
          cause: error
        })
      : isTransient(error)
        ? new EventStoreError.EventStoreError({
            reason: "Unavailable",
            message: `${action}: KurrentDB is unreachable: ${messageOf(error)}`,
            cause: error
          })
        : new EventStoreError.EventStoreError({
            reason: "KurrentDB",
            message: `${action}: ${messageOf(error)}`,
            cause: error
          })
}

/**
 * What a failed append of the store's requests means, by the stream the server names in its conflict.
 *
 * @category constructors
 * @since 0.1.0
 */
export const classifyAppendFailure = (names: StreamNames, raw: unknown): AppendFailure => {
  const error = normalize(raw)
  if (!(error instanceof WrongExpectedVersionError)) return { _tag: "Failed", error: toStoreError("Append", error) }
  switch (names.kindOf(error.streamName)) {
    case "application":
      return {
        _tag: "Conflict",
        streamId: names.streamIdOf(error.streamName)!,
        actual: ExpectedRevision.versionOf(error.actualState)
      }
    case "command":
      return { _tag: "CommandStored" }
    case "foreign":
      return { _tag: "Failed", error: toStoreError("Append", error) }
  }
}
