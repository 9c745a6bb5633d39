/**
 * Real processes on one file: several writer processes with a checkpointing reader, and writers and a
 * projector killed with SIGKILL in the middle of their work.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, statSync } from "node:fs"
import type { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import { type EventStore, ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { SqliteEventStore, SqliteProjection, SqliteProjectionLock } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"
import { definition, type WrittenData } from "./processes/readModel.ts"

const dir = tempDir()
const script = (name: string) => fileURLToPath(new URL(`./processes/${name}.ts`, import.meta.url))

interface Child {
  readonly process: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

const start = (name: string, args: ReadonlyArray<string>): Child => {
  const child = spawn(process.execPath, [script(name), ...args], { stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk) => {
    stdout += chunk
  })
  child.stderr.on("data", (chunk) => {
    stderr += chunk
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }))
  )
  return { process: child, exited }
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

const openStore = async (filename: string) => {
  const scope = Effect.runSync(Scope.make())
  const opened = await run(Scope.provide(SqliteEventStore.makeWithDatabase({ filename, pollInterval: 20 }), scope))
  return { ...opened, close: () => run(Scope.close(scope, Exit.void)) }
}

const waitUntil = async (condition: () => Promise<boolean>, what: string, timeoutMillis = 60_000) => {
  const deadline = Date.now() + timeoutMillis
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const allEvents = (store: EventStore.EventStoreShape) => run(store.readAll({ after: 0n, maxCount: 10_000_000 }))

/** Checks the read model against the log: every event folded exactly once, in global order. */
const expectReadModelMatches = (db: DatabaseSync, log: ReadonlyArray<EventStore.RecordedEvent>) => {
  const seen = db.prepare("SELECT global_position FROM seen_events ORDER BY seq").all() as Array<{
    global_position: number
  }>
  expect(seen.map((row) => BigInt(row.global_position))).toEqual(log.map((event) => event.globalPosition))
  const written = log.filter((event) => event.type === "Written")
  const counts = db.prepare("SELECT writer, append_no, size, counted FROM append_counts").all() as Array<{
    writer: number
    append_no: number
    size: number
    counted: number
  }>
  const groups = new Set(
    written.map((event) => `${(event.data as WrittenData).writer}/${(event.data as WrittenData).append}`)
  )
  expect(counts.length).toBe(groups.size)
  for (const row of counts) expect(row.counted).toBe(row.size)
  expect((db.prepare("SELECT total FROM event_total").get() as { total: number }).total).toBe(written.length)
}

/** Every append is all or nothing; positions are 1..n without a gap; stream versions are consecutive. */
const expectLogIsWhole = (log: ReadonlyArray<EventStore.RecordedEvent>) => {
  expect(log.map((event) => event.globalPosition)).toEqual(log.map((_, index) => BigInt(index + 1)))
  const byAppend = new Map<string, Array<EventStore.RecordedEvent>>()
  for (const event of log) {
    const data = event.data as WrittenData
    const key = `${data.writer}/${data.append}`
    byAppend.set(key, [...(byAppend.get(key) ?? []), event])
  }
  for (const [key, events] of byAppend) {
    const [writer, append] = key.split("/").map(Number) as [number, number]
    const written = events.filter((event) => event.type === "Written")
    expect(written.length, `append ${key}`).toBe((written[0]!.data as WrittenData).size)
    expect(events.filter((event) => event.type === "Shared").length, `append ${key}`).toBe(append % 3 === 0 ? 1 : 0)
    // One append, one transaction: its events are contiguous in the log.
    const positions = events.map((event) => event.globalPosition)
    expect(positions.at(-1)! - positions[0]!, `append ${key}`).toBe(BigInt(events.length - 1))
    expect(writer).toBeGreaterThanOrEqual(0)
  }
  const streams = new Map<string, Array<bigint>>()
  for (const event of log) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event.streamVersion])
  for (const [streamId, versions] of streams) {
    expect(versions, streamId).toEqual(versions.map((_, index) => BigInt(index + 1)))
  }
}

describe("several processes on one file", () => {
  it("writer processes and a checkpointing reader: every committed event is seen exactly once, in global order", async () => {
    const filename = freshFile(dir)
    const { store, database, close } = await openStore(filename)
    try {
      const writers = [0, 1, 2].map((writer) => start("writer", [filename, String(writer), "120", "4"]))
      let writersDone = false
      const finished = Promise.all(writers.map((writer) => writer.exited)).then((exits) => {
        writersDone = true
        return exits
      })
      const sink = await run(SqliteProjection.make(database, definition))
      // The reader stops and restarts from its checkpoint again and again, with changing batch sizes.
      let restarts = 0
      while (true) {
        const checkpoint = await run(sink.checkpoint)
        if (writersDone && checkpoint === (await run(store.head))) break
        await run(
          store
            .subscribe({ after: checkpoint, batchSize: 1 + (restarts % 13) })
            .pipe(
              Stream.take(1 + ((restarts * 37) % 97)),
              Stream.runForEachArray(sink.apply),
              Effect.timeoutOption("200 millis")
            )
        )
        restarts++
      }
      const exits = await finished
      for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 })
      const log = await allEvents(store)
      // 3 writers × 120 appends of 1..4 events, plus one shared event every third append.
      expect(log.length).toBe(3 * 30 * (1 + 2 + 3 + 4) + 3 * 40)
      expectLogIsWhole(log)
      expect(new Set(log.map((event) => event.id)).size).toBe(log.length)
      expectReadModelMatches(database.connection, log)
      expect(restarts).toBeGreaterThan(3)
      // Each writer's appends were committed in the order it made them.
      for (const writer of [0, 1, 2]) {
        const appends = log
          .filter((event) => event.type === "Written" && (event.data as WrittenData).writer === writer)
          .map((event) => (event.data as WrittenData).append)
        expect(appends).toEqual([...appends].sort((a, b) => a - b))
      }
      const shared = await run(store.readStream("shared"))
      expect(shared.length).toBe(120)
    } finally {
      await close()
    }
  }, 120_000)

  it("writers and a projector killed with SIGKILL: appends all or nothing, no gap, the projection resumes exactly", async () => {
    const filename = freshFile(dir)
    const { store, database, close } = await openStore(filename)
    try {
      const resumedAfter: Array<bigint> = []
      for (let cycle = 0; cycle < 3; cycle++) {
        const writers = [0, 1].map((index) => start("writer", [filename, String(cycle * 10 + index), "forever", "150"]))
        const projector = start("projector", [filename])
        const headBefore = await run(store.head)
        await waitUntil(async () => (await run(store.head)) > headBefore + 3000n, "writers to commit")
        await waitUntil(async () => {
          const row = database.connection
            .prepare("SELECT position FROM projection_checkpoints WHERE name = ?")
            .get(definition.name) as { position: number } | undefined
          return row !== undefined && BigInt(row.position) > headBefore
        }, "the projector to fold")
        // Kill in the middle of the work: writers are in a tight append loop, the projector folds live.
        for (const child of [projector, ...writers]) child.process.kill("SIGKILL")
        for (const child of [projector, ...writers]) expect((await child.exited).signal).toBe("SIGKILL")
        const projected = await projector.exited
        const resumed = /resuming after (\d+)/.exec(projected.stdout)
        expect(resumed, projected.stderr).not.toBeNull()
        resumedAfter.push(BigInt(resumed![1]!))
        expectLogIsWhole(await allEvents(store))
      }
      // Restarted processes resumed from where the killed ones had committed, not from the start.
      expect(resumedAfter[0]).toBe(0n)
      expect(resumedAfter[1]! > 0n && resumedAfter[2]! > resumedAfter[1]!).toBe(true)
      // After the kills, a writer finishes normally and a projection runner in this process catches up.
      const last = start("writer", [filename, "99", "20", "5"])
      expect(await last.exited).toMatchObject({ code: 0 })
      const sink = await run(SqliteProjection.make(database, definition))
      const head = await run(store.head)
      // The killed projector's lock row names a dead pid: a new runner takes it over at once (ttl is a minute).
      const lock = SqliteProjectionLock.make(database, { ttl: 60_000 })
      const reached = await run(
        Effect.scoped(
          Effect.flatMap(lock.acquire(definition.name), () => ProjectionRunner.catchUp(store, sink, { batchSize: 500 }))
        ).pipe(Effect.timeout("20 seconds"))
      )
      expect(reached).toBe(head)
      const log = await allEvents(store)
      expectLogIsWhole(log)
      expect(log.at(-1)!.globalPosition).toBe(head)
      expectReadModelMatches(database.connection, log)
      // The last writer's 20 appends are all there.
      expect(log.filter((event) => (event.data as WrittenData).writer === 99).length).toBe(4 * (1 + 2 + 3 + 4 + 5) + 7)
    } finally {
      await close()
    }
  }, 180_000)

  it("a writer killed while its transaction spills into the WAL leaves nothing of it, and positions continue", async () => {
    const filename = freshFile(dir)
    const { store, close } = await openStore(filename)
    try {
      const before = start("writer", [filename, "0", "30", "5"])
      expect(await before.exited).toMatchObject({ code: 0 })
      const head = await run(store.head)
      const walSize = () => (existsSync(`${filename}-wal`) ? statSync(`${filename}-wal`).size : 0)
      const sizeBefore = walSize()
      const big = start("bigAppend", [filename, "400000"])
      let exited = false
      void big.exited.then(() => {
        exited = true
      })
      await waitUntil(async () => exited || walSize() > sizeBefore + 4_000_000, "the transaction to spill")
      // The big transaction has written megabytes of uncommitted pages into the WAL: kill it there.
      expect(walSize()).toBeGreaterThan(sizeBefore + 4_000_000)
      big.process.kill("SIGKILL")
      const killed = await big.exited
      expect(killed.signal).toBe("SIGKILL")
      expect(killed.stdout).not.toContain("committed")
      // Recovery ignores the uncommitted frames: nothing of the append, the same head, the next position follows.
      expect(await run(store.readStream("big"))).toEqual([])
      expect(await run(store.head)).toBe(head)
      const after = start("writer", [filename, "1", "3", "1"])
      expect(await after.exited).toMatchObject({ code: 0 })
      const log = await allEvents(store)
      expectLogIsWhole(log)
      expect(log.find((event) => event.type === "Big")).toBeUndefined()
      expect(log.at(-1)!.globalPosition).toBe(head + 4n)
    } finally {
      await close()
    }
  }, 120_000)
})
