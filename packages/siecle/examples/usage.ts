/**
 * The README's example: read a school's SIECLE export and say what happened, in French, as the admin sees it.
 */
import { Siecle } from "@orga/siecle"
import { generateFile, zip } from "@orga/siecle/testing"
import * as Result from "effect/Result"

/** Reads an upload (XML or zip, any supported encoding) for the organization whose UAI is `uai`. */
export const importSummary = (upload: Uint8Array, uai: string): string => {
  const result = Siecle.read(upload, { uai })
  if (Result.isFailure(result)) {
    return result.failure.errors.map((error) => `${error.code}: ${error.message}`).join("\n")
  }
  const { students, schoolYear, report } = result.success
  return `${students.length} élèves importables pour ${schoolYear} (lus : ${report.read}, partis : ${report.skipped.left}, pas encore arrivés : ${report.skipped.notArrived}, sans classe : ${report.skipped.noDivision})`
}

// A school of 300 pupils, as SIECLE writes it (ISO-8859-15), zipped as schools often send it.
const school = generateFile({ seed: 1, students: 300, uai: "0331234X" })
const upload = zip({ "ElevesSansAdresses.xml": school.bytes })

export const accepted = importSummary(upload, "0331234X")
// → "276 élèves importables pour 2025 (lus : 300, partis : 10, pas encore arrivés : 5, sans classe : 9)"
export const refused = importSummary(upload, "0759999Z")
// → "UAI_MISMATCHED: L’UAI du fichier SIECLE ne correspond pas à celui de votre établissement."
