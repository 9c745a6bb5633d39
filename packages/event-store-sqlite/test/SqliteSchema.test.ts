import * as Fs from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { assert, describe, it } from "@effect/vitest"
import { type EventStore, ExpectedVersion } from "@orga/event-store"
import { Effect } from "effect"
import { SqliteEventStore, SqliteSchema } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

/** A private copy of a committed store file (opening a file migrates it, and the fixtures must stay as written). */
const copyOf = (fixture: string): string => {
  const file = freshFile(dir)
  Fs.copyFileSync(new URL(`fixtures/${fixture}`, import.meta.url), file)
  return file
}

/** Runs `f` on a raw connection to `file`, closed afterwards. */
const raw = <A>(file: string, f: (connection: DatabaseSync) => A): A => {
  const connection = new DatabaseSync(file)
  try {
    return f(connection)
  } finally {
    connection.close()
  }
}

const versionOf = (file: string): number => raw(file, SqliteSchema.versionOf)

const tablesOf = (file: string): ReadonlyArray<string> =>
  raw(file, (connection) =>
    (
      connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{
        name: string
      }>
    ).map((row) => row.name)
  )

const storeTables = [
  "commands",
  "event_scopes",
  "events",
  "projection_checkpoints",
  "projection_locks",
  "scope_key",
  "sqlite_sequence",
  "streams"
]

/** The tables of a file of version 1 and before (no scope index yet). */
const version1Tables = [
  "commands",
  "events",
  "projection_checkpoints",
  "projection_locks",
  "sqlite_sequence",
  "streams"
]

/**
 * What both fixtures hold (written by `fixtures/makeStoreFile.ts`), checked through the store; then one more
 * append, which must carry on from the stored positions and versions, and a re-delivered command.
 */
const checkFixtureContents = (store: EventStore.EventStoreShape) =>
  Effect.gen(function* () {
    const all = yield* store.readAll({ after: 0n, maxCount: 10 })
    assert.deepStrictEqual(
      all.map((e) => [e.globalPosition, e.id, e.streamId, e.streamVersion, e.type, e.commandId]),
      [
        [1n, "e1", "learner-1", 1n, "StudentImported", null],
        [2n, "e2", "learner-1", 2n, "StudentMoved", null],
        [3n, "e3", "learner-2", 1n, "StudentImported", "import-1"]
      ]
    )
    assert.deepStrictEqual(all[0]?.data, { firstName: "Camille", division: "3e B" })
    assert.deepStrictEqual(all[1]?.metadata, { by: "u1" })
    assert.deepStrictEqual(all[2]?.data, { firstName: "Léa", division: "3e B" })
    const again = yield* store.append(
      [{ streamId: "learner-2", expectedVersion: ExpectedVersion.noStream, events: [{ id: "x", type: "T", data: 0 }] }],
      { commandId: "import-1" }
    )
    assert.strictEqual(again.duplicate, true)
    const next = yield* store.append([
      { streamId: "learner-1", expectedVersion: ExpectedVersion.exact(2), events: [{ id: "e4", type: "T", data: 4 }] }
    ])
    assert.deepStrictEqual(next, { streams: [{ streamId: "learner-1", version: 3n }], position: 4n, duplicate: false })
    assert.strictEqual(yield* store.head, 4n)
  })

describe("SqliteSchema", () => {
  it("versions a new file with the last migration's version", () => {
    const file = freshFile(dir)
    const applied = raw(file, (connection) => SqliteSchema.migrate(connection))
    assert.deepStrictEqual(
      applied,
      SqliteSchema.migrations.map((m) => m.version)
    )
    assert.strictEqual(versionOf(file), SqliteSchema.currentVersion)
    assert.deepStrictEqual(tablesOf(file), storeTables)
    assert.deepStrictEqual(
      raw(file, (connection) => SqliteSchema.migrate(connection)),
      []
    )
  })

  it.effect("opens a file of the current version, written by this version's code, unchanged", () =>
    Effect.gen(function* () {
      const file = copyOf("store-v2.db")
      assert.strictEqual(versionOf(file), 2)
      assert.strictEqual(SqliteSchema.currentVersion, 2)
      // Opened without a key: the file's own (`by`, as the fixture was written) stays indexed.
      const store = yield* SqliteEventStore.make({ filename: file })
      assert.deepStrictEqual(
        (yield* store.readScope("u1", { maxCount: 10 })).map((e) => e.id),
        ["e2"]
      )
      yield* checkFixtureContents(store)
      assert.strictEqual(versionOf(file), 2)
      assert.deepStrictEqual(tablesOf(file), storeTables)
    })
  )

  it.effect("upgrades a version-1 file: the scope index is filled from the metadata of the events already there", () =>
    Effect.gen(function* () {
      const file = copyOf("store-v1.db")
      assert.strictEqual(versionOf(file), 1)
      assert.deepStrictEqual(tablesOf(file), version1Tables)
      const store = yield* SqliteEventStore.make({ filename: file, scopeKey: "by" })
      assert.strictEqual(versionOf(file), SqliteSchema.currentVersion)
      assert.deepStrictEqual(tablesOf(file), storeTables)
      assert.deepStrictEqual(
        (yield* store.readScope("u1", { maxCount: 10 })).map((e) => [e.id, e.globalPosition]),
        [["e2", 2n]]
      )
      yield* checkFixtureContents(store)
      // New events are indexed as they are appended.
      yield* store.append([
        {
          streamId: "learner-3",
          expectedVersion: ExpectedVersion.noStream,
          events: [{ id: "e5", type: "T", data: 5, metadata: { by: "u1" } }]
        }
      ])
      assert.deepStrictEqual(
        (yield* store.readScope("u1", { maxCount: 10 })).map((e) => e.id),
        ["e5", "e2"]
      )
    })
  )

  it.effect("an open with another scope key rebuilds the index from the metadata; one without keeps the file's", () =>
    Effect.gen(function* () {
      const file = copyOf("store-v1.db")
      const ids = (scopeKey: string | undefined, scope: string) =>
        Effect.scoped(
          Effect.flatMap(SqliteEventStore.make({ filename: file, scopeKey }), (store) =>
            Effect.map(store.readScope(scope, { maxCount: 10 }), (events) => events.map((e) => e.id))
          )
        )
      // Two events get a `who` (written as version 1 held them, before any index).
      raw(file, (connection) =>
        connection.exec(`UPDATE events SET metadata = '{"who":"' || event_id || '"}' WHERE event_id IN ('e1', 'e3')`)
      )
      assert.deepStrictEqual(yield* ids("by", "u1"), ["e2"])
      assert.deepStrictEqual(yield* ids(undefined, "u1"), ["e2"])
      assert.deepStrictEqual(yield* ids("who", "e3"), ["e3"])
      assert.deepStrictEqual(yield* ids("who", "u1"), [])
      assert.deepStrictEqual(yield* ids(undefined, "e1"), ["e1"])
      const bad = yield* Effect.flip(Effect.scoped(SqliteEventStore.make({ filename: file, scopeKey: "a.b" })))
      assert.strictEqual(bad._tag === "EventStoreError" ? bad.reason : bad._tag, "InvalidInput")
    })
  )

  it.effect("upgrades a file written before schema versions (tables present, user_version 0)", () =>
    Effect.gen(function* () {
      const file = copyOf("store-unversioned.db")
      assert.strictEqual(versionOf(file), 0)
      assert.deepStrictEqual(tablesOf(file), version1Tables)
      yield* Effect.flatMap(SqliteEventStore.make({ filename: file }), checkFixtureContents)
      assert.strictEqual(versionOf(file), SqliteSchema.currentVersion)
    })
  )

  it.effect("refuses a file of a newer version than the code knows, and writes nothing to it", () =>
    Effect.gen(function* () {
      const file = copyOf("store-v1.db")
      const newer = SqliteSchema.currentVersion + 1
      raw(file, (connection) => connection.exec(`PRAGMA user_version = ${newer}`))
      const before = Fs.readFileSync(file)
      const error = yield* Effect.flip(Effect.scoped(SqliteEventStore.make({ filename: file })))
      assert.strictEqual(error._tag, "EventStoreError")
      if (error._tag !== "EventStoreError") return
      assert.strictEqual(error.reason, "SchemaTooNew")
      assert.include(error.message, file)
      assert.include(error.message, `schema version ${newer}, newer than version ${SqliteSchema.currentVersion}`)
      assert.strictEqual(versionOf(file), newer)
      assert.isTrue(Fs.readFileSync(file).equals(before))
    })
  )

  it("applies later migrations in order on open, each once", () => {
    const file = copyOf("store-v2.db")
    const later: ReadonlyArray<SqliteSchema.Migration> = [
      ...SqliteSchema.migrations,
      { version: 3, name: "a table", sql: "CREATE TABLE extra (n INTEGER)" },
      // Fails unless version 3 ran first.
      { version: 4, name: "a row in it", sql: "INSERT INTO extra (n) VALUES (3)" }
    ]
    assert.deepStrictEqual(
      raw(file, (connection) => SqliteSchema.migrate(connection, later)),
      [3, 4]
    )
    assert.strictEqual(versionOf(file), 4)
    assert.deepStrictEqual(
      raw(file, (connection) => SqliteSchema.migrate(connection, later)),
      []
    )
    assert.deepStrictEqual(
      raw(file, (connection) =>
        connection
          .prepare("SELECT n FROM extra")
          .all()
          .map((row) => row.n)
      ),
      [3]
    )
  })

  it("rolls a failing migration back with the ones before it in the same open, version unchanged", () => {
    const file = copyOf("store-v1.db")
    const failing: ReadonlyArray<SqliteSchema.Migration> = [
      ...SqliteSchema.migrations,
      { version: 3, name: "a table", sql: "CREATE TABLE extra (n INTEGER)" },
      { version: 4, name: "broken", sql: "INSERT INTO no_such_table VALUES (1)" }
    ]
    // Version 2 (the scope index) ran in the same open: it is rolled back too.
    assert.throws(() => raw(file, (connection) => SqliteSchema.migrate(connection, failing)), /no_such_table/)
    assert.strictEqual(versionOf(file), 1)
    assert.notInclude(tablesOf(file), "event_scopes")
    assert.notInclude(tablesOf(file), "extra")
  })
})
