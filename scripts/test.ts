/**
 * `pnpm test`: runs every Vitest project once and prints the closing line CI reads: `N passed, N failed`
 * (`, N skipped` where any), computed from Vitest's JSON report. Exits non-zero on any failure, and when no
 * test ran at all. Extra arguments are passed to Vitest (e.g. `pnpm test packages/domain`).
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

interface VitestJsonReport {
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numPendingTests: number
  readonly numTodoTests: number
  readonly numTotalTests: number
  readonly numFailedTestSuites: number
}

const reportFile = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-vitest-")), "report.json")
const vitest = spawnSync(
  "vitest",
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: "inherit" }
)

if (!Fs.existsSync(reportFile)) {
  console.log("0 passed, 1 failed")
  console.error(`vitest wrote no report (exit ${vitest.status ?? vitest.signal})`)
  process.exit(1)
}
const report = JSON.parse(Fs.readFileSync(reportFile, "utf8")) as VitestJsonReport
const skipped = report.numPendingTests + report.numTodoTests
// A suite that fails to load has no failed test, but it is a failure all the same.
const failed = report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0)
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
const ok = vitest.status === 0 && failed === 0 && report.numPassedTests > 0
process.exit(ok ? 0 : 1)
