/**
 * How `orga batch` splits a script line into words (`src/commands/batch.ts`), as a shell would: any words quoted
 * for a shell come back as they were; an open quote is refused.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { words } from "../src/commands/batch.ts"

// A word quoted for a POSIX shell: inside '…', a ' is written '\''.
const shellQuoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`

describe("batch script lines", () => {
  it("splits on spaces and reads quotes and backslashes as a shell does", () => {
    expect(words("  students list -o org-1  ")).toEqual(["students", "list", "-o", "org-1"])
    expect(words(`campaigns create --name "Collecte 3e" --type PROFILES_COLLECTION`)).toEqual([
      "campaigns",
      "create",
      "--name",
      "Collecte 3e",
      "--type",
      "PROFILES_COLLECTION"
    ])
    expect(words(`--name 'L\\école' a\\ b "" x`)).toEqual(["--name", "L\\école", "a b", "", "x"])
    expect(words(`--name "Jean \\"Moulin\\""`)).toEqual(["--name", 'Jean "Moulin"'])
    expect(words("")).toEqual([])
  })

  it("refuses a quote left open", () => {
    expect(words(`students list -o "org-1`)).toBeUndefined()
    expect(words("--name 'Collège")).toBeUndefined()
  })

  it("gives back any words quoted for a shell", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 6 }), (list) => {
        expect(words(list.map(shellQuoted).join(" "))).toEqual(list)
      })
    )
  })
})
