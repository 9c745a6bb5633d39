import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotFoundError,
  StreamNotFoundError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError
} from "@kurrent/kurrentdb-client"
import { EventStoreError } from "@orga/event-store"
import { describe, expect, it } from "vitest"
import * as ClientErrors from "../src/ClientErrors.ts"
import * as StreamNames from "../src/StreamNames.ts"

const names = StreamNames.make("orga")!

/** A conflict as the client reports it (its own class, built the way it builds one from a server answer). */
const conflict = (streamName: string) =>
  new WrongExpectedVersionError(undefined, { streamName, expected: 3n, current: 5n })

describe("ClientErrors", () => {
  it("reads a conflict on an application stream as the port's conflict, with the server's actual version", () => {
    expect(ClientErrors.classifyAppendFailure(names, conflict(names.application("campaign-1")))).toEqual({
      _tag: "Conflict",
      streamId: "campaign-1",
      actual: 6n
    })
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: names.application("s"),
      expected: "stream_exists",
      current: "no_stream"
    })
    expect(ClientErrors.classifyAppendFailure(names, missing)).toEqual({ _tag: "Conflict", streamId: "s", actual: 0n })
  })

  it("reads a conflict on a command's stream as a command stored meanwhile", () => {
    expect(ClientErrors.classifyAppendFailure(names, conflict(names.command("cmd-1")))).toEqual({
      _tag: "CommandStored"
    })
  })

  it("reports a conflict on a stream that is not the namespace's as a KurrentDB error", () => {
    const failure = ClientErrors.classifyAppendFailure(names, conflict("other/s/x"))
    expect(failure._tag === "Failed" && failure.error.reason).toBe("KurrentDB")
  })

  it("says plainly that a server without multi-stream appends cannot take an append to several streams", () => {
    const unsupported = ClientErrors.classifyAppendFailure(names, new UnsupportedError("multiStreamAppend", "25.1"))
    expect(unsupported._tag === "Failed" && unsupported.error.reason).toBe("Unsupported")
    expect(unsupported._tag === "Failed" && unsupported.error.message).toContain("KurrentDB 25.1")
    expect(ClientErrors.isUnsupported(new UnsupportedError("multiStreamAppend", "25.1"))).toBe(true)
    // An older server answers the unknown gRPC method with UNIMPLEMENTED (12), which the client passes through.
    const unimplemented = Object.assign(new Error("12 UNIMPLEMENTED: unknown service"), { code: 12 })
    expect(ClientErrors.isUnsupported(unimplemented)).toBe(true)
    expect(ClientErrors.toStoreError("Append", unimplemented).reason).toBe("Unsupported")
  })

  it("tells transient failures (dropped or refused connections) from the others", () => {
    for (const transient of [new UnavailableError(), new CancelledError(), new DeadlineExceededError()]) {
      expect(ClientErrors.isTransient(transient)).toBe(true)
      expect(ClientErrors.toStoreError("Read", transient).reason).toBe("Unavailable")
    }
    for (const other of [new AccessDeniedError(), new NotFoundError(), new Error("boom"), "text"]) {
      expect(ClientErrors.isTransient(other)).toBe(false)
      expect(ClientErrors.toStoreError("Read", other).reason).toBe("KurrentDB")
    }
  })

  it("turns raw gRPC errors the client passes through into its own classes", () => {
    // What the client's multi-stream append rejects with when no connection could be made (seen here).
    const raw = Object.assign(new Error("14 UNAVAILABLE: No connection established"), {
      code: 14,
      details: "No connection established"
    })
    expect(ClientErrors.normalize(raw)).toBeInstanceOf(UnavailableError)
    expect(ClientErrors.isTransient(raw)).toBe(true)
    expect(ClientErrors.classifyAppendFailure(names, raw)).toMatchObject({
      _tag: "Failed",
      error: { reason: "Unavailable" }
    })
    // An error with a code but none of gRPC's fields is kept as it is.
    const odd = Object.assign(new Error("odd"), { code: 3 })
    expect(ClientErrors.normalize(odd)).toBe(odd)
  })

  it("knows a missing stream from other read failures", () => {
    expect(ClientErrors.isStreamNotFound(new StreamNotFoundError(undefined, "orga/s/x"))).toBe(true)
    expect(ClientErrors.isStreamNotFound(new NotFoundError())).toBe(false)
  })

  it("keeps the store's own errors as they are", () => {
    const error = new EventStoreError.EventStoreError({ reason: "Corrupt", message: "x" })
    expect(ClientErrors.toStoreError("Read", error)).toBe(error)
    expect(ClientErrors.classifyAppendFailure(names, error)).toEqual({ _tag: "Failed", error })
  })
})
