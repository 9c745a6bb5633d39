/**
 * A partition's participations stored column-wise in its row (issue 17): the form a school's row takes before the
 * snapshot codec serializes it, and the maps rebuilt from it when the row is decoded.
 *
 * The participations' `streams` and `info` are four fifths of a school's decoded row: thousands of records of the
 * same fields whose strings repeat (the campaign, the organization, the status, the skill ids). v8's serializer
 * writes and revives each record and each string one by one; here each field is one column, and a column of
 * strings (or of string lists) is a dictionary of its distinct values and their indices in a typed array, so
 * decoding creates each distinct string once and the serializer moves a few large arrays. Everything else in the
 * row stays as it was, and a map whose records do not all have the same fields stays in the maps' form: the form
 * changes how the row is written, never what it holds.
 *
 * @since 0.3.0
 */

/**
 * The version of the column form this module writes. A row without columns (written before them) is read as it
 * is; a row with columns of another version is refused.
 *
 * @category models
 * @since 0.3.0
 */
export const version = 2

// The field of the participations' root that holds the columns in a row (never a field of the read model).
const columnsField = "~columns"

type Column =
  | { readonly kind: "raw"; readonly values: ReadonlyArray<unknown> }
  | { readonly kind: "strings"; readonly dictionary: ReadonlyArray<string>; readonly indices: Uint32Array }
  | {
      readonly kind: "stringLists"
      readonly dictionary: ReadonlyArray<string>
      readonly lengths: Uint32Array
      readonly indices: Uint32Array
    }

interface Table {
  readonly fields: ReadonlyArray<string>
  readonly columns: ReadonlyArray<Column>
}

const isStringList = (value: unknown): value is ReadonlyArray<string> =>
  Array.isArray(value) && value.every((item) => typeof item === "string")

const columnOf = (values: ReadonlyArray<unknown>): Column => {
  if (values.every((value) => typeof value === "string")) {
    const positions = new Map<string, number>()
    const indices = new Uint32Array(values.length)
    for (let index = 0; index < values.length; index++) {
      const value = values[index] as string
      let position = positions.get(value)
      if (position === undefined) {
        position = positions.size
        positions.set(value, position)
      }
      indices[index] = position
    }
    return { kind: "strings", dictionary: [...positions.keys()], indices }
  }
  if (values.length > 0 && values.every(isStringList)) {
    const positions = new Map<string, number>()
    const lengths = new Uint32Array(values.length)
    const flat: Array<number> = []
    for (let index = 0; index < values.length; index++) {
      const list = values[index] as ReadonlyArray<string>
      lengths[index] = list.length
      for (const value of list) {
        let position = positions.get(value)
        if (position === undefined) {
          position = positions.size
          positions.set(value, position)
        }
        flat.push(position)
      }
    }
    return { kind: "stringLists", dictionary: [...positions.keys()], lengths, indices: Uint32Array.from(flat) }
  }
  return { kind: "raw", values }
}

// The strings of a decoded row, each text made once: a participation's id is in its record, its stream's outcomes,
// its info's key and its campaign's list; its stream's id keys the streams, the infos and the versions. A loaded
// school holds thousands of them; sharing one string per text took a sixth of its heap on the académie.
type Pool = Map<string, string>

const shared = (pool: Pool, text: string): string => {
  const found = pool.get(text)
  if (found !== undefined) return found
  pool.set(text, text)
  return text
}

const valuesOf = (column: Column, count: number, pool: Pool): ReadonlyArray<unknown> => {
  switch (column.kind) {
    case "raw":
      return column.values
    case "strings": {
      const dictionary = column.dictionary.map((text) => shared(pool, text))
      const values = new Array<unknown>(count)
      for (let index = 0; index < count; index++) values[index] = dictionary[column.indices[index]!]
      return values
    }
    case "stringLists": {
      // Equal lists are one array (a campaign's learners validate and test the same skills over and over): the
      // lists a participation holds are replaced when it changes, never changed in place.
      const dictionary = column.dictionary.map((text) => shared(pool, text))
      const lists = new Map<string, ReadonlyArray<string>>()
      const values = new Array<unknown>(count)
      let at = 0
      for (let index = 0; index < count; index++) {
        const length = column.lengths[index]!
        const key = column.indices.subarray(at, at + length).join(",")
        let list = lists.get(key)
        if (list === undefined) {
          const made = new Array<string>(length)
          for (let item = 0; item < length; item++) made[item] = dictionary[column.indices[at + item]!]!
          list = made
          lists.set(key, list)
        }
        at += length
        values[index] = list
      }
      return values
    }
  }
}

const sameKeys = (record: object, fields: ReadonlyArray<string>): boolean => {
  const keys = Object.keys(record)
  return keys.length === fields.length && keys.every((key, index) => key === fields[index])
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)

// The records as columns, or null when they do not all have the same fields in the same order (kept as they are).
const tableOf = (records: ReadonlyArray<unknown>): Table | null => {
  const first = records[0]
  const fields = isRecord(first) ? Object.keys(first) : []
  // An own `__proto__` would set the made records' prototype in an object literal: such records stay as they are.
  if (fields.includes("__proto__")) return null
  for (const record of records) if (!isRecord(record) || !sameKeys(record, fields)) return null
  const columns = fields.map((field) => columnOf(records.map((record) => (record as Record<string, unknown>)[field])))
  return { fields, columns }
}

// A maker of records of these fields from the columns: an object literal of the fields in their order, so that
// every record is made with its final shape at once. Stored one by one under names read from the row (not yet
// property keys, at a store site that sees every field), the fields took most of a row's decoding. The names are
// written as JSON string literals: whatever a row holds, they stay names.
const makerOf = (
  fields: ReadonlyArray<string>
): ((columns: ReadonlyArray<ReadonlyArray<unknown>>, index: number) => Record<string, unknown>) =>
  new Function(
    "columns",
    "index",
    `return { ${fields.map((field, at) => `${JSON.stringify(field)}: columns[${at}][index]`).join(", ")} }`
  ) as (columns: ReadonlyArray<ReadonlyArray<unknown>>, index: number) => Record<string, unknown>

const recordsOf = (table: Table, count: number, pool: Pool): Array<Record<string, unknown>> => {
  // Rows are written by `toRow`, which never stores that field; a row that names it was not, and is refused.
  if (table.fields.includes("__proto__")) throw new Error("a partition row's columns name the field __proto__")
  const columns = table.columns.map((column) => valuesOf(column, count, pool))
  const make = makerOf(table.fields)
  const records = new Array<Record<string, unknown>>(count)
  for (let index = 0; index < count; index++) records[index] = make(columns, index)
  return records
}

interface StreamsColumns {
  readonly ids: ReadonlyArray<string>
  /** The number of participations of each stream, then of outcomes. */
  readonly participationCounts: Uint32Array
  readonly participations: Table
  readonly outcomeCounts: Uint32Array
  readonly outcomeKeys: Column
  readonly outcomeSkills: Column
}

interface Columns {
  readonly version: number
  readonly streams: StreamsColumns | null
  readonly info: { readonly ids: ReadonlyArray<string>; readonly table: Table } | null
}

type StreamLike = { readonly participations: ReadonlyArray<unknown>; readonly outcomes: Record<string, unknown> }

const streamsColumnsOf = (streams: Map<string, unknown>): StreamsColumns | null => {
  const participations: Array<unknown> = []
  const outcomeKeys: Array<string> = []
  const outcomeSkills: Array<unknown> = []
  const participationCounts = new Uint32Array(streams.size)
  const outcomeCounts = new Uint32Array(streams.size)
  let index = 0
  for (const stream of streams.values()) {
    if (!isRecord(stream) || !sameKeys(stream, ["participations", "outcomes"])) return null
    const { participations: list, outcomes } = stream as StreamLike
    if (!Array.isArray(list) || !isRecord(outcomes)) return null
    participations.push(...list)
    participationCounts[index] = list.length
    const keys = Object.keys(outcomes)
    outcomeCounts[index] = keys.length
    for (const key of keys) {
      outcomeKeys.push(key)
      outcomeSkills.push(outcomes[key])
    }
    index++
  }
  const table = tableOf(participations)
  if (table === null) return null
  return {
    ids: [...(streams.keys() as Iterable<string>)],
    participationCounts,
    participations: table,
    outcomeCounts,
    outcomeKeys: columnOf(outcomeKeys),
    outcomeSkills: columnOf(outcomeSkills)
  }
}

const streamsOf = (columns: StreamsColumns, pool: Pool): Map<string, unknown> => {
  const total = columns.participationCounts.reduce((sum, count) => sum + count, 0)
  const outcomesTotal = columns.outcomeCounts.reduce((sum, count) => sum + count, 0)
  const participations = recordsOf(columns.participations, total, pool)
  const outcomeKeys = valuesOf(columns.outcomeKeys, outcomesTotal, pool) as ReadonlyArray<string>
  const outcomeSkills = valuesOf(columns.outcomeSkills, outcomesTotal, pool)
  const streams = new Map<string, unknown>()
  let participationAt = 0
  let outcomeAt = 0
  for (let index = 0; index < columns.ids.length; index++) {
    const end = participationAt + columns.participationCounts[index]!
    const list = participations.slice(participationAt, end)
    participationAt = end
    const outcomes: Record<string, unknown> = {}
    for (let count = columns.outcomeCounts[index]!; count > 0; count--, outcomeAt++)
      outcomes[outcomeKeys[outcomeAt]!] = outcomeSkills[outcomeAt]
    streams.set(shared(pool, columns.ids[index]!), { participations: list, outcomes })
  }
  return streams
}

/**
 * A partition's state in its row's form: the participations' `streams` and `info` as columns when they have
 * entries and their records share their fields, the rest as it is (the state itself is not changed).
 *
 * @category constructors
 * @since 0.3.0
 */
export const toRow = <S extends Record<string, unknown>>(state: S): S => {
  const participations = state.participations as Record<string, unknown> | undefined
  if (participations === undefined) return state
  const streams = participations.streams as Map<string, unknown> | undefined
  const info = participations.info as Map<string, unknown> | undefined
  const streamsColumns = streams !== undefined && streams.size > 0 ? streamsColumnsOf(streams) : null
  const infoTable = info !== undefined && info.size > 0 ? tableOf([...info.values()]) : null
  if (streamsColumns === null && infoTable === null) return state
  const rest: Record<string, unknown> = { ...participations }
  if (streamsColumns !== null) delete rest.streams
  if (infoTable !== null) delete rest.info
  const columns: Columns = {
    version,
    streams: streamsColumns,
    info: infoTable === null ? null : { ids: [...(info!.keys() as Iterable<string>)], table: infoTable }
  }
  rest[columnsField] = columns
  return { ...state, participations: rest }
}

/**
 * A partition's state from its row's form, in place: the participations' columns made maps again. A row written
 * before the columns is returned as it is; columns of another version throw.
 *
 * @category constructors
 * @since 0.3.0
 */
export const fromRow = <S extends Record<string, unknown>>(state: S): S => {
  const participations = state.participations as Record<string, unknown> | undefined
  const columns = participations?.[columnsField] as Columns | undefined
  if (participations === undefined || columns === undefined) return state
  if (columns.version !== version)
    throw new Error(
      `A partition row of column form ${String(columns.version)}: this version reads form ${version} (or rows without columns)`
    )
  delete participations[columnsField]
  const pool: Pool = new Map()
  if (columns.streams !== null) participations.streams = streamsOf(columns.streams, pool)
  if (columns.info !== null) {
    const records = recordsOf(columns.info.table, columns.info.ids.length, pool)
    const info = new Map<string, unknown>()
    for (let index = 0; index < records.length; index++)
      info.set(shared(pool, columns.info.ids[index]!), records[index])
    participations.info = info
  }
  // The same texts outside the columns: the campaigns' lists of participations and the streams' versions.
  const byCampaign = participations.byCampaign
  if (byCampaign instanceof Map)
    for (const list of byCampaign.values())
      if (Array.isArray(list))
        for (let index = 0; index < list.length; index++)
          if (typeof list[index] === "string") list[index] = shared(pool, list[index])
  const versions = state.versions
  if (versions instanceof Map && versions.size > 0) {
    const entries = [...versions]
    versions.clear()
    for (const [streamId, version] of entries)
      versions.set(typeof streamId === "string" ? shared(pool, streamId) : streamId, version)
  }
  return state
}
