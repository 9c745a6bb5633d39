import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Siecle } from "../src/index.ts"
import { hasInvalidChars, isoBirthdate } from "../src/Rules.ts"
import { encode, render } from "../src/testing/index.ts"
import { accepted, bytesOf, codes, documentOf, problems, readDocument, UAI, validStudent } from "./helpers.ts"

describe("an accepted file", () => {
  it("gives typed records, the school year and the report", () => {
    const document = documentOf([
      [
        "1",
        validStudent("1234567890A", {
          NOM_DE_FAMILLE: "LŒUILLET-N'DIAYE",
          NOM_USAGE: "ŠIMEK",
          PRENOM: "Lœtitia",
          PRENOM2: "Žofia",
          PRENOM3: "Ÿvonne",
          CODE_SEXE: "2"
        })
      ],
      [
        "2",
        validStudent("1234567891B", {
          PRENOM: "Noël",
          CODE_SEXE: "1",
          CODE_PAYS: "350",
          CODE_DEPARTEMENT_NAISS: "99",
          CODE_COMMUNE_INSEE_NAISS: null,
          VILLE_NAISS: "CASABLANCA",
          CODE_STATUT: "AP",
          NOM_USAGE: ""
        })
      ]
    ])
    const bytes = bytesOf(document)
    // Written as SIECLE writes it: Œ is the single byte 0xBC in ISO-8859-15.
    expect(bytes.includes(0xbc)).toBe(true)
    const file = accepted(Siecle.read(bytes, { uai: UAI }))
    expect(file.uai).toBe(UAI)
    expect(file.schoolYear).toBe("2025")
    expect(file.encoding).toBe("ISO-8859-15")
    expect(file.students).toEqual([
      {
        nationalStudentId: "1234567890A",
        lastName: "LŒUILLET-N'DIAYE",
        preferredLastName: "ŠIMEK",
        firstName: "Lœtitia",
        middleName: "Žofia",
        thirdName: "Ÿvonne",
        sex: "F",
        birthdate: "2012-03-14",
        birthCountryCode: "100",
        birthProvinceCode: "033",
        birthCityCode: "33063",
        birthCity: null,
        MEFCode: "10010012110",
        status: "ST",
        division: "6A"
      },
      {
        nationalStudentId: "1234567891B",
        lastName: "DUPONT",
        preferredLastName: "",
        firstName: "Noël",
        middleName: null,
        thirdName: null,
        sex: "M",
        birthdate: "2012-03-14",
        birthCountryCode: "350",
        birthProvinceCode: "99",
        birthCityCode: null,
        birthCity: "CASABLANCA",
        MEFCode: "10010012110",
        status: "AP",
        division: "6A"
      }
    ])
    expect(file.report).toEqual({
      read: 2,
      importable: 2,
      skipped: { left: 0, notArrived: 0, noDivision: 0 },
      structuresIgnored: 0,
      skippedStudents: []
    })
  })

  it("maps a sex code other than 1 or 2 to null without a problem", () => {
    const file = accepted(readDocument(documentOf([["1", validStudent("1234567890A", { CODE_SEXE: "3" })]])))
    expect(file.students[0]?.sex).toBeNull()
  })

  it("records a missing school year as null", () => {
    const file = accepted(
      readDocument(documentOf([["1", validStudent("1234567890A")]], undefined, { schoolYear: undefined }))
    )
    expect(file.schoolYear).toBeNull()
  })

  it("decodes &amp; and keeps the apostrophes of names", () => {
    const file = accepted(
      readDocument(documentOf([["1", validStudent("1234567890A", { NOM_DE_FAMILLE: "D'ALMEIDA & FILS" })]]))
    )
    expect(file.students[0]?.lastName).toBe("D'ALMEIDA & FILS")
  })
})

describe("UAI_MISMATCHED", () => {
  it("is the only problem when the UAJ is another school's", () => {
    const document = documentOf([["1", validStudent("", { CODE_SEXE: null })]], undefined, { uai: "0759999Z" })
    expect(problems(readDocument(document))).toEqual([{ code: "UAI_MISMATCHED", meta: {} }])
  })

  it("is raised when the file has no UAJ", () => {
    const document = documentOf([["1", validStudent("1234567890A")]], undefined, { uai: undefined })
    expect(codes(readDocument(document))).toEqual(["UAI_MISMATCHED"])
  })

  it("compares exactly (case matters, as in Pix)", () => {
    const document = documentOf([["1", validStudent("1234567890A")]], undefined, { uai: UAI.toLowerCase() })
    expect(codes(readDocument(document))).toEqual(["UAI_MISMATCHED"])
  })

  it("compares exactly: spaces around the UAJ are refused (§1.5)", () => {
    for (const uai of [` ${UAI}`, `${UAI} `, `\n  ${UAI}\n`]) {
      const document = documentOf([["1", validStudent("1234567890A")]], undefined, { uai })
      expect(codes(readDocument(document)), JSON.stringify(uai)).toEqual(["UAI_MISMATCHED"])
    }
    expect(readDocument(documentOf([["1", validStudent("1234567890A")]]))._tag).toBe("Success")
  })
})

describe("EMPTY", () => {
  it("is raised when nobody is left after the silent filters", () => {
    const document = documentOf(
      [
        ["1", validStudent("1234567890A", { DATE_SORTIE: "03/11/2025" })],
        ["2", validStudent("1234567891B", { ID_NATIONAL: null })],
        ["3", validStudent("1234567892C")]
      ],
      [{ eleveId: "3", structures: [{ code: "Inactifs", type: "D" }] }]
    )
    const result = readDocument(document)
    expect(problems(result)).toEqual([{ code: "EMPTY", meta: {} }])
  })

  it("is raised for a file with no ELEVE at all", () => {
    expect(codes(readDocument(documentOf([])))).toEqual(["EMPTY"])
  })
})

describe("per-student codes", () => {
  const single = (overrides: Parameters<typeof validStudent>[1], encoding: "ISO-8859-15" | "UTF-8" = "ISO-8859-15") =>
    problems(readDocument(documentOf([["1", validStudent("1234567890A", overrides)]]), encoding))
  const ine = { nationalStudentId: "1234567890A" }

  it("INE_REQUIRED: ID_NATIONAL present but empty, with no meta", () => {
    expect(problems(readDocument(documentOf([["1", validStudent("")]])))).toEqual([{ code: "INE_REQUIRED", meta: {} }])
  })

  it("INE_UNIQUE: the same INE for a later importable student", () => {
    const result = readDocument(
      documentOf([
        ["1", validStudent("1234567890A")],
        ["2", validStudent("1234567890A", { PRENOM: "Zoé" })],
        ["3", validStudent("1234567890A", { PRENOM: "Léa" })]
      ])
    )
    expect(problems(result)).toEqual([
      { code: "INE_UNIQUE", meta: ine },
      { code: "INE_UNIQUE", meta: ine }
    ])
  })

  it("INE_UNIQUE ignores a leaver and a student not arrived", () => {
    const file = accepted(
      readDocument(
        documentOf([
          ["1", validStudent("1234567890A", { DATE_SORTIE: "03/11/2025" })],
          ["2", validStudent("1234567890A")]
        ])
      )
    )
    expect(file.students.map((student) => student.nationalStudentId)).toEqual(["1234567890A"])
  })

  it.each([
    ["absent", null],
    ["empty", ""],
    ["blank", "   "]
  ] as const)("FIRST_NAME_REQUIRED: PRENOM %s", (_, value) => {
    expect(single({ PRENOM: value })).toEqual([{ code: "FIRST_NAME_REQUIRED", meta: ine }])
  })

  it.each([
    ["absent", null],
    ["empty", ""],
    ["blank", "   "]
  ] as const)("LAST_NAME_REQUIRED: NOM_DE_FAMILLE %s", (_, value) => {
    expect(single({ NOM_DE_FAMILLE: value })).toEqual([{ code: "LAST_NAME_REQUIRED", meta: ine }])
  })

  // UTF-8 names read as ISO-8859-15 then written again (è = C3 A8 shows as `Ãš` in ISO-8859-15).
  it.each([
    ["NOM_DE_FAMILLE", "LEFÃšVRE"],
    ["PRENOM", "ZoÃ©"],
    ["PRENOM2", "FranÃ§ois"],
    ["PRENOM3", "Ã\u0089milie"],
    ["NOM_USAGE", "CÅ\u0093UR"]
  ] as const)("INVALID_CHAR_DETECTED in an ISO-8859-15 file: %s = %s", (field, value) => {
    expect(single({ [field]: value })).toEqual([{ code: "INVALID_CHAR_DETECTED", meta: ine }])
  })

  // The same names garbled through Windows-1252, or replacement characters, then saved as UTF-8.
  it.each([
    ["NOM_DE_FAMILLE", "LEFÃ¨VRE"],
    ["PRENOM3", "Ã‰milie"],
    ["NOM_USAGE", "CÅ“UR"],
    ["PRENOM", "Zo\uFFFD"]
  ] as const)("INVALID_CHAR_DETECTED in a UTF-8 file: %s = %s", (field, value) => {
    expect(single({ [field]: value }, "UTF-8")).toEqual([{ code: "INVALID_CHAR_DETECTED", meta: ine }])
  })

  it.each([
    ["absent", null],
    ["empty", ""]
  ] as const)("SEX_CODE_REQUIRED: CODE_SEXE %s", (_, value) => {
    expect(single({ CODE_SEXE: value })).toEqual([{ code: "SEX_CODE_REQUIRED", meta: ine }])
  })

  it.each([
    ["absent", null],
    ["empty", ""]
  ] as const)("BIRTHDATE_REQUIRED: DATE_NAISS %s", (_, value) => {
    expect(single({ DATE_NAISS: value })).toEqual([{ code: "BIRTHDATE_REQUIRED", meta: ine }])
  })

  it.each(["2012-03-14", "14/3/2012", "31/02/2012", "29/02/2011", "14/13/2012", "00/01/2012", "14/03/12", "demain"])(
    "INVALID_BIRTHDATE_FORMAT: %s",
    (value) => {
      expect(single({ DATE_NAISS: value })).toEqual([{ code: "INVALID_BIRTHDATE_FORMAT", meta: ine }])
    }
  )

  it("accepts 29 February of a leap year", () => {
    expect(isoBirthdate("29/02/2012")).toBe("2012-02-29")
    expect(isoBirthdate("29/02/2000")).toBe("2000-02-29")
    expect(isoBirthdate("29/02/1900")).toBeUndefined()
  })

  it.each([
    ["absent", null],
    ["empty", ""]
  ] as const)("BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT: born in France, CODE_COMMUNE_INSEE_NAISS %s", (_, value) => {
    expect(single({ CODE_COMMUNE_INSEE_NAISS: value })).toEqual([
      { code: "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", meta: ine }
    ])
  })

  it("does not ask a student born abroad for a city code", () => {
    expect(
      accepted(
        readDocument(
          documentOf([["1", validStudent("1234567890A", { CODE_PAYS: "139", CODE_COMMUNE_INSEE_NAISS: null })]])
        )
      ).students
    ).toHaveLength(1)
  })

  it("reports a student's problems in the decided order, INE_REQUIRED first", () => {
    const everything = validStudent("", {
      PRENOM: "",
      NOM_DE_FAMILLE: "",
      PRENOM2: "JÃ©rÃ§me",
      CODE_SEXE: null,
      DATE_NAISS: "",
      CODE_COMMUNE_INSEE_NAISS: ""
    })
    expect(codes(readDocument(documentOf([["1", everything]])))).toEqual([
      "INE_REQUIRED",
      "FIRST_NAME_REQUIRED",
      "LAST_NAME_REQUIRED",
      "INVALID_CHAR_DETECTED",
      "SEX_CODE_REQUIRED",
      "BIRTHDATE_REQUIRED",
      "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"
    ])
    expect(
      codes(
        readDocument(
          documentOf([
            ["1", validStudent("1234567890A")],
            ["2", { ...everything, ID_NATIONAL: "1234567890A", DATE_NAISS: "x" }]
          ])
        )
      )
    ).toEqual([
      "INE_UNIQUE",
      "FIRST_NAME_REQUIRED",
      "LAST_NAME_REQUIRED",
      "INVALID_CHAR_DETECTED",
      "SEX_CODE_REQUIRED",
      "INVALID_BIRTHDATE_FORMAT",
      "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"
    ])
  })

  it("collects every student's problems, students in file order, with Pix's French messages", () => {
    const result = readDocument(
      documentOf([
        ["1", validStudent("1111111111A", { CODE_SEXE: "" })],
        ["2", validStudent("2222222222B")],
        ["3", validStudent("3333333333C", { DATE_NAISS: "2012-03-14" })]
      ])
    )
    expect(problems(result)).toEqual([
      { code: "SEX_CODE_REQUIRED", meta: { nationalStudentId: "1111111111A" } },
      { code: "INVALID_BIRTHDATE_FORMAT", meta: { nationalStudentId: "3333333333C" } }
    ])
    if (result._tag === "Failure") {
      expect(result.failure.errors[1]?.message).toBe(
        "L’élève ayant pour INE 3333333333C n'a pas le bon format de date de naissance. Il doit être au format 'DD/MM/YYYY'"
      )
      expect(result.failure.errors.every((error) => error._tag === "InvalidInput")).toBe(true)
    }
  })

  it("reports the problems of an importable student even without a division (as Pix checks when reading)", () => {
    const result = readDocument(documentOf([["1", validStudent("1234567890A", { CODE_SEXE: "" })]], []))
    expect(codes(result)).toEqual(["SEX_CODE_REQUIRED"])
  })
})

describe("silent filters", () => {
  it("skips a student with DATE_SORTIE, even empty, whatever his problems", () => {
    const file = accepted(
      readDocument(
        documentOf([
          ["1", validStudent("", { DATE_SORTIE: "03/11/2025", CODE_SEXE: null })],
          ["2", validStudent("1234567891B", { DATE_SORTIE: "" })],
          ["3", validStudent("1234567892C")]
        ])
      )
    )
    expect(file.students.map((student) => student.nationalStudentId)).toEqual(["1234567892C"])
    expect(file.report.skipped).toEqual({ left: 2, notArrived: 0, noDivision: 0 })
    expect(file.report.structuresIgnored).toBe(2)
    // Listed for the people who import, with the leaving date and the class SIECLE still gives.
    expect(file.report.skippedStudents).toEqual([
      {
        reason: "LEFT",
        nationalStudentId: "",
        lastName: "DUPONT",
        firstName: "Camille",
        division: "6A",
        leftOn: "2025-11-03"
      },
      {
        reason: "LEFT",
        nationalStudentId: "1234567891B",
        lastName: "DUPONT",
        firstName: "Camille",
        division: "6A",
        leftOn: ""
      }
    ])
  })

  it("skips a student without ID_NATIONAL (not arrived yet), whatever his problems", () => {
    const file = accepted(
      readDocument(
        documentOf([
          ["1", validStudent("x", { ID_NATIONAL: null, PRENOM: null })],
          ["2", validStudent("1234567892C")]
        ])
      )
    )
    expect(file.report.skipped).toEqual({ left: 0, notArrived: 1, noDivision: 0 })
    expect(file.report.skippedStudents).toEqual([
      { reason: "NO_INE", nationalStudentId: null, lastName: "DUPONT", firstName: "", division: "6A", leftOn: null }
    ])
  })

  it("lists the first skipped students of each reason under the cap, and counts them all", () => {
    const students: Array<readonly [string, ReturnType<typeof validStudent>]> = []
    for (let index = 0; index < 5; index++) {
      students.push([
        `l${index}`,
        validStudent(`10000000${index}0L`, { DATE_SORTIE: "01/10/2025", PRENOM: `L${index}` })
      ])
      students.push([`n${index}`, validStudent("x", { ID_NATIONAL: null, PRENOM: `N${index}` })])
      students.push([`d${index}`, validStudent(`20000000${index}0D`, { PRENOM: `D${index}` })])
    }
    students.push(["ok", validStudent("3000000000K")])
    const result = Siecle.read(
      bytesOf(documentOf(students, [{ eleveId: "ok", structures: [{ code: "3A", type: "D" }] }])),
      {
        uai: UAI,
        limits: { maxReportedErrors: 2 }
      }
    )
    if (result._tag !== "Success") throw new Error("refused")
    expect(result.success.report.skipped).toEqual({ left: 5, notArrived: 5, noDivision: 5 })
    expect(result.success.report.skippedStudents.map((student) => [student.reason, student.firstName])).toEqual([
      ["LEFT", "L0"],
      ["NO_INE", "N0"],
      ["LEFT", "L1"],
      ["NO_INE", "N1"],
      ["NO_DIVISION", "D0"],
      ["NO_DIVISION", "D1"]
    ])
  })

  it("drops students with no structure, groups only, or only the Inactifs division", () => {
    const file = accepted(
      readDocument(
        documentOf(
          [
            ["1", validStudent("1111111111A")],
            ["2", validStudent("2222222222B")],
            ["3", validStudent("3333333333C")],
            ["4", validStudent("4444444444D")]
          ],
          [
            { eleveId: "2", structures: [{ code: "6A_LATIN", type: "G" }] },
            {
              eleveId: "3",
              structures: [
                { code: "Inactifs", type: "D" },
                { code: "6A_ANG", type: "G" }
              ]
            },
            { eleveId: "4", structures: [{ code: "6B", type: "D" }] }
          ]
        )
      )
    )
    expect(file.students.map((student) => [student.nationalStudentId, student.division])).toEqual([
      ["4444444444D", "6B"]
    ])
    expect(file.report).toEqual({
      read: 4,
      importable: 1,
      skipped: { left: 0, notArrived: 0, noDivision: 3 },
      structuresIgnored: 0,
      skippedStudents: [
        ["1111111111A", null],
        ["2222222222B", null],
        ["3333333333C", "Inactifs"]
      ].map(([nationalStudentId, division]) => ({
        reason: "NO_DIVISION",
        nationalStudentId,
        lastName: "DUPONT",
        firstName: "Camille",
        division,
        leftOn: null
      }))
    })
  })

  it("keeps the last D structure read, ignoring groups and Inactifs", () => {
    const file = accepted(
      readDocument(
        documentOf(
          [["1", validStudent("1111111111A")]],
          [
            {
              eleveId: "1",
              structures: [
                { code: "6A", type: "D" },
                { code: "6A_ANG", type: "G" }
              ]
            },
            {
              eleveId: "1",
              structures: [
                { code: "6C", type: "D" },
                { code: "Inactifs", type: "D" },
                { code: "G1", type: "G" }
              ]
            }
          ]
        )
      )
    )
    expect(file.students[0]?.division).toBe("6C")
  })

  it("ignores STRUCTURES_ELEVE of an unknown or excluded ELEVE_ID", () => {
    const file = accepted(
      readDocument(
        documentOf(
          [
            ["1", validStudent("1111111111A")],
            ["2", validStudent("2222222222B", { DATE_SORTIE: "01/10/2025" })]
          ],
          [
            { eleveId: "999", structures: [{ code: "6Z", type: "D" }] },
            { eleveId: "2", structures: [{ code: "6Y", type: "D" }] },
            { eleveId: "1", structures: [{ code: "6A", type: "D" }] }
          ]
        )
      )
    )
    expect(file.students.map((student) => student.division)).toEqual(["6A"])
    expect(file.report.structuresIgnored).toBe(2)
  })

  it("ignores STRUCTURES_ELEVE read before its ELEVE (document order, as Pix streams)", () => {
    const xml = render(
      documentOf([
        ["1", validStudent("1111111111A")],
        ["2", validStudent("2222222222B")]
      ])
    )
    const structures = xml.slice(xml.indexOf("<STRUCTURES>"), xml.indexOf("</STRUCTURES>") + "</STRUCTURES>".length)
    const moved = xml.replace(structures, "").replace("<ELEVES>", `${structures}<ELEVES>`)
    expect(codes(Siecle.read(encode(moved, "ISO-8859-15"), { uai: UAI }))).toEqual(["EMPTY"])
  })

  it("reads only direct children of ELEVE (SCOLARITE_AN_DERNIER has its own CODE_MEF)", () => {
    const file = accepted(readDocument(documentOf([["1", validStudent("1111111111A", { CODE_MEF: null })]])))
    expect(file.students[0]?.MEFCode).toBeNull()
  })
})

describe("mojibake detection", () => {
  const frenchName = fc.stringMatching(/^[A-Za-zÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿÆæŒœŠšŽž' -]{1,30}$/)

  it("never flags letters with accents, ligatures, apostrophes, hyphens and spaces", () => {
    fc.assert(
      fc.property(frenchName, (name) => !hasInvalidChars(name)),
      { numRuns: 200 }
    )
  })

  it("flags any accented name once its UTF-8 bytes are read as ISO-8859-15 or Windows-1252", () => {
    const accented = fc.tuple(frenchName, fc.constantFrom(..."éèêëàâçîïôùûüÿÉÈÀÇŒœæ"))
    fc.assert(
      fc.property(accented, fc.constantFrom("iso-8859-15", "windows-1252"), ([name, letter], label) => {
        const garbled = new TextDecoder(label).decode(new TextEncoder().encode(name + letter))
        return hasInvalidChars(garbled)
      }),
      { numRuns: 200 }
    )
  })
})

describe("readEffect", () => {
  it("succeeds with the file or fails with SiecleImportFailed", async () => {
    const { Effect, Exit } = await import("effect")
    const ok = await Effect.runPromiseExit(
      Siecle.readEffect(bytesOf(documentOf([["1", validStudent("1234567890A")]])), { uai: UAI })
    )
    expect(Exit.isSuccess(ok) && ok.value.students.length).toBe(1)
    const failed = await Effect.runPromise(
      Effect.flip(Siecle.readEffect(bytesOf(documentOf([["1", validStudent("")]])), { uai: UAI }))
    )
    expect(failed._tag).toBe("SiecleImportFailed")
    expect(failed.errors.map((error) => error.code)).toEqual(["INE_REQUIRED"])
  })
})
