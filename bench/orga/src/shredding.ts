/**
 * The costs crypto-shredding's design was chosen on (docs/adr/0049-crypto-shredding.md), side by side in one run:
 * sealing and opening a learner's personal fields as one value per event against one value per field, and
 * unwrapping the data keys of a large store in one pass against one cipher per key (AES-KW, AES-GCM).
 *
 * Run: `pnpm exec node bench/orga/src/shredding.ts` (KEYS=400000 by default).
 */
import * as Crypto from "node:crypto"
import { SealedText } from "@orga/event-store"

const keys = Number(process.env.KEYS ?? 400_000)
const events = 100_000
const fields = {
  nationalStudentId: "123456789AB",
  firstName: "Jean-Baptiste",
  middleName: null,
  thirdName: null,
  lastName: "Dupont",
  preferredLastName: null,
  sex: "M",
  birthdate: "2012-04-05",
  birthCountryCode: "100",
  birthProvinceCode: "075",
  birthCityCode: "75056",
  birthCity: "PARIS"
}
const time = (label: string, count: number, run: () => void) => {
  const start = performance.now()
  run()
  const millis = performance.now() - start
  console.log(`${label}: ${((millis * 1000) / count).toFixed(2)} µs each (${millis.toFixed(0)} ms for ${count})`)
  return millis
}

const key = Crypto.createSecretKey(Crypto.randomBytes(32))
const clear = Buffer.from(JSON.stringify(fields))
let sealed = SealedText.seal(key, "learner:1", clear)
time("seal one value per event (12 fields)", events, () => {
  for (let i = 0; i < events; i++) sealed = SealedText.seal(key, "learner:1", clear)
})
time("open one value per event", events, () => {
  for (let i = 0; i < events; i++) JSON.parse(SealedText.open(key, "learner:1", sealed)!.toString("utf8"))
})
const perField = Object.values(fields).map((value) =>
  SealedText.seal(key, "learner:1", Buffer.from(JSON.stringify(value)))
)
time("open one value per field (12 per event)", events / 10, () => {
  for (let i = 0; i < events / 10; i++)
    for (const value of perField) JSON.parse(SealedText.open(key, "learner:1", value)!.toString("utf8"))
})
const fresh = Array.from({ length: events / 10 }, () => Crypto.randomBytes(32))
time("open one value per event, each under a new subject's key (key object made first)", events / 10, () => {
  for (const raw of fresh) SealedText.open(Crypto.createSecretKey(raw), "learner:1", sealed)
})
const text = JSON.stringify({ _tag: "StudentImported", organizationId: "o", learnerId: "l", ...fields })
time("JSON.parse of a StudentImported (the rebuild's own cost per event, for scale)", events, () => {
  for (let i = 0; i < events; i++) JSON.parse(text)
})

const master = Crypto.createSecretKey(Crypto.randomBytes(32))
const dataKeys = Crypto.randomBytes(32 * keys)
const ecb = Crypto.createCipheriv("aes-256-ecb", master, null).setAutoPadding(false)
const wrapped = Buffer.concat([ecb.update(dataKeys), ecb.final()])
time(`unwrap ${keys} keys in one AES-256 pass (chosen)`, keys, () => {
  const decipher = Crypto.createDecipheriv("aes-256-ecb", master, null).setAutoPadding(false)
  Buffer.concat([decipher.update(wrapped), decipher.final()])
})
const sample = Math.min(keys, 50_000)
const kw = Array.from({ length: sample }, (_, i) => {
  const cipher = Crypto.createCipheriv("id-aes256-wrap", master, Buffer.from("A6A6A6A6A6A6A6A6", "hex"))
  return Buffer.concat([cipher.update(dataKeys.subarray(i * 32, i * 32 + 32)), cipher.final()])
})
time("unwrap one key with AES-KW (RFC 3394)", sample, () => {
  for (const value of kw) {
    const decipher = Crypto.createDecipheriv("id-aes256-wrap", master, Buffer.from("A6A6A6A6A6A6A6A6", "hex"))
    Buffer.concat([decipher.update(value), decipher.final()])
  }
})
const gcm = Array.from({ length: sample }, (_, i) =>
  SealedText.seal(master, `learner:${i}`, dataKeys.subarray(i * 32, i * 32 + 32))
)
time("unwrap one key with AES-GCM", sample, () => {
  gcm.forEach((value, i) => {
    SealedText.open(master, `learner:${i}`, value)
  })
})
