import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as EventCodec from "../src/EventCodec.ts"
import type { RecordedEvent } from "../src/EventStore.ts"
import * as ExpectedVersion from "../src/ExpectedVersion.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"

/** Version 2 of StudentImported split version 1's `name` into first and last names. */
const StudentImported = Schema.TaggedStruct("StudentImported", {
  studentId: Schema.String,
  firstName: Schema.String,
  lastName: Schema.String,
  birthdate: Schema.DateTimeUtcFromString
})
const MemberInvited = Schema.TaggedStruct("MemberInvited", {
  email: Schema.String,
  role: Schema.Literals(["ADMIN", "MEMBER"])
})
const Events = Schema.Union([StudentImported, MemberInvited])
type Event = typeof Events.Type

interface StudentImportedV1 {
  readonly studentId: string
  readonly name: string
  readonly birthdate: string
}

const splitName = EventCodec.upcaster<StudentImportedV1, unknown>("StudentImported", 1, ({ name, ...rest }) => {
  const [firstName = "", ...lastNames] = name.split(" ")
  return { ...rest, firstName, lastName: lastNames.join(" ") }
})

let counter = 0
const codec = EventCodec.make({
  schema: Events,
  versions: { StudentImported: 2 },
  upcasters: [splitName],
  makeId: () => `id-${++counter}`
})

const recorded = (type: string, data: unknown, metadata: Record<string, unknown> = {}): RecordedEvent => ({
  id: "evt-1",
  streamId: "roster-1",
  type,
  data,
  metadata,
  streamVersion: 1n,
  globalPosition: 1n,
  recordedAt: new Date(0),
  commandId: null
})

const failureReason = (result: Result.Result<unknown, EventCodec.EventCodecError>) =>
  Result.isFailure(result) ? result.failure.reason : "decoded"

const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  fc
    .record({
      studentId: fc.string(),
      firstName: fc.string(),
      lastName: fc.string(),
      birthdate: fc.date({ min: new Date("1990-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
    })
    .map((fields) =>
      StudentImported.make({
        ...fields,
        birthdate: Schema.decodeSync(Schema.DateTimeUtcFromString)(fields.birthdate.toISOString())
      })
    ),
  fc
    .record({ email: fc.string(), role: fc.constantFrom("ADMIN" as const, "MEMBER" as const) })
    .map((fields) => MemberInvited.make(fields))
)

describe("EventCodec", () => {
  it("encodes an event as its tag, its encoded data without the tag, and the tag's current version", () => {
    const event = MemberInvited.make({ email: "prof@college.fr", role: "MEMBER" })
    const encoded = Effect.runSync(codec.encode(event, { id: "evt-9", metadata: { actor: "user-1" } }))
    expect(encoded).toEqual({
      id: "evt-9",
      type: "MemberInvited",
      data: { email: "prof@college.fr", role: "MEMBER" },
      metadata: { actor: "user-1", schemaVersion: 1 }
    })
    const student = Effect.runSync(
      codec.encode(
        StudentImported.make({
          studentId: "s-1",
          firstName: "Léa",
          lastName: "Martin",
          birthdate: Schema.decodeSync(Schema.DateTimeUtcFromString)("2012-03-04T00:00:00.000Z")
        })
      )
    )
    expect(student.type).toBe("StudentImported")
    expect(student.id).toMatch(/^id-\d+$/)
    expect(student.metadata).toEqual({ schemaVersion: 2 })
    expect(student.data).toEqual({
      studentId: "s-1",
      firstName: "Léa",
      lastName: "Martin",
      birthdate: "2012-03-04T00:00:00.000Z"
    })
  })

  it("round-trips every event through a store and JSON", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 5 }), async (events) => {
        const encoded = await Effect.runPromise(codec.encodeAll(events))
        const asJson = encoded.map((event) => ({ ...event, data: JSON.parse(JSON.stringify(event.data)) }))
        const { streams } = await Effect.runPromise(
          store.append([{ streamId: `s-${counter}`, expectedVersion: ExpectedVersion.noStream, events: asJson }])
        )
        const stored = await Effect.runPromise(store.readStream(streams[0]!.streamId))
        const decoded = await Effect.runPromise(codec.decodeAll(stored))
        expect(decoded).toEqual(events)
      }),
      { numRuns: 100 }
    )
  })

  it("upcasts a version 1 event (explicit or missing schemaVersion) before decoding", () => {
    const v1 = { studentId: "s-1", name: "Léa Marie Martin", birthdate: "2012-03-04T00:00:00.000Z" }
    for (const metadata of [{ schemaVersion: 1 }, {}]) {
      const decoded = Effect.runSync(codec.decode(recorded("StudentImported", v1, metadata)))
      expect(decoded._tag).toBe("StudentImported")
      if (decoded._tag === "StudentImported") {
        expect(decoded.firstName).toBe("Léa")
        expect(decoded.lastName).toBe("Marie Martin")
        expect(decoded.studentId).toBe("s-1")
      }
    }
    const v2 = { studentId: "s-2", firstName: "Tom", lastName: "Petit", birthdate: "2011-01-01T00:00:00.000Z" }
    const decoded = Result.getOrThrow(codec.decodeResult(recorded("StudentImported", v2, { schemaVersion: 2 })))
    expect(decoded).toMatchObject({ _tag: "StudentImported", firstName: "Tom", lastName: "Petit" })
  })

  it("refuses what it cannot read, with a reason", () => {
    expect(failureReason(codec.decodeResult(recorded("CampaignCreated", {})))).toBe("UnknownEventType")
    expect(
      failureReason(
        codec.decodeResult(recorded("MemberInvited", { email: "a@b.fr", role: "MEMBER" }, { schemaVersion: 2 }))
      )
    ).toBe("FutureVersion")
    expect(failureReason(codec.decodeResult(recorded("MemberInvited", { email: 42, role: "MEMBER" })))).toBe(
      "InvalidEvent"
    )
    expect(failureReason(codec.decodeResult(recorded("MemberInvited", "not an object")))).toBe("InvalidEvent")
    // A v1 StudentImported lacking `name` makes the upcaster produce an invalid v2.
    expect(
      failureReason(
        codec.decodeResult(recorded("StudentImported", { studentId: "s", name: "", birthdate: "not a date" }))
      )
    ).toBe("InvalidEvent")
    // The v1 upcaster throws on a missing name: a failure, not a crash.
    expect(
      failureReason(
        codec.decodeResult(recorded("StudentImported", { studentId: "s", birthdate: "2012-03-04T00:00:00.000Z" }))
      )
    ).toBe("InvalidEvent")
    const withoutUpcaster = EventCodec.make({
      schema: Events,
      versions: { StudentImported: 3 },
      upcasters: [splitName]
    })
    const missing = withoutUpcaster.decodeResult(
      recorded("StudentImported", { studentId: "s", name: "A B", birthdate: "2012-03-04T00:00:00.000Z" })
    )
    expect(failureReason(missing)).toBe("MissingUpcaster")
    expect(Result.isFailure(missing) && missing.failure.version).toBe(2)
    const invalid = codec.encodeResult({ _tag: "MemberInvited", email: "a@b.fr", role: "OWNER" } as unknown as Event)
    expect(failureReason(invalid)).toBe("InvalidEvent")
    const unknown = codec.encodeResult({ _tag: "Nope" } as unknown as Event)
    expect(failureReason(unknown)).toBe("UnknownEventType")
  })

  it("knows its tags and versions, and rejects inconsistent configurations", () => {
    expect([...codec.types].sort()).toEqual(["MemberInvited", "StudentImported"])
    expect(codec.versionOf("StudentImported")).toBe(2)
    expect(codec.versionOf("MemberInvited")).toBe(1)
    expect(() => EventCodec.make({ schema: Events, upcasters: [splitName, splitName] })).toThrow(/two upcasters/)
    expect(() =>
      EventCodec.make({ schema: Events, upcasters: [EventCodec.upcaster("Nope", 1, (data) => data)] })
    ).toThrow(/does not know/)
    expect(() => EventCodec.make({ schema: Events, versions: { MemberInvited: 0 } })).toThrow(/integer >= 1/)
  })
})

describe("EventCodec: data that keeps its tag, and upcasting without decoding", () => {
  const tagged = EventCodec.make({
    schema: Events,
    versions: { StudentImported: 2 },
    upcasters: [splitName],
    tagInData: true
  })

  it("keeps the tag inside the stored data, and decodes it back", () => {
    const encoded = Result.getOrThrow(tagged.encodeResult(MemberInvited.make({ email: "a@b.fr", role: "ADMIN" })))
    expect(encoded.data).toEqual({ _tag: "MemberInvited", email: "a@b.fr", role: "ADMIN" })
    expect(Result.getOrThrow(tagged.decodeResult(recorded("MemberInvited", encoded.data)))).toEqual({
      _tag: "MemberInvited",
      email: "a@b.fr",
      role: "ADMIN"
    })
  })

  it("answers current data as it is stored (the same object), and upcasts older data with its tag", () => {
    const current = { _tag: "MemberInvited", email: "a@b.fr", role: "MEMBER" }
    expect(Result.getOrThrow(tagged.upcastResult(recorded("MemberInvited", current)))).toBe(current)
    const old = recorded("StudentImported", { studentId: "s1", name: "Léa Martin", birthdate: "2012-03-14T00:00:00Z" })
    expect(Result.getOrThrow(tagged.upcastResult(old))).toEqual({
      _tag: "StudentImported",
      studentId: "s1",
      firstName: "Léa",
      lastName: "Martin",
      birthdate: "2012-03-14T00:00:00Z"
    })
    expect(tagged.hasUpcasters).toBe(true)
  })

  it("passes unknown types through, and refuses a version from the future", () => {
    const unknown = recorded("SomethingElse", { x: 1 })
    expect(Result.getOrThrow(tagged.upcastResult(unknown))).toBe(unknown.data)
    const future = recorded("MemberInvited", { email: "a@b.fr", role: "ADMIN" }, { schemaVersion: 3 })
    const failure = tagged.upcastResult(future)
    expect(Result.isFailure(failure) && failure.failure.reason).toBe("FutureVersion")
  })
})

describe("upcastUnversioned: data without its version (replay pages), brought up by shape", () => {
  // The same step as `splitName`, told apart by shape: version 2 data has no `name`.
  const splitNameByShape = (data: unknown): unknown => {
    if (typeof data !== "object" || data === null || !("name" in data)) return data
    const { name, ...rest } = data as StudentImportedV1 & { readonly _tag?: string }
    const [firstName = "", ...lastNames] = name.split(" ")
    return { ...rest, firstName, lastName: lastNames.join(" ") }
  }
  const shaped = EventCodec.make({
    schema: Events,
    versions: { StudentImported: 2 },
    upcasters: [{ ...splitName, upcastShape: splitNameByShape }],
    tagInData: true
  })

  it("is offered only when every upcaster can tell versions apart", () => {
    expect(codec.upcastUnversioned).toBeUndefined()
    expect(EventCodec.make({ schema: Events }).upcastUnversioned).toBeUndefined()
    expect(shaped.upcastUnversioned).toBeTypeOf("function")
  })

  it("answers what the versioned path answers, for data of either version, and leaves other types alone", () => {
    const upcast = shaped.upcastUnversioned!
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (studentId, first, last) => {
        const v1 = { _tag: "StudentImported", studentId, name: `${first.replaceAll(" ", "")} ${last}`, birthdate: "x" }
        const versioned = Result.getOrThrow(shaped.upcastResult(recorded("StudentImported", v1, { schemaVersion: 1 })))
        expect(upcast(v1)).toEqual(versioned)
        expect(upcast(versioned)).toEqual(versioned)
        const other = { _tag: "MemberInvited", email: studentId, role: "ADMIN" }
        expect(upcast(other)).toBe(other)
      })
    )
  })
})

describe("checkOnEncode: false, for events their constructors already checked", () => {
  const trusting = EventCodec.make({
    schema: Events,
    versions: { StudentImported: 2 },
    upcasters: [splitName],
    checkOnEncode: false,
    tagInData: true
  })

  it("writes a tag that encodes to itself as it is, without checking it again", () => {
    const invited = MemberInvited.make({ email: "a@b.fr", role: "ADMIN" })
    const encoded = trusting.encodeResult(invited, { id: "e1" })
    expect(Result.isSuccess(encoded) && encoded.success.data).toBe(invited)
    // Not checked: the type system, and the constructor that built it, are the guard.
    const cast = { _tag: "MemberInvited", email: "a@b.fr", role: "OWNER" } as unknown as Event
    expect(failureReason(trusting.encodeResult(cast))).toBe("decoded")
    // The default codec still checks.
    expect(failureReason(codec.encodeResult(cast))).toBe("InvalidEvent")
  })

  it("still encodes (and checks) a tag whose schema transforms, and refuses an unknown tag", () => {
    const imported = StudentImported.make({
      studentId: "s",
      firstName: "Léa",
      lastName: "Martin",
      birthdate: DateTime.makeUnsafe("2012-03-04T00:00:00.000Z")
    })
    const encoded = trusting.encodeResult(imported)
    expect(Result.isSuccess(encoded) && encoded.success.data).toEqual({
      _tag: "StudentImported",
      studentId: "s",
      firstName: "Léa",
      lastName: "Martin",
      birthdate: "2012-03-04T00:00:00.000Z"
    })
    const broken = { ...imported, birthdate: "not a date" } as unknown as Event
    expect(failureReason(trusting.encodeResult(broken))).toBe("InvalidEvent")
    expect(failureReason(trusting.encodeResult({ _tag: "Nope" } as unknown as Event))).toBe("UnknownEventType")
  })

  it("decodes what it wrote to what the checking codec decodes (any event)", () =>
    fc.assert(
      fc.property(eventArbitrary, (event) => {
        const written = trusting.encodeResult(event, { id: "e" })
        const checked = codec.encodeResult(event, { id: "e" })
        if (Result.isFailure(written) || Result.isFailure(checked)) return false
        const stored = JSON.parse(JSON.stringify(written.success.data))
        expect(stored).toEqual({ ...(checked.success.data as object), _tag: event._tag })
        const back = trusting.decodeResult(
          recorded(event._tag, stored, { schemaVersion: trusting.versionOf(event._tag) })
        )
        expect(back).toEqual(
          codec.decodeResult(recorded(event._tag, checked.success.data, { schemaVersion: codec.versionOf(event._tag) }))
        )
        return true
      })
    ))
})
