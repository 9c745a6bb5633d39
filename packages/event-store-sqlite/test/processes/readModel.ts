/**
 * The read model the process tests project into the store's file: how many events of each append were
 * counted, and a running total. Counting twice (or losing events) shows up as a count that differs from the
 * append's size.
 */
import type { DatabaseSync } from "node:sqlite"
import type { EventStore } from "@orga/event-store"
import type { SqliteProjection } from "../../src/index.ts"

/** What the writer processes put in each event's data. */
export interface WrittenData {
  readonly writer: number
  readonly append: number
  readonly index: number
  readonly size: number
}

export const definition: SqliteProjection.Definition = {
  name: "append-counts",
  tables: ["append_counts", "event_total", "seen_events"],
  init: (db: DatabaseSync) => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS append_counts (writer INTEGER NOT NULL, append_no INTEGER NOT NULL, size INTEGER NOT NULL, counted INTEGER NOT NULL, PRIMARY KEY (writer, append_no))"
    )
    db.exec("CREATE TABLE IF NOT EXISTS event_total (id INTEGER PRIMARY KEY CHECK (id = 1), total INTEGER NOT NULL)")
    db.exec("INSERT OR IGNORE INTO event_total (id, total) VALUES (1, 0)")
    // Every event the projection folded, in the order it folded them: a second delivery breaks the UNIQUE key.
    db.exec(
      "CREATE TABLE IF NOT EXISTS seen_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, global_position INTEGER NOT NULL UNIQUE)"
    )
  },
  apply: (db: DatabaseSync, events: ReadonlyArray<EventStore.RecordedEvent>) => {
    const count = db.prepare(
      "INSERT INTO append_counts (writer, append_no, size, counted) VALUES (?, ?, ?, 1) ON CONFLICT (writer, append_no) DO UPDATE SET counted = counted + 1"
    )
    const see = db.prepare("INSERT INTO seen_events (global_position) VALUES (?)")
    let counted = 0
    for (const event of events) {
      see.run(event.globalPosition)
      if (event.type !== "Written") continue
      const data = event.data as WrittenData
      count.run(data.writer, data.append, data.size)
      counted++
    }
    db.prepare("UPDATE event_total SET total = total + ? WHERE id = 1").run(counted)
  }
}
