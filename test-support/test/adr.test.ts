/**
 * The ADRs keep one header format and the index lists every one of them, so `docs/adr/README.md` never goes stale.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"

const adrDir = Path.resolve(import.meta.dirname, "../../docs/adr")

interface Entry {
  readonly number: string
  readonly title: string
  readonly status: string
  readonly date: string
}

const statuses = "accepted|proposed|deprecated|superseded"
const headerPattern = new RegExp(
  `^# ADR (\\d{4}) — (\\S.*)\\n\\nStatus: (${statuses}) \\((\\d{4}-\\d{2}-\\d{2})\\)\\n\\n`
)
const rowPattern = new RegExp(
  `^\\| \\[(\\d{4})\\]\\((\\d{4}-[a-z0-9-]+\\.md)\\) \\| (.+?) \\| (${statuses}) \\| (\\d{4}-\\d{2}-\\d{2}) \\|$`
)

const adrFiles = (): ReadonlyArray<string> =>
  Fs.readdirSync(adrDir)
    .filter((name) => /^\d{4}-.*\.md$/.test(name))
    .sort()

/** The header of an ADR file, or a message saying what is wrong with it. */
const headerOf = (file: string): Entry | string => {
  const text = Fs.readFileSync(Path.join(adrDir, file), "utf8")
  const match = headerPattern.exec(text)
  if (!match) return `${file}: header is not "# ADR NNNN — Title" / blank / "Status: accepted (YYYY-MM-DD)" / blank`
  const [, number = "", title = "", status = "", date = ""] = match
  if (!file.startsWith(`${number}-`)) return `${file}: header says ADR ${number}`
  if (!/^[a-z0-9]+(-[a-z0-9]+)*\.md$/.test(file.slice(5))) return `${file}: name is not NNNN-kebab-title.md`
  if (
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  )
    return `${file}: ${date} is not a date`
  return { number, title: title.trim(), status, date }
}

/** The index rows: file name → entry. Lines of the table that do not parse are returned as problems. */
const indexOf = (): {
  readonly rows: ReadonlyArray<Entry & { readonly file: string }>
  readonly bad: ReadonlyArray<string>
} => {
  const lines = Fs.readFileSync(Path.join(adrDir, "README.md"), "utf8").split("\n")
  const rows: Array<Entry & { readonly file: string }> = []
  const bad: Array<string> = []
  for (const line of lines) {
    if (!line.startsWith("| [")) continue
    const match = rowPattern.exec(line)
    if (!match) {
      bad.push(line)
      continue
    }
    const [, number = "", file = "", title = "", status = "", date = ""] = match
    rows.push({ number, file, title, status, date })
  }
  return { rows, bad }
}

describe("ADRs", () => {
  const files = adrFiles()

  it("finds the ADRs", () => {
    expect(files).toContain("0001-vitest-projects.md")
  })

  it("every ADR has the one header format", () => {
    expect(files.map(headerOf).filter((header) => typeof header === "string")).toEqual([])
  })

  it("no two ADRs share a number", () => {
    const numbers = files.map((file) => file.slice(0, 4))
    expect(numbers.filter((number, i) => numbers.indexOf(number) !== i)).toEqual([])
  })

  it("the index lists every ADR, with its header's number, title, status and date, in number order", () => {
    const { rows, bad } = indexOf()
    expect(bad).toEqual([])
    const expected = files.map((file) => {
      const header = headerOf(file)
      return typeof header === "string" ? { file, problem: header } : { file, ...header }
    })
    expect(rows).toEqual(expected)
  })

  it("every index row points to an ADR file", () => {
    const { rows } = indexOf()
    expect(rows.filter((row) => !Fs.existsSync(Path.join(adrDir, row.file))).map((row) => row.file)).toEqual([])
    expect(rows.filter((row) => !row.file.startsWith(`${row.number}-`)).map((row) => row.file)).toEqual([])
  })
})
