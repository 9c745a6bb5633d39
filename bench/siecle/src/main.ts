/**
 * SIECLE benchmark: `@orga/siecle` side by side with a reader built the way Pix reads these files (sax stream,
 * saxpath, xml2js per element), on generated files of 5,000 and 50,000 students and one of about 20 MB; then
 * hostile files (billion laughs, quadratic blowup, external entity, zip bombs) and damaged files, with budgets.
 *
 * Every measurement runs in a fresh `node` child (peak RSS is per process); runs alternate between the two
 * readers so that the machine's noise hits both; medians are printed. Exit code 1 when a safety budget is
 * exceeded (a hostile file over 100 ms or 32 MB of growth, a damaged file over 1 s) or a reader misses students.
 *
 * Usage: pnpm --filter @orga/bench-siecle bench   (SIECLE_BENCH_RUNS=5 for more runs; default 3)
 *
 * @since 0.1.0
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Siecle } from "@orga/siecle"
import { generateFile, zip } from "@orga/siecle/testing"

const runs = Number(process.env.SIECLE_BENCH_RUNS ?? 3)
const child = fileURLToPath(new URL("./child.ts", import.meta.url))
const directory = mkdtempSync(join(tmpdir(), "siecle-bench-"))
const MB = 1024 * 1024
let failed = false

interface Measure {
  readonly ms: number
  readonly students: number
  readonly codes: ReadonlyArray<string>
  readonly peakRss: number
  readonly baselineRss: number
}

const measure = (reader: "orga" | "pix", path: string, encoding = "iso-8859-15"): Measure =>
  JSON.parse(
    execFileSync(process.execPath, [child, reader, path, encoding], { encoding: "utf8", maxBuffer: MB }).trim()
  )

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const fixed = (value: number, digits = 1) => value.toFixed(digits)

try {
  console.log(`SIECLE read + validate, ${runs} runs per reader, fresh node child per run (Node ${process.version})\n`)
  console.log(
    "case            reader  students  file MB  median ms  students/s   MB/s  peak RSS MB  RSS before read MB"
  )
  const cases = [
    { name: "5,000 students", students: 5_000 },
    { name: "~20 MB file", students: 18_500 },
    { name: "50,000 students", students: 50_000 }
  ]
  const ratios: Array<string> = []
  for (const { name, students } of cases) {
    const generated = generateFile({ seed: 2025, students, uai: "0331234X" })
    const path = join(directory, `${students}.xml`)
    writeFileSync(path, generated.bytes)
    const sizeMb = generated.bytes.length / MB
    const results: Record<"orga" | "pix", Array<Measure>> = { orga: [], pix: [] }
    for (let run = 0; run < runs; run++) {
      results.orga.push(measure("orga", path))
      results.pix.push(measure("pix", path))
    }
    const throughput: Record<string, number> = {}
    for (const reader of ["orga", "pix"] as const) {
      const measures = results[reader]
      const ms = median(measures.map((m) => m.ms))
      const peak = median(measures.map((m) => m.peakRss)) / MB
      const before = median(measures.map((m) => m.baselineRss)) / MB
      const read = measures[0]?.students ?? 0
      if (read !== generated.expected.students.length) {
        console.log(`  ${reader} read ${read} students, expected ${generated.expected.students.length}`)
        failed = true
      }
      throughput[reader] = sizeMb / (ms / 1000)
      console.log(
        `${name.padEnd(15)} ${reader.padEnd(6)} ${String(read).padStart(9)} ${fixed(sizeMb).padStart(8)} ${fixed(ms, 0).padStart(10)} ${fixed(read / (ms / 1000), 0).padStart(11)} ${fixed(sizeMb / (ms / 1000)).padStart(6)} ${fixed(peak, 0).padStart(12)} ${fixed(before, 0).padStart(19)}`
      )
      if (reader === "orga" && name.startsWith("~20 MB")) {
        console.log(
          `                peak RSS for a ${fixed(sizeMb)} MB file: ${fixed(peak, 0)} MB (target < 200 MB: ${peak < 200 ? "met" : "NOT met"})`
        )
      }
    }
    const ratio = (throughput.orga ?? 0) / (throughput.pix ?? 1)
    ratios.push(`${name}: ${fixed(ratio)}x`)
  }
  console.log(`\nthroughput orga / Pix-like, same runs side by side: ${ratios.join(", ")} (target >= 3x)`)

  // Hostile files: each refused in a fresh child, under 100 ms, growing the process by at most 32 MB.
  console.log("\nhostile file                      answer                 median ms  peak RSS MB  RSS before read MB")
  const valid = new TextDecoder().decode(generateFile({ seed: 1, students: 3, encoding: "UTF-8" }).bytes)
  const withDoctype = (doctype: string, body: string) =>
    valid.replace("<BEE_ELEVES", `${doctype}<BEE_ELEVES`).replace("<PARAMETRES>", `<PARAMETRES>${body}`)
  const lols = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i === 0 ? "" : i};`.repeat(10)}">`)
  const bombEntry = new Uint8Array(200 * MB)
  const bomb = zip({ "ElevesSansAdresses.xml": bombEntry })
  const lying = bomb.slice()
  // Declare 1 MB in the central directory: the reader must stop inflating after that, not at 200 MB.
  for (let at = lying.length - 4; at >= 0; at--) {
    if (lying[at] === 0x50 && lying[at + 1] === 0x4b && lying[at + 2] === 1 && lying[at + 3] === 2) {
      new DataView(lying.buffer).setUint32(at + 24, MB, true)
      break
    }
  }
  const hostile: ReadonlyArray<readonly [string, Uint8Array]> = [
    [
      "billion laughs",
      new TextEncoder().encode(withDoctype(`<!DOCTYPE B [<!ENTITY l "lol">${lols.join("")}]>`, "&l9;"))
    ],
    [
      "quadratic blowup",
      new TextEncoder().encode(
        withDoctype(`<!DOCTYPE B [<!ENTITY a "${"a".repeat(100_000)}">]>`, "&a;".repeat(100_000))
      )
    ],
    [
      "external entity",
      new TextEncoder().encode(withDoctype('<!DOCTYPE B [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"))
    ],
    [`zip bomb (${fixed(bomb.length / 1024, 0)} KB -> 200 MB)`, bomb],
    ["zip bomb lying about its size", lying]
  ]
  for (const [name, bytes] of hostile) {
    const path = join(directory, `hostile-${name.replace(/\W+/g, "-")}`)
    writeFileSync(path, bytes)
    const measures = Array.from({ length: runs }, () => measure("orga", path))
    const ms = median(measures.map((m) => m.ms))
    const answer = measures[0]?.codes.join(",") ?? ""
    const peak = median(measures.map((m) => m.peakRss)) / MB
    const before = median(measures.map((m) => m.baselineRss)) / MB
    const slow = ms >= 100
    // Bounded memory: a hostile file may not make the process grow by more than 32 MB.
    const grown = peak - before > 32
    failed ||= slow || grown || answer === ""
    console.log(
      `${name.padEnd(33)} ${answer.padEnd(22)} ${fixed(ms).padStart(9)} ${fixed(peak, 0).padStart(12)} ${fixed(before, 0).padStart(19)}${slow ? "  OVER 100 ms BUDGET" : ""}${grown ? "  OVER 32 MB BUDGET" : ""}`
    )
  }

  // Damaged files (the fuzzing of the tests, here with a clock): the slowest must stay under 1 s.
  // A collège of 500 students (the tests fuzz files of up to 25 students; whole files have their own figures).
  const base = generateFile({ seed: 7, students: 500 }).bytes
  let slowest = 0
  let state = 12345
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 4294967296
  }
  for (let index = 0; index < 200; index++) {
    let bytes = base.subarray(0, Math.floor(base.length * (index % 2 === 0 ? next() : 1)))
    if (index % 2 === 1) {
      bytes = bytes.slice()
      for (let flip = 0; flip < 8; flip++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
    }
    const input = index % 4 === 3 ? zip({ "a.xml": bytes }) : bytes
    const started = performance.now()
    Siecle.read(input, { uai: "0331234X" })
    slowest = Math.max(slowest, performance.now() - started)
  }
  failed ||= slowest >= 1000
  console.log(
    `\n200 damaged files of ${fixed(base.length / MB)} MB (truncated, bytes flipped, zipped): slowest ${fixed(slowest)} ms (budget 1000 ms${slowest >= 1000 ? ": EXCEEDED" : ""})`
  )
} finally {
  rmSync(directory, { recursive: true, force: true })
}
if (failed) process.exitCode = 1
