/**
 * Small builders shared by the tests: SIECLE files written as SIECLE writes them (ISO-8859-15 bytes).
 */
import * as Result from "effect/Result"
import { expect } from "vitest"
import { Siecle, type SiecleFile } from "../src/index.ts"
import {
  eleve,
  encode,
  type GeneratedEncoding,
  inDivision,
  render,
  type SiecleDocument,
  type StructuresEleve,
  type StudentFields,
  validStudent
} from "../src/testing/index.ts"

export const UAI = "0331234X"

/** One student per entry: `[ELEVE_ID, fields]`; each gets the division 6A unless `structures` is given. */
export const documentOf = (
  students: ReadonlyArray<readonly [string, StudentFields]>,
  structures?: ReadonlyArray<StructuresEleve>,
  overrides: Partial<SiecleDocument> = {}
): SiecleDocument => ({
  uai: UAI,
  schoolYear: "2025",
  eleves: students.map(([id, fields]) => eleve(id, fields)),
  structures: structures ?? students.map(([id]) => inDivision(id, "6A")),
  ...overrides
})

export const bytesOf = (document: SiecleDocument, encoding: GeneratedEncoding = "ISO-8859-15"): Uint8Array =>
  encode(render(document, encoding), encoding)

export const readDocument = (document: SiecleDocument, encoding: GeneratedEncoding = "ISO-8859-15") =>
  Siecle.read(bytesOf(document, encoding), { uai: UAI })

/** The accepted file, or a failed expectation naming the codes. */
export const accepted = (result: ReturnType<typeof Siecle.read>): SiecleFile => {
  if (Result.isFailure(result)) {
    expect.fail(`refused: ${result.failure.errors.map((error) => error.code).join(", ")}`)
  }
  return result.success
}

/** The `{ code, meta }` of each problem of a refused file. */
export const problems = (result: ReturnType<typeof Siecle.read>) => {
  if (Result.isSuccess(result)) return expect.fail("accepted")
  return result.failure.errors.map(({ code, meta }) => ({ code, meta }))
}

export const codes = (result: ReturnType<typeof Siecle.read>) => problems(result).map((problem) => problem.code)

export { validStudent }
