/**
 * What the projections' queries share: pages (Pix's `page[number]` / `page[size]` and its pagination meta)
 * and the accent- and case-insensitive search on names.
 *
 * @since 0.1.0
 */

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
 * A copy of a map with one entry set: folds stay pure without copying every value.
 *
 * @since 0.1.0
 */
export const setIn = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => {
  const next = new Map(map)
  next.set(key, value)
  return next
}

/**
 * A copy of a map with one entry changed when present (unchanged map otherwise).
 *
 * @since 0.1.0
 */
export const updateIn = <K, V>(map: ReadonlyMap<K, V>, key: K, change: (value: V) => V): ReadonlyMap<K, V> => {
  const value = map.get(key)
  return value === undefined ? map : setIn(map, key, change(value))
}

/**
 * A copy of a map without one entry.
 *
 * @since 0.1.0
 */
export const deleteIn = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  if (!map.has(key)) return map
  const next = new Map(map)
  next.delete(key)
  return next
}
