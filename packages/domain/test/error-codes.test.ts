import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as AccountError from "../src/account/AccountError.ts"
import * as CampaignError from "../src/campaign/CampaignError.ts"
import * as CampaignValidation from "../src/campaign/CampaignValidation.ts"
import * as DomainError from "../src/DomainError.ts"
import * as ErasureError from "../src/erasure/ErasureError.ts"
import * as OrganizationError from "../src/organization/OrganizationError.ts"
import * as ParticipationError from "../src/participation/ParticipationError.ts"
import * as PlacesError from "../src/places/PlacesError.ts"
import * as TargetProfileError from "../src/referential/TargetProfileError.ts"
import * as RosterError from "../src/roster/RosterError.ts"
import * as Email from "../src/values/Email.ts"

// One factory per error code, one French message per code: the error modules list their codes, each code has
// exactly one factory, and no other place of the domain builds an error with a code of its own literal twice.

const modules = {
  AccountError,
  CampaignError,
  OrganizationError,
  ParticipationError,
  RosterError,
  TargetProfileError,
  PlacesError,
  ErasureError
}

// Every exported factory, called with placeholder arguments (factories only interpolate them).
const factoriesOf = (module: Record<string, unknown>) =>
  Object.entries(module).flatMap(([name, value]) =>
    typeof value === "function"
      ? [[name, (value as (...args: Array<unknown>) => DomainError.DomainError)("x", "x")]]
      : []
  ) as Array<[string, DomainError.DomainError]>

describe("error modules", () => {
  for (const [name, module] of Object.entries(modules))
    it(`${name}: one factory per code, every listed code built, French message, a domain error`, () => {
      const built = factoriesOf(module).filter(([factory]) => !(name === "OrganizationError" && factory === "noEmail"))
      const codes = built.map(([, error]) => error.code)
      expect([...codes].sort()).toEqual([...module.codes].sort())
      expect(new Set(codes).size).toBe(codes.length)
      for (const [, error] of built) {
        expect(error).toBeInstanceOf(Error)
        expect(["InvalidInput", "Forbidden", "NotFound", "Conflict"]).toContain(error._tag)
        expect(error.message.length).toBeGreaterThan(10)
      }
    })

  it("the empty invitation form answers the e-mail's own code and message", () => {
    expect(OrganizationError.noEmail()).toMatchObject({ code: "INVALID_EMAIL", message: Email.invalidMessage })
  })

  it("a code is one module's: no two modules list the same code", () => {
    const all = [
      ...Object.values(modules).flatMap((module) => module.codes),
      ...Object.keys(CampaignValidation.messages)
    ]
    expect(all.filter((code, index) => all.indexOf(code) !== index)).toEqual([])
  })

  it("a misspelt code does not type-check", () => {
    const error = CampaignError.notFound("c1")
    // @ts-expect-error "CAMPAING_NOT_FOUND" is no code of CampaignError
    const misspelt: CampaignError.Code = "CAMPAING_NOT_FOUND"
    // @ts-expect-error the comparison of two literal codes that never meet is refused
    expect(error.code === "CAMPAING_NOT_FOUND").toBe(false)
    expect(misspelt).toBe("CAMPAING_NOT_FOUND")
    expect(DomainError.invalidCommand({ _tag: "X" }).code).toBe("INVALID_COMMAND")
  })
})

describe("the domain's sources", () => {
  const sources = (dir: string): Array<string> =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith(".ts")
          ? [readFileSync(join(dir, entry.name), "utf8")]
          : []
    )
  const built = /\b(?:error|make)\(\s*"(?:InvalidInput|Forbidden|NotFound|Conflict)",\s*"([A-Z0-9_]+)"/g

  it("build each literal code in one place only", () => {
    const seen = new Map<string, number>()
    for (const text of sources(join(import.meta.dirname, "..", "src")))
      for (const match of text.matchAll(built)) seen.set(match[1] ?? "", (seen.get(match[1] ?? "") ?? 0) + 1)
    expect(seen.size).toBeGreaterThan(50)
    expect([...seen].filter(([, count]) => count > 1)).toEqual([])
  })
})
