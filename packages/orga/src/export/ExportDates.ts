/**
 * Date formats of the exports (§6.2 and its update): `DD/MM/YYYY HH:mm` in Europe/Paris for every date of both
 * exports, and `YYYY-MM-DD-HHmm` in the file name.
 *
 * @since 0.1.0
 */

const parisParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23"
})

const partsOf = (iso: string): Record<string, string> => {
  const parts: Record<string, string> = {}
  for (const part of parisParts.formatToParts(new Date(iso))) parts[part.type] = part.value
  return parts
}

/**
 * `DD/MM/YYYY HH:mm` in Europe/Paris (summer and winter time included).
 *
 * @since 0.1.0
 */
export const parisDateTime = (iso: string): string => {
  const p = partsOf(iso)
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`
}

/**
 * `YYYY-MM-DD-HHmm` in Europe/Paris, for export file names.
 *
 * @since 0.1.0
 */
export const fileStamp = (iso: string): string => {
  const p = partsOf(iso)
  return `${p.year}-${p.month}-${p.day}-${p.hour}${p.minute}`
}

/**
 * `YYYY-MM-DD` in UTC.
 *
 * @since 0.1.0
 */
export const utcDate = (iso: string): string => new Date(iso).toISOString().slice(0, 10)
