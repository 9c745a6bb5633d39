/**
 * The Levenshtein edit distance (insertions, deletions, substitutions of one UTF-16 unit each), as Pix's
 * `fast-levenshtein` computes it. Written here because the domain depends on `effect` only.
 *
 * @since 0.1.0
 */

/**
 * The edit distance between two strings, in O(|a| × |b|) time and O(|b|) memory.
 *
 * @since 0.1.0
 */
export const distance = (a: string, b: string): number => {
  if (a === b) return 0
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  // One row of the dynamic-programming table, reused: row[j] = distance(a[0..i], b[0..j]).
  const row = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) row[j] = j
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost)
      diagonal = above
    }
  }
  return row[b.length]!
}

/**
 * The distance divided by the length of the typed string (Pix divides by the input's length, not the
 * longest): `Infinity` when the typed string is empty, so an empty input is never close to anything.
 *
 * @since 0.1.0
 */
export const ratio = (typed: string, reference: string): number =>
  typed.length === 0 ? Number.POSITIVE_INFINITY : distance(typed, reference) / typed.length
