/**
 * The opening of a rebuild's sealed values, `node:crypto` against the native addon (docs/adr/0057): 68,000
 * learners' `StudentImported` texts, each sealed under a key of its own, opened as the replay opens them
 * (`SealedText.opener` text by text, `SealedText.pageOpener` a page of 2,000 texts per native call, a third of
 * them sealed as in the benchmark's log), and the bare opens (the values already decoded: a key object and a
 * decipher per value, against one `openMany` call). Rounds in turns in one process; medians in µs per value.
 *
 * Run: `pnpm --filter @orga/event-store build:native && pnpm exec node packages/event-store/bench/sealedOpen.ts`
 * (VALUES=68000 ROUNDS=7 by default).
 */
import * as Crypto from "node:crypto"
import * as SealedNative from "../src/SealedNative.ts"
import * as SealedText from "../src/SealedText.ts"

const values = Number(process.env.VALUES ?? 68_000)
const rounds = Number(process.env.ROUNDS ?? 7)
const openMany = SealedNative.loadedOpenMany
if (openMany === undefined) throw new Error(`the addon did not load (${SealedNative.loadFailure}): build:native first`)

const personal = {
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
const subjects = Array.from({ length: values }, (_, index) => `learner:${Crypto.randomUUID()}-${index}`)
const keys = Crypto.randomBytes(32 * values)
const snapshot: SealedText.KeySnapshot = { subjects, keys }
const sealedValues = subjects.map((subject, index) =>
  Buffer.from(
    SealedText.seal(
      Crypto.createSecretKey(keys.subarray(index * 32, index * 32 + 32)),
      subject,
      Buffer.from(JSON.stringify({ ...personal, lastName: `Dupont${index}` }))
    )
  )
)
// The log's mix: two clear events for each sealed one.
const texts: Array<string> = []
subjects.forEach((subject, index) => {
  texts.push(JSON.stringify({ _tag: "CampaignParticipationShared", organizationId: "o", participationId: `p${index}` }))
  texts.push(
    JSON.stringify({
      _tag: "StudentImported",
      organizationId: "o",
      learnerId: subject.slice(8),
      division: "3A",
      $personal: [subject, sealedValues[index]!.toString("base64")]
    })
  )
  texts.push(JSON.stringify({ _tag: "ParticipationStarted", organizationId: "o", participationId: `p${index}` }))
})

const page = 2_000
const byText = () => {
  const open = SealedText.opener(snapshot)
  const out = texts.slice()
  for (let index = 0; index < out.length; index++) out[index] = open(out[index]!)
  return out
}
const byPage = () => {
  const open = SealedText.pageOpener(snapshot, SealedNative.loadedTextOpening)
  const out = texts.slice()
  for (let from = 0; from < out.length; from += page) open(out, from, Math.min(out.length, from + page))
  return out
}
const bareNodeCrypto = () => {
  for (let index = 0; index < values; index++) {
    const key = Crypto.createSecretKey(keys.subarray(index * 32, index * 32 + 32))
    if (SealedText.open(key, subjects[index]!, sealedValues[index]!) === undefined) throw new Error("not opened")
  }
}
// The bare native opens: the same values laid out once in one buffer, opened in one call per round.
const subjectBytes = subjects.map((subject) => Buffer.from(subject))
const input = Buffer.concat(subjects.flatMap((_, index) => [subjectBytes[index]!, sealedValues[index]!]))
const output = Buffer.allocUnsafe(input.length)
const table = new Int32Array(6 * values)
let at = 0
subjects.forEach((_, index) => {
  const row = index * 6
  table[row] = index * 32
  table[row + 1] = at
  table[row + 2] = subjectBytes[index]!.length
  at += subjectBytes[index]!.length
  table[row + 3] = at
  table[row + 4] = sealedValues[index]!.length
  at += sealedValues[index]!.length
})
const bareNative = () => {
  if (openMany(keys, input, table, values, output) !== values) throw new Error("not all opened")
}

// Both paths open the same texts to the same text.
const expected = byText()
const actual = byPage()
if (expected.some((text, index) => text !== actual[index]) || expected[1] === texts[1])
  throw new Error("the native page opener disagrees with the text opener")

const cases: ReadonlyArray<readonly [string, () => unknown]> = [
  ["texts, node:crypto (SealedText.opener)", byText],
  ["texts, native (SealedText.pageOpener)", byPage],
  ["bare opens, node:crypto (key object + decipher)", bareNodeCrypto],
  ["bare opens, native (one openMany)", bareNative]
]
const times = new Map<string, Array<number>>(cases.map(([label]) => [label, []]))
for (let round = 0; round < rounds; round++)
  for (const [label, run] of cases) {
    const start = performance.now()
    run()
    times.get(label)!.push(((performance.now() - start) * 1000) / values)
  }
const median = (list: ReadonlyArray<number>) => {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
console.log(`${values} sealed values under as many keys, ${rounds} rounds in turns (µs per sealed value):`)
for (const [label, list] of times)
  console.log(`  ${label}: median ${median(list).toFixed(2)} (${list.map((value) => value.toFixed(2)).join(" / ")})`)
const ratio = (a: string, b: string) => median(times.get(a)!) / median(times.get(b)!)
console.log(`  texts: node:crypto / native = ${ratio(cases[0]![0], cases[1]![0]).toFixed(2)}x`)
console.log(`  bare: node:crypto / native = ${ratio(cases[2]![0], cases[3]![0]).toFixed(2)}x`)
