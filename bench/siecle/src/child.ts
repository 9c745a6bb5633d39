/**
 * One measurement in a fresh process: reads one file with one reader and prints a JSON line with the time,
 * the outcome (students read, or the problem codes with their exact counts and how many were kept) and the
 * peak RSS (`VmHWM` of `/proc/self/status`, else `process.resourceUsage().maxRSS`), plus the peak before reading
 * (Node, type stripping and the loaded modules).
 *
 * Usage: node child.ts <orga|pix> <file> <encoding> [uai] [lifted|default]
 * (`lifted`, the default, lifts the 20 MB upload limit so that larger generated files can be timed; `default`
 * reads with every limit as an application would.)
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { Siecle } from "@orga/siecle"
import * as Result from "effect/Result"
import { readLikePix } from "./pixPipeline.ts"

const [reader = "orga", path = "", encoding = "iso-8859-15", uai = "0331234X", limits = "lifted"] =
  process.argv.slice(2)
// The peak RSS of this process image. `resourceUsage().maxRSS` would not do: Linux carries the high-water mark
// across exec, so a child spawned by a parent of 190 MB would report at least 190 MB. `VmHWM` is this image's own.
const peakRss = (): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))
  return match === null ? process.resourceUsage().maxRSS * 1024 : Number(match[1]) * 1024
}
const baselineRss = peakRss()
const started = performance.now()
// Read inside the timing, as Pix's pipeline streams the file inside its own.
const bytes = reader === "orga" ? readFileSync(path) : undefined
let students = 0
let codes: ReadonlyArray<string> = []
let counts: Readonly<Record<string, number>> = {}
let kept = 0
if (bytes !== undefined) {
  const result = Siecle.read(bytes, limits === "default" ? { uai } : { uai, maxBytes: Number.MAX_SAFE_INTEGER })
  if (Result.isSuccess(result)) students = result.success.students.length
  else {
    codes = [...new Set(result.failure.errors.map((error) => error.code))]
    counts = result.failure.errorCounts
    kept = result.failure.errors.length
  }
} else {
  const outcome = await readLikePix(path, encoding)
  students = outcome.learners
  codes = [...new Set(outcome.errors)]
}
const ms = performance.now() - started
console.log(JSON.stringify({ ms, students, codes, counts, kept, peakRss: peakRss(), baselineRss }))
