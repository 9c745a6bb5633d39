/**
 * What the projections' queries share: pages (Pix's `page[number]` / `page[size]` and its pagination meta)
 * and the accent- and case-insensitive search on names.
 *
 * @since 0.1.0
 */
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"

/**
 * A page request: 1-based page number and page size.
 *
 * @since 0.1.0
 */
export interface PageRequest {
  readonly number?: number | undefined
  readonly size?: number | undefined
}

/**
 * One page of rows and Pix's pagination meta.
 *
 * @since 0.1.0
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly meta: {
    readonly page: number
    readonly pageSize: number
    readonly rowCount: number
    readonly pageCount: number
  }
}

/**
 * The default page size (Pix lists show 50 rows).
 *
 * @since 0.1.0
 */
export const defaultPageSize = 50

/**
 * Cuts one page out of rows; out-of-range or non-integer requests are brought back into range.
 *
 * @since 0.1.0
 */
export const paginate = <A>(rows: ReadonlyArray<A>, request: PageRequest = {}): Page<A> => {
  const pageSize = Math.max(1, Math.trunc(request.size ?? defaultPageSize) || defaultPageSize)
  const pageCount = Math.ceil(rows.length / pageSize)
  const page = Math.max(1, Math.trunc(request.number ?? 1) || 1)
  return {
    items: rows.slice((page - 1) * pageSize, page * pageSize),
    meta: { page, pageSize, rowCount: rows.length, pageCount }
  }
}

/**
 * Folds a text for searching: lower-case, accents removed, whitespace collapsed.
 *
 * @since 0.1.0
 */
export const fold = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()

/**
 * Whether every word of the search appears in one of the texts (Pix's search on first and last names).
 * An empty or absent search matches everything.
 *
 * @since 0.1.0
 */
export const matchesSearch = (search: string | undefined, texts: ReadonlyArray<string | null | undefined>): boolean => {
  if (search === undefined) return true
  const words = fold(search)
    .split(" ")
    .filter((word) => word !== "")
  if (words.length === 0) return true
  const haystack = texts.filter((text): text is string => typeof text === "string").map(fold)
  return words.every((word) => haystack.some((text) => text.includes(word)))
}

/**
 * Compares two texts the French way (for sorting names).
 *
 * @since 0.1.0
 */
export const compareText = (a: string, b: string): number => a.localeCompare(b, "fr", { sensitivity: "base" })

/**
 * A persistent table keyed by id (effect's `HashMap`): setting one entry shares the rest, so a fold stays
 * pure and replays in O(n log n) instead of copying the whole table at every event.
 *
 * @since 0.1.0
 */
export type Table<V> = HashMap.HashMap<string, V>

/**
 * The empty table.
 *
 * @since 0.1.0
 */
export const emptyTable = <V>(): Table<V> => HashMap.empty<string, V>()

/**
 * The entry of a key, or `undefined`.
 *
 * @since 0.1.0
 */
export const get = <V>(table: Table<V>, key: string): V | undefined => Option.getOrUndefined(HashMap.get(table, key))

/**
 * Whether a key has an entry.
 *
 * @since 0.1.0
 */
export const has = <V>(table: Table<V>, key: string): boolean => HashMap.has(table, key)

/**
 * The table with one entry set.
 *
 * @since 0.1.0
 */
export const setIn = <V>(table: Table<V>, key: string, value: V): Table<V> => HashMap.set(table, key, value)

/**
 * The table with one entry changed when present (the same table otherwise).
 *
 * @since 0.1.0
 */
export const updateIn = <V>(table: Table<V>, key: string, change: (value: V) => V): Table<V> => {
  const value = get(table, key)
  return value === undefined ? table : HashMap.set(table, key, change(value))
}

/**
 * The table without one entry (the same table when absent).
 *
 * @since 0.1.0
 */
export const deleteIn = <V>(table: Table<V>, key: string): Table<V> =>
  HashMap.has(table, key) ? HashMap.remove(table, key) : table

/**
 * The entries of a table in a fresh array, in no particular order (queries sort).
 *
 * @since 0.1.0
 */
export const values = <V>(table: Table<V>): Array<V> => Array.from(HashMap.values(table))
