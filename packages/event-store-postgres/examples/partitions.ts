import { type EventStore, ExpectedVersion, type PartitionedProjection, ProjectionRunner } from "@orga/event-store"
import { PostgresEventStore, PostgresPartitions } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"

const text = { encoder: new TextEncoder(), decoder: new TextDecoder() }

// Students per school: one row per school (`org:<id>`), indexed by the school it belongs to.
const studentsPerSchool: PartitionedProjection.Definition<{ students: number }, EventStore.RecordedEvent> = {
  name: "students_per_school",
  decodeEvent: (event) => (event.type === "StudentImported" ? Result.succeed(event) : undefined),
  partitionsOf: (event) => [`org:${(event.data as { organizationId: string }).organizationId}`],
  scopeOf: (key) => key.slice("org:".length),
  initial: () => ({ students: 0 }),
  evolve: (state) => ({ students: state.students + 1 }),
  encode: (state) => text.encoder.encode(JSON.stringify(state)),
  decode: (bytes) => JSON.parse(text.decoder.decode(bytes))
}

/** Appends three students in two schools, folds the log into the rows, reads one school's rows. */
export const partitions = (connectionString: string, schema: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const store = yield* PostgresEventStore.make({ connectionString, schema })
      const imported = (id: string, organizationId: string) => ({
        streamId: `student-${id}`,
        expectedVersion: ExpectedVersion.any,
        events: [{ id: `import-${id}`, type: "StudentImported", data: { organizationId } }]
      })
      yield* store.append([imported("1", "org-1"), imported("2", "org-1"), imported("3", "org-2")], {
        commandId: "rentree"
      })
      const sink = yield* PostgresPartitions.make(store, studentsPerSchool)
      // The leader runs `ProjectionRunner.run(store, sink, { lock })` under the projection lock; one catch-up here.
      yield* ProjectionRunner.catchUp(store, sink)
      const rows = yield* sink.readScope("org-1")
      return rows.map((row) => `${row.key} v${row.version}: ${row.state.students} students`)
    })
  )
