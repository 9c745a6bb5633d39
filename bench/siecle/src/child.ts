/**
 * One measurement in a fresh process: reads one file with one reader and prints a JSON line with the time,
 * the outcome (students read, or the problem codes with their exact counts and how many were kept) and the
 * peak RSS (`process.resourceUsage().maxRSS`), plus the RSS before reading (Node, type stripping and the loaded
 * modules).
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
const baselineRss = process.resourceUsage().maxRSS * 1024
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
console.log(
  JSON.stringify({ ms, students, codes, counts, kept, peakRss: process.resourceUsage().maxRSS * 1024, baselineRss })
)
