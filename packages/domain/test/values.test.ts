import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Birthdate from "../src/values/Birthdate.ts"
import * as CampaignCode from "../src/values/CampaignCode.ts"
import * as Division from "../src/values/Division.ts"
import * as Email from "../src/values/Email.ts"
import * as Ids from "../src/values/Ids.ts"
import * as Ine from "../src/values/Ine.ts"
import * as InvitationCode from "../src/values/InvitationCode.ts"
import * as PersonalData from "../src/values/PersonalData.ts"
import * as PersonName from "../src/values/PersonName.ts"
import * as Role from "../src/values/Role.ts"
import * as SchoolYear from "../src/values/SchoolYear.ts"
import * as Timestamp from "../src/values/Timestamp.ts"
import * as Uai from "../src/values/Uai.ts"

const failure = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error(`expected a failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}
const success = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected a success, got ${JSON.stringify(r.failure)}`)
  return r.success
}

describe("e-mail", () => {
  it("normalises case and spaces", () => {
    expect(success(Email.parse("  Jean.Dupont@Ecole.FR "))).toBe("jean.dupont@ecole.fr")
  })
  it.each(["", "jean", "jean@", "@ecole.fr", "jean dupont@ecole.fr", "jean@ecole", "a@b@c.fr"])(
    "refuses %j with INVALID_EMAIL and Pix's message",
    (raw) => {
      const error = failure(Email.parse(raw))
      expect(error._tag).toBe("InvalidInput")
      expect(error.code).toBe("INVALID_EMAIL")
      expect(error.message).toBe("Le format de l'adresse e-mail est incorrect.")
      expect(error.meta).toEqual({ email: raw.trim().toLowerCase() })
    }
  )
  it("never throws on any string", () => {
    fc.assert(
      fc.property(fc.string(), (s) => Result.isResult(Email.parse(s))),
      { numRuns: 200 }
    )
  })
})

describe("role", () => {
  it("accepts ADMIN and MEMBER", () => {
    expect(success(Role.parse("ADMIN"))).toBe("ADMIN")
    expect(success(Role.parse("MEMBER"))).toBe("MEMBER")
  })
  it.each(["admin", "OWNER", "", null, 1])("refuses %j with INVALID_MEMBERSHIP_ROLE", (raw) => {
    const error = failure(Role.parse(raw))
    expect(error.code).toBe("INVALID_MEMBERSHIP_ROLE")
    expect(error.message).toBe("Le rôle du membre est invalide.")
    expect(error.meta).toEqual({ role: raw })
  })
})

describe("UAI", () => {
  it("trims and upper-cases", () => expect(success(Uai.parse(" 0751234a "))).toBe("0751234A"))
  it.each(["075123A", "07512345A", "A751234B", ""])("refuses %j", (raw) => {
    expect(failure(Uai.parse(raw)).code).toBe("INVALID_UAI")
  })
})

describe("INE", () => {
  it("accepts an 11-character INE", () => expect(success(Ine.parse(" 123456789AB "))).toBe("123456789AB"))
  it("says INE_REQUIRED with Pix's message and no meta when blank", () => {
    const error = failure(Ine.parse("   "))
    expect(error.code).toBe("INE_REQUIRED")
    expect(error.message).toBe("Le champ INE est obligatoire pour chaque élève.")
    expect(error.meta).toEqual({})
  })
  it("refuses inner spaces and punctuation", () => {
    expect(failure(Ine.parse("1234 5678")).code).toBe("INVALID_INE")
    expect(failure(Ine.parse("1234-5678")).code).toBe("INVALID_INE")
  })
  it("is personal data", () => expect(PersonalData.isPersonal(Ine.Ine)).toBe(true))
})

describe("birthdate", () => {
  it("accepts real dates, leap days included", () => {
    expect(success(Birthdate.parse("2012-02-29"))).toBe("2012-02-29")
    expect(success(Birthdate.fromFrench("29/02/2012"))).toBe("2012-02-29")
  })
  it.each(["2013-02-29", "2012-13-01", "2012-00-10", "2012-04-31", "12-04-2012", "1899-12-31", ""])(
    "refuses %j with INVALID_BIRTHDATE_FORMAT",
    (raw) => expect(failure(Birthdate.parse(raw)).code).toBe("INVALID_BIRTHDATE_FORMAT")
  )
  it("refuses a malformed SIECLE date", () => {
    expect(failure(Birthdate.fromFrench("2012-02-29")).code).toBe("INVALID_BIRTHDATE_FORMAT")
    expect(failure(Birthdate.fromFrench("31/04/2012")).code).toBe("INVALID_BIRTHDATE_FORMAT")
  })
  it("agrees with the calendar for every day of 1900-2099", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
          // A date given with an argument is pure: used here only as the oracle.
          const oracle = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d
          return Result.isSuccess(Birthdate.parse(iso)) === oracle
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("names, division, school year, codes, ids, timestamps", () => {
  it("names: required ones are trimmed and non-blank", () => {
    expect(success(PersonName.parseFirstName("  Zoé "))).toBe("Zoé")
    expect(failure(PersonName.parseFirstName("  ")).code).toBe("FIRST_NAME_REQUIRED")
    expect(failure(PersonName.parseLastName("")).code).toBe("LAST_NAME_REQUIRED")
  })
  it("optional names keep null and empty apart", () => {
    const decode = Schema.decodeUnknownSync(PersonName.OptionalPersonName)
    expect(decode(null)).toBeNull()
    expect(decode("")).toBe("")
  })
  it("division", () => {
    expect(success(Division.parse(" 3E1 "))).toBe("3E1")
    expect(failure(Division.parse("   ")).code).toBe("INVALID_DIVISION")
  })
  it("school year: SIECLE's start year or a range", () => {
    expect(success(SchoolYear.parse("2025"))).toBe("2025")
    expect(success(SchoolYear.parse("2025-2026"))).toBe("2025")
    expect(SchoolYear.label(success(SchoolYear.parse("2025")))).toBe("2025-2026")
    expect(failure(SchoolYear.parse("2025-2027")).code).toBe("INVALID_SCHOOL_YEAR")
    expect(failure(SchoolYear.parse("25")).code).toBe("INVALID_SCHOOL_YEAR")
  })
  it("campaign code", () => {
    expect(success(CampaignCode.parse("abcdef234"))).toBe("ABCDEF234")
    expect(CampaignCode.isGeneratedShape("ABCDEF234")).toBe(true)
    expect(CampaignCode.isGeneratedShape("ABCDEI234")).toBe(false)
    expect(CampaignCode.isGeneratedShape("ABCDEF201")).toBe(false)
    expect(failure(CampaignCode.parse("ABCDEF23")).code).toBe("CAMPAIGN_CODE_FORMAT")
  })
  it("invitation code: 10 upper-case alphanumerics", () => {
    expect(success(InvitationCode.parse("ABCDE12345"))).toBe("ABCDE12345")
    expect(failure(InvitationCode.parse("abcde12345")).code).toBe("INVALID_INVITATION_CODE")
    expect(failure(InvitationCode.parse("ABCDE1234")).code).toBe("INVALID_INVITATION_CODE")
  })
  it("ids refuse blanks and spaces", () => {
    expect(success(Ids.parseUserId("user-1"))).toBe("user-1")
    expect(failure(Ids.parseOrganizationId("")).code).toBe("INVALID_ID")
    expect(failure(Ids.parseLearnerId("a b")).code).toBe("INVALID_ID")
  })
  it("timestamps: UTC ISO instants, days between them", () => {
    const a = success(Timestamp.parse("2026-01-01T00:00:00.000Z"))
    const b = success(Timestamp.parse("2026-01-31T00:00:00Z"))
    expect(Timestamp.daysBetween(a, b)).toBe(30)
    expect(failure(Timestamp.parse("2026-02-30T00:00:00Z")).code).toBe("INVALID_TIMESTAMP")
    expect(failure(Timestamp.parse("2026-01-01T00:00:00+01:00")).code).toBe("INVALID_TIMESTAMP")
  })
})

describe("personal data marking", () => {
  it("lists the personal fields of a struct", () => {
    const Shape = Schema.Struct({
      id: Ids.LearnerId,
      ine: Ine.Ine,
      firstName: PersonName.PersonName,
      middleName: PersonName.OptionalPersonName,
      birthdate: Birthdate.Birthdate,
      email: Email.Email,
      division: Division.Division,
      note: PersonalData.mark(Schema.String),
      previousIne: Schema.NullOr(Ine.Ine),
      contact: Schema.NullOr(Email.Email).annotate({ personalData: false })
    })
    expect(PersonalData.personalFields(Shape)).toEqual([
      "ine",
      "firstName",
      "middleName",
      "birthdate",
      "email",
      "note",
      "previousIne"
    ])
  })
})
