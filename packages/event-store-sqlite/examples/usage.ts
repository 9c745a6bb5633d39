import { ExpectedVersion } from "@orga/event-store"
import { SqliteEventStore, SqliteProjection } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

// Counts imported students per organization, in a table of the store's own file.
const studentCounts: SqliteProjection.Definition = {
  name: "student-counts",
  tables: ["student_counts"],
  init: (db) =>
    db.exec("CREATE TABLE IF NOT EXISTS student_counts (organization_id TEXT PRIMARY KEY, students INTEGER NOT NULL)"),
  apply: (db, events) => {
    const add = db.prepare(
      "INSERT INTO student_counts VALUES (?, 1) ON CONFLICT (organization_id) DO UPDATE SET students = students + 1"
    )
    for (const event of events) {
      if (event.type === "StudentImported") add.run((event.data as { organizationId: string }).organizationId)
    }
  }
}

/** Appends two students, folds the log into the read model, and answers the count. */
export const program = (filename: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename, durability: "full" })
      const { position } = yield* store.append(
        [
          {
            streamId: "roster-org-1",
            expectedVersion: ExpectedVersion.noStream,
            events: [
              { id: "evt-1", type: "StudentImported", data: { organizationId: "org-1", ine: "123456789AB" } },
              { id: "evt-2", type: "StudentImported", data: { organizationId: "org-1", ine: "223456789AB" } }
            ]
          }
        ],
        { commandId: "import-1" }
      )
      // The read model and its checkpoint are written in one transaction per batch.
      const projection = yield* SqliteProjection.make(database, studentCounts)
      const checkpoint = yield* projection.checkpoint
      if (checkpoint < position) {
        yield* store.subscribe({ after: checkpoint }).pipe(
          Stream.takeUntil((event) => event.globalPosition >= position),
          Stream.runForEachArray(projection.apply)
        )
      }
      return database.connection.prepare("SELECT organization_id, students FROM student_counts").all()
    })
  )

// Run it: `pnpm exec node examples/usage.ts /tmp/orga.db`
if (import.meta.main) {
  Effect.runPromise(program(process.argv[2] ?? "orga.db")).then((rows) => console.log(rows))
}
