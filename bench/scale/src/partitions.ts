/**
 * What splitting the read models by school costs and saves on the académie's log (issue 17's partitions): how many
 * partitions an event reaches, the size of a school's row and of the global rows, the time to assemble one school's
 * read models from its rows, and a leader's fold of the log batch by batch into encoded rows against one in-memory
 * fold. In memory, no store: `SCALE_SCHOOLS` schools (10 unless told) of the académie generator. A school's row and
 * the leader's batches are measured in the row's two forms side by side, alternated: the participations as columns
 * (`Partitions.encode`, what rows hold) and as the fold's maps (the snapshot codec on the state as it is, the form
 * before the columns), with the maps' encode and decode time of each root of the school's state.
 *
 *   pnpm exec node bench/scale/src/partitions.ts
 *
 * @since 0.3.0
 */
import type { EventStore } from "@orga/event-store"
import * as PartitionFold from "../../../packages/orga/src/internal/PartitionFold.ts"
import * as PartitionRouter from "../../../packages/orga/src/internal/PartitionRouter.ts"
import * as Partitions from "../../../packages/orga/src/internal/Partitions.ts"
import * as ReadModels from "../../../packages/orga/src/internal/ReadModels.ts"
import * as SnapshotCodec from "../../../packages/orga/src/internal/SnapshotCodec.ts"
import * as Academie from "./Academie.ts"

const options = Academie.fromEnv({ ...process.env, SCALE_SCHOOLS: process.env.SCALE_SCHOOLS ?? "10" })
const batchSize = Number(process.env.PARTITIONS_BATCH ?? "5000")

const log = Academie.recordedLog(options)

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
const timed = <A>(run: () => A): [A, number] => {
  const started = performance.now()
  const result = run()
  return [result, performance.now() - started]
}

console.log(`${options.schools} schools × ${options.students} students: ${log.length} events`)

const [whole, foldMillis] = timed(() => {
  const models = ReadModels.make()
  models.apply(log)
  return models
})
console.log(`one in-memory fold: ${foldMillis.toFixed(0)} ms`)

const school = PartitionRouter.org(Academie.school(0, options).organizationId)
const router = PartitionRouter.make()
const reached: Array<number> = []
const schoolLog: Array<EventStore.RecordedEvent> = []
const [, routeMillis] = timed(() => {
  for (const event of log) {
    const data = event.data as Parameters<typeof PartitionRouter.observe>[2]
    const keys = PartitionRouter.partitionsOf(router, event.streamId, data)
    reached.push(keys.length)
    if (keys.includes(school)) schoolLog.push(event)
    PartitionRouter.observe(router, event.streamId, data)
  }
})
// The INE and links partitions a roster event reaches besides, read from the roster as it stands before it.
const replayed = ReadModels.make()
for (let index = 0; index < log.length; index++) {
  const event = log[index]!
  reached[index]! += PartitionFold.linkKeys(replayed, event.data as Parameters<typeof PartitionFold.linkKeys>[1]).length
  replayed.apply([event])
}
const histogram = new Map<number, number>()
for (const count of reached) histogram.set(count, (histogram.get(count) ?? 0) + 1)
console.log(
  `routing: ${routeMillis.toFixed(0)} ms; partitions an event reaches: mean ${(reached.reduce((a, b) => a + b, 0) / reached.length).toFixed(3)}, events by count ${JSON.stringify(Object.fromEntries([...histogram].sort(([a], [b]) => a - b)))}`
)

const [parts, splitMillis] = timed(() => Partitions.split(whole, router))
const rows = new Map<string, Buffer>()
const [, encodeMillis] = timed(() => {
  for (const [key, state] of parts) rows.set(key, Partitions.encode(state))
})
const byKind = new Map<string, Array<number>>()
for (const [key, bytes] of rows) {
  const kind = key.slice(0, key.indexOf(":"))
  const sizes = byKind.get(kind) ?? []
  sizes.push(bytes.length)
  byKind.set(kind, sizes)
}
console.log(`split: ${splitMillis.toFixed(0)} ms; encode every row: ${encodeMillis.toFixed(0)} ms; ${rows.size} rows`)
for (const [kind, sizes] of byKind)
  console.log(
    `  ${kind}: ${sizes.length} rows, median ${kb(median(sizes))}, max ${kb(Math.max(...sizes))}, total ${kb(sizes.reduce((a, b) => a + b, 0))}`
  )

const own = Partitions.decode(rows.get(school)!)
const needed = Partitions.neededBy(school, own)
const neededBytes = needed.reduce((sum, key) => sum + (rows.get(key)?.length ?? 0), 0)
const assembleMillis: Array<number> = []
for (let round = 0; round < 5; round++)
  assembleMillis.push(
    timed(() =>
      Partitions.assemble([rows.get(school)!, ...needed.flatMap((key) => rows.get(key) ?? [])].map(Partitions.decode))
    )[1]
  )
const schoolRows = [rows.get(school)!, ...needed.flatMap((key) => rows.get(key) ?? [])]
const ownMillis: Array<number> = []
const globalMillis: Array<number> = []
const loadMillis: Array<number> = []
for (let round = 0; round < 5; round++) {
  const [first, ownTime] = timed(() => Partitions.decode(schoolRows[0]!))
  const [rest, globalTime] = timed(() => schoolRows.slice(1).map(Partitions.decode))
  ownMillis.push(ownTime)
  globalMillis.push(globalTime)
  loadMillis.push(timed(() => Partitions.assemble([first, ...rest]))[1])
}
console.log(
  `  medians of 5: decode its row ${median(ownMillis).toFixed(1)} ms, decode the global rows ${median(globalMillis).toFixed(1)} ms, assemble ${median(loadMillis).toFixed(1)} ms`
)
// The row's two forms, alternated round by round so that the machine's noise falls on both alike.
const forms = {
  columns: { encode: Partitions.encode, decode: Partitions.decode },
  maps: {
    encode: (state: Partitions.PartitionState) => SnapshotCodec.encodeValueBytes(state),
    decode: (bytes: Uint8Array) => SnapshotCodec.decodeValueBytes(bytes) as Partitions.PartitionState
  }
}
const ownState = parts.get(school)!
const formMillis = {
  columns: { encode: [] as Array<number>, decode: [] as Array<number> },
  maps: { encode: [] as Array<number>, decode: [] as Array<number> }
}
const formBytes = { columns: 0, maps: 0 }
for (let round = 0; round < 7; round++)
  for (const name of ["maps", "columns"] as const) {
    const [bytes, encodeTime] = timed(() => forms[name].encode(ownState))
    formBytes[name] = bytes.length
    formMillis[name].encode.push(encodeTime)
    formMillis[name].decode.push(timed(() => forms[name].decode(bytes))[1])
  }
for (const name of ["maps", "columns"] as const)
  console.log(
    `  its row as ${name}: ${kb(formBytes[name])}, medians of 7: encode ${median(formMillis[name].encode).toFixed(1)} ms, decode ${median(formMillis[name].decode).toFixed(1)} ms`
  )
const rootTimes: Array<string> = []
for (const [root, value] of Object.entries(ownState))
  for (const [name, part] of value instanceof Map || value instanceof Set
    ? [[root, value] as const]
    : Object.entries(value).map(([field, map]) => [`${root}.${field}`, map] as const)) {
    const encodeTimes: Array<number> = []
    const decodeTimes: Array<number> = []
    let size = 0
    for (let round = 0; round < 5; round++) {
      const [bytes, encodeTime] = timed(() => SnapshotCodec.encodeValueBytes(part))
      size = bytes.length
      encodeTimes.push(encodeTime)
      decodeTimes.push(timed(() => SnapshotCodec.decodeValueBytes(bytes))[1])
    }
    rootTimes.push(`${name} ${kb(size)} ${median(encodeTimes).toFixed(1)}/${median(decodeTimes).toFixed(1)}`)
  }
console.log(`  its roots as maps, size and encode/decode ms (medians of 5): ${rootTimes.join(", ")}`)
const refoldMillis: Array<number> = []
for (let round = 0; round < 5; round++) refoldMillis.push(timed(() => ReadModels.make().apply(schoolLog))[1])
console.log(
  `  against folding the school's own ${schoolLog.length} events again: median of 5 ${median(refoldMillis).toFixed(1)} ms`
)
console.log(
  `one school's read models: its row ${kb(rows.get(school)!.length)} + ${needed.length} global rows (${kb(neededBytes)}); decode and assemble: median of 5 ${median(assembleMillis).toFixed(1)} ms`
)

// The leader folding the log batch by batch into rows, in each form, alternated (maps, columns, maps, columns).
const leaderRun = (form: (typeof forms)["columns"]) => {
  const table = new Map<string, Uint8Array>()
  const leader = PartitionRouter.make()
  let written = 0
  const [, millis] = timed(() => {
    for (let start = 0; start < log.length; start += batchSize) {
      const { rows: out } = PartitionFold.foldBatch(
        (key) => {
          const bytes = table.get(key)
          return bytes === undefined ? undefined : form.decode(bytes)
        },
        leader,
        log.slice(start, start + batchSize)
      )
      for (const [key, state] of out) {
        const bytes = form.encode(state)
        written += bytes.length
        table.set(key, bytes)
      }
    }
  })
  return { millis, written }
}
const leaderRounds = Number(process.env.PARTITIONS_LEADER_ROUNDS ?? "2")
const leaderMillis = { columns: [] as Array<number>, maps: [] as Array<number> }
const leaderWritten = { columns: 0, maps: 0 }
for (let round = 0; round < leaderRounds; round++)
  for (const name of ["maps", "columns"] as const) {
    const { millis, written } = leaderRun(forms[name])
    leaderMillis[name].push(millis)
    leaderWritten[name] = written
  }
for (const name of ["maps", "columns"] as const) {
  const millis = median(leaderMillis[name])
  console.log(
    `leader, batches of ${batchSize}, rows as ${name}: median of ${leaderRounds} ${millis.toFixed(0)} ms (${((log.length / millis) * 1000).toFixed(0)} events/s against ${((log.length / foldMillis) * 1000).toFixed(0)} for one in-memory fold), ${kb(leaderWritten[name])} of rows written`
  )
}
