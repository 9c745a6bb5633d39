/**
 * One measurement in a fresh process: reads one file with one reader and prints a JSON line with the time,
 * the outcome and the peak RSS (`process.resourceUsage().maxRSS`), plus the RSS before reading (Node, type
 * stripping and the loaded modules).
 *
 * Usage: node child.ts <orga|pix> <file> <encoding>
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { Siecle } from "@orga/siecle"
import * as Result from "effect/Result"
import { readLikePix } from "./pixPipeline.ts"

const [reader = "orga", path = "", encoding = "iso-8859-15", uai = "0331234X"] = process.argv.slice(2)
const baselineRss = process.resourceUsage().maxRSS * 1024
const started = performance.now()
let students = 0
let codes: ReadonlyArray<string> = []
if (reader === "orga") {
  const result = Siecle.read(readFileSync(path), { uai, maxBytes: Number.MAX_SAFE_INTEGER })
  if (Result.isSuccess(result)) students = result.success.students.length
  else codes = [...new Set(result.failure.errors.map((error) => error.code))]
} else {
  const outcome = await readLikePix(path, encoding)
  students = outcome.learners
  codes = [...new Set(outcome.errors)]
}
const ms = performance.now() - started
console.log(JSON.stringify({ ms, students, codes, peakRss: process.resourceUsage().maxRSS * 1024, baselineRss }))
