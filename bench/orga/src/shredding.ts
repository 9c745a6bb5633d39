/**
 * The costs crypto-shredding's design was chosen on (docs/adr/0049-crypto-shredding.md), side by side in one run:
 * sealing and opening a learner's personal fields as one value per event against one value per field,
 * unwrapping the data keys of a large store in one pass against one cipher per key (AES-KW, AES-GCM), and the
 * options for a rebuild's cost (each subject's key met once): a key object made per subject against the raw key
 * handed to `createDecipheriv`, AES-256-GCM against ChaCha20-Poly1305, against the floor of one reused key.
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

// A rebuild meets each subject's key once: what opening costs then, per option, in turns (median of 7 rounds).
const subjects = 20_000
const rawKeys = Array.from({ length: subjects }, () => Crypto.randomBytes(32))
const sealWith = (algorithm: "aes-256-gcm" | "chacha20-poly1305", raw: Buffer, subject: string) => {
  const nonce = Crypto.randomBytes(12)
  const cipher =
    algorithm === "aes-256-gcm"
      ? Crypto.createCipheriv(algorithm, raw, nonce, { authTagLength: 16 })
      : Crypto.createCipheriv(algorithm, raw, nonce, { authTagLength: 16 })
  cipher.setAAD(Buffer.from(subject), { plaintextLength: clear.length })
  return Buffer.concat([nonce, cipher.update(clear), cipher.final(), cipher.getAuthTag()])
}
const openWith = (
  algorithm: "aes-256-gcm" | "chacha20-poly1305",
  key: Buffer | Crypto.KeyObject,
  subject: string,
  value: Buffer
) => {
  const nonce = value.subarray(0, 12)
  const decipher =
    algorithm === "aes-256-gcm"
      ? Crypto.createDecipheriv(algorithm, key, nonce, { authTagLength: 16 })
      : Crypto.createDecipheriv(algorithm, key, nonce, { authTagLength: 16 })
  decipher.setAAD(Buffer.from(subject), { plaintextLength: value.length - 28 })
  decipher.setAuthTag(value.subarray(value.length - 16))
  return Buffer.concat([decipher.update(value.subarray(12, value.length - 16)), decipher.final()])
}
const gcmValues = rawKeys.map((raw, i) => sealWith("aes-256-gcm", raw, `learner:${i}`))
const chachaValues = rawKeys.map((raw, i) => sealWith("chacha20-poly1305", raw, `learner:${i}`))
const reused = Crypto.createSecretKey(rawKeys[0]!)
const options: ReadonlyArray<readonly [string, () => void]> = [
  [
    "AES-256-GCM, a key object per subject (chosen)",
    () =>
      rawKeys.forEach((raw, i) => {
        openWith("aes-256-gcm", Crypto.createSecretKey(raw), `learner:${i}`, gcmValues[i]!)
      })
  ],
  [
    "AES-256-GCM, the raw key",
    () =>
      rawKeys.forEach((raw, i) => {
        openWith("aes-256-gcm", raw, `learner:${i}`, gcmValues[i]!)
      })
  ],
  [
    "ChaCha20-Poly1305, a key object per subject",
    () =>
      rawKeys.forEach((raw, i) => {
        openWith("chacha20-poly1305", Crypto.createSecretKey(raw), `learner:${i}`, chachaValues[i]!)
      })
  ],
  [
    "ChaCha20-Poly1305, the raw key",
    () =>
      rawKeys.forEach((raw, i) => {
        openWith("chacha20-poly1305", raw, `learner:${i}`, chachaValues[i]!)
      })
  ],
  [
    "floor: AES-256-GCM under one reused key object",
    () =>
      rawKeys.forEach(() => {
        openWith("aes-256-gcm", reused, "learner:0", gcmValues[0]!)
      })
  ]
]
const rounds: Array<Array<number>> = options.map(() => [])
for (let round = 0; round < 7; round++)
  options.forEach(([, run], index) => {
    const start = performance.now()
    run()
    rounds[index]!.push(performance.now() - start)
  })
options.forEach(([label], index) => {
  const sorted = [...rounds[index]!].sort((a, b) => a - b)
  console.log(`open under a fresh key, ${label}: median ${((sorted[3]! * 1000) / subjects).toFixed(2)} µs each`)
})
