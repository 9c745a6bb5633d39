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

const formatted = (iso: string): string => {
  const p = partsOf(iso)
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`
}

const hourMillis = 3_600_000
const from1970 = 0
// Paris's offset from UTC for each UTC hour met: Paris has been a whole number of hours off UTC since 1911 and
// changes it on a UTC hour, so one `Intl` call per hour serves every date in it (an export of 10,000 participants
// called it 20,000 times: a fifth of the export's time). Bounded: at most one entry per hour in the exported dates.
const offsets = new Map<number, number>()
const offsetOf = (hour: number): number => {
  let offset = offsets.get(hour)
  if (offset === undefined) {
    const p = partsOf(new Date(hour * hourMillis).toISOString())
    offset =
      Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - hour * hourMillis
    if (offsets.size >= 100_000) offsets.clear()
    offsets.set(hour, offset)
  }
  return offset
}
const two = (n: number) => (n < 10 ? `0${n}` : String(n))

/**
 * `DD/MM/YYYY HH:mm` in Europe/Paris (summer and winter time included).
 *
 * @since 0.1.0
 */
export const parisDateTime = (iso: string): string => {
  const millis = Date.parse(iso)
  // Dates before 1970 or unreadable ones go through `Intl` as they are (its own refusal included).
  if (!(millis >= from1970)) return formatted(iso)
  const wall = new Date(millis + offsetOf(Math.floor(millis / hourMillis)))
  return `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`
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
