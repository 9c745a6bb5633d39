/**
 * The opening of stored event text without parsing it (`SealedText.opener`, a replay's reading thread and fold):
 * any clear fields round-trip into the text the event had before sealing; text it cannot open (no key, a value
 * moved onto another subject, a forged value) comes back unchanged, never decrypted with the wrong key.
 */
import * as Crypto from "node:crypto"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { SealedText } from "../src/index.ts"

const keys = [Crypto.randomBytes(32), Crypto.randomBytes(32)]
const snapshot: SealedText.KeySnapshot = { subjects: ["learner:a", "learner:b"], keys: Buffer.concat(keys) }

/** An event's stored text: its clear fields, then the sealed ones as the shredder writes them (last). */
const stored = (clear: Record<string, unknown>, subject: string, personal: Record<string, unknown>, key: Buffer) => {
  const value = SealedText.seal(Crypto.createSecretKey(key), subject, Buffer.from(JSON.stringify(personal)))
  return JSON.stringify({ ...clear, $personal: [subject, Buffer.from(value).toString("base64")] })
}

const fields = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }).filter((name) => name !== "$personal" && name !== "_tag"),
  fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }))
)

describe("SealedText.opener", () => {
  it("gives back the text of the clear and personal fields together, for any fields", () => {
    const open = SealedText.opener(snapshot)
    fc.assert(
      fc.property(fields, fields, fc.integer({ min: 0, max: 1 }), (clear, personal, which) => {
        fc.pre(Object.keys(personal).length > 0 && Object.keys(personal).every((name) => !(name in clear)))
        const subject = snapshot.subjects[which]!
        const text = stored({ _tag: "StudentImported", ...clear }, subject, personal, keys[which]!)
        expect(JSON.parse(open(text))).toEqual({ _tag: "StudentImported", ...clear, ...personal })
      })
    )
  })

  it("leaves unchanged what it cannot open: no sealed field, no key, another subject's value, a forged value", () => {
    const open = SealedText.opener(snapshot)
    const plain = JSON.stringify({ _tag: "CampaignCreated", name: "Rentrée" })
    expect(open(plain)).toBe(plain)
    const unknown = stored({ _tag: "StudentImported" }, "learner:c", { firstName: "Ana" }, Crypto.randomBytes(32))
    expect(open(unknown)).toBe(unknown)
    // Sealed for learner:a, stored as learner:b's (whose key the snapshot holds): the associated data refuses it.
    const moved = stored({ _tag: "StudentImported" }, "learner:a", { firstName: "Ana" }, keys[0]!).replace(
      '"learner:a"',
      '"learner:b"'
    )
    expect(open(moved)).toBe(moved)
    const good = stored({ _tag: "StudentImported" }, "learner:a", { firstName: "Ana" }, keys[0]!)
    const at = good.indexOf('","') + 3 + 20
    const forged = `${good.slice(0, at)}${good[at] === "A" ? "B" : "A"}${good.slice(at + 1)}`
    expect(open(forged)).toBe(forged)
    expect(JSON.parse(open(good))).toEqual({ _tag: "StudentImported", firstName: "Ana" })
  })
})
