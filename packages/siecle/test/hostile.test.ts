/**
 * The hostile corpus (`@orga/siecle/testing`'s `Hostile.hostileFiles`): every file, plain or zipped, is refused
 * with the expected problems or read, and a refusal keeps at most `Limits.maxReportedErrors` problems, the first
 * in file order, with the exact count of every code. Times are printed by bench/siecle, not asserted here.
 */
import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import { Limits, Siecle } from "../src/index.ts"
import { Hostile } from "../src/testing/index.ts"

describe("hostile files", () => {
  it.each(Hostile.hostileFiles().map((file) => [file.name, file] as const))(
    "%s: refused or read as expected",
    (_, file) => {
      const result = Siecle.read(file.make(), { uai: Hostile.uai })
      const { expected } = file
      if (expected.outcome === "read") {
        expect(Result.isSuccess(result) && result.success.students.length).toBe(expected.students)
        return
      }
      if (Result.isSuccess(result)) return expect.fail("accepted")
      const { errors, errorCounts, errorTotal } = result.failure
      const total = Object.values(expected.counts).reduce((sum, count) => sum + count, 0)
      expect(errorCounts).toEqual(expected.counts)
      expect(errorTotal).toBe(total)
      expect(errors.length).toBe(Math.min(total, Limits.maxReportedErrors))
      for (const error of errors) {
        expect(expected.counts[error.code]).toBeGreaterThan(0)
        expect(error.message.length).toBeGreaterThan(0)
      }
    },
    30_000
  )

  it("keeps the first problems in file order: the first students', each in the decided order", () => {
    const flood = Hostile.hostileFiles().find((file) => file.name === "300,000 problems (50,000 students)")
    const result = Siecle.read(flood?.make() ?? new Uint8Array(), { uai: Hostile.uai })
    if (Result.isSuccess(result)) return expect.fail("accepted")
    const perStudent = [
      "INE_REQUIRED",
      "FIRST_NAME_REQUIRED",
      "INVALID_CHAR_DETECTED",
      "SEX_CODE_REQUIRED",
      "INVALID_BIRTHDATE_FORMAT",
      "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"
    ]
    const expected = Array.from({ length: Limits.maxReportedErrors }, (_, index) => perStudent[index % 6])
    expect(result.failure.errors.map((error) => error.code)).toEqual(expected)
  }, 30_000)

  it("says each cap in French, with the cap in its meta", () => {
    const codes = ["TOO_MANY_STUDENTS", "FIELD_TOO_LONG", "RECORD_TOO_LARGE", "TOO_MANY_CHARACTER_REFERENCES"]
    const seen = new Map<string, { message: string; meta: Readonly<Record<string, unknown>> }>()
    for (const file of Hostile.hostileFiles().filter((file) => !file.zipped)) {
      if (file.expected.outcome !== "refused") continue
      const code = Object.keys(file.expected.counts)[0] ?? ""
      if (!codes.includes(code) || seen.has(code)) continue
      const result = Siecle.read(file.make(), { uai: Hostile.uai })
      const error = Result.isFailure(result) ? result.failure.errors[0] : undefined
      if (error !== undefined) seen.set(code, { message: error.message, meta: error.meta })
    }
    expect(Object.fromEntries(seen)).toEqual({
      TOO_MANY_STUDENTS: {
        message:
          "Le fichier contient plus de 50\u00a0000 élèves. Vérifiez qu’il s’agit bien de l’export SIECLE de votre établissement.",
        meta: { max: "50000" }
      },
      FIELD_TOO_LONG: {
        message:
          "Le fichier contient une valeur de plus de 1000 caractères. Exportez de nouveau le fichier depuis SIECLE, sans l’ouvrir ni l’enregistrer avec un autre logiciel.",
        meta: { maxLength: "1000" }
      },
      RECORD_TOO_LARGE: {
        message:
          "Un élève du fichier est décrit par plus de 500 éléments ou de 65\u00a0536 caractères. Exportez de nouveau le fichier depuis SIECLE, sans l’ouvrir ni l’enregistrer avec un autre logiciel.",
        meta: { maxItems: "500", maxLength: "65536" }
      },
      TOO_MANY_CHARACTER_REFERENCES: {
        message:
          "Le fichier contient trop de caractères codés (comme « &#65; ») : au plus 100 par valeur et 500\u00a0000 dans tout le fichier. Exportez de nouveau le fichier depuis SIECLE, sans l’ouvrir ni l’enregistrer avec un autre logiciel.",
        meta: { maxPerValue: "100", maxPerFile: "500000" }
      }
    })
  }, 30_000)
})
