/**
 * Replays 1,000,000 events from the in-memory store into a projection and prints events per second:
 * undecoded (`recordedEvents`) and decoded through an `EventCodec` (effect Schema).
 *
 * Run: pnpm exec node packages/event-store/bench/replay.ts [eventCount]
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as EventCodec from "../src/EventCodec.ts"
import type { NewEvent, RecordedEvent } from "../src/EventStore.ts"
import * as ExpectedVersion from "../src/ExpectedVersion.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"
import * as ProjectionRunner from "../src/ProjectionRunner.ts"
import * as ProjectionSink from "../src/ProjectionSink.ts"

const total = Number(process.argv[2] ?? 1_000_000)
const StudentImported = Schema.TaggedStruct("StudentImported", {
  organizationId: Schema.String,
  studentId: Schema.String,
  division: Schema.String
})
const StudentDisabled = Schema.TaggedStruct("StudentDisabled", {
  organizationId: Schema.String,
  studentId: Schema.String
})
const codec = EventCodec.make({ schema: Schema.Union([StudentImported, StudentDisabled]) })

const store = MemoryEventStore.makeUnsafe()
let started = performance.now()
for (let batch = 0; batch < total / 1000; batch++) {
  const events: Array<NewEvent> = []
  for (let index = 0; index < 1000; index++) {
    const n = batch * 1000 + index
    events.push({
      id: `e-${n}`,
      type: n % 10 === 9 ? "StudentDisabled" : "StudentImported",
      data: { organizationId: `org-${n % 50}`, studentId: `s-${n}`, division: "3A" },
      metadata: { schemaVersion: 1 }
    })
  }
  await Effect.runPromise(
    store.append([{ streamId: `roster-${batch % 50}`, expectedVersion: ExpectedVersion.any, events }])
  )
}
const appendSeconds = (performance.now() - started) / 1000
console.log(`append ${total} events in batches of 1000: ${Math.round(total / appendSeconds)} events/s`)

interface Counts {
  active: Map<string, number>
}
const countsOf = <E>(
  organizationOf: (event: E) => string,
  deltaOf: (event: E) => number
): ProjectionSink.Projection<Counts, E> => ({
  initialState: { active: new Map() },
  // Mutating fold: a read model kept in place, as a real in-memory read model would be.
  evolve: (state, event) => {
    const organization = organizationOf(event)
    state.active.set(organization, (state.active.get(organization) ?? 0) + deltaOf(event))
    return state
  }
})

const measure = async (label: string, sink: ProjectionSink.MemorySink<Counts>) => {
  started = performance.now()
  await Effect.runPromise(ProjectionRunner.catchUp(store, sink, { batchSize: 1000 }))
  const seconds = (performance.now() - started) / 1000
  console.log(`${label}: ${total} events in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} events/s`)
}

await measure(
  "replay undecoded",
  ProjectionSink.makeMemory({
    name: "raw",
    projection: countsOf<RecordedEvent>(
      (event) => (event.data as { organizationId: string }).organizationId,
      (event) => (event.type === "StudentImported" ? 1 : -1)
    ),
    decode: ProjectionSink.recordedEvents
  })
)
await measure(
  "replay decoded with EventCodec",
  ProjectionSink.makeMemory({
    name: "decoded",
    projection: countsOf(
      (event: typeof StudentImported.Type | typeof StudentDisabled.Type) => event.organizationId,
      (event) => (event._tag === "StudentImported" ? 1 : -1)
    ),
    decode: ProjectionSink.decodeWith(codec)
  })
)
