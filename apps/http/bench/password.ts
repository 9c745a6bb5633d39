/**
 * Time per password hash, side by side in one run: argon2id with the app's parameters (`Password.current`),
 * argon2id with the library's defaults, and node:crypto scrypt at OWASP's parameters (N=2^17, r=8, p=1).
 * Prints the median and p90 of `RUNS` hashes each (default 15), interleaved so the noise of the machine hits all.
 *
 *   pnpm --filter @orga/http bench:password
 */
import { scrypt } from "node:crypto"
import * as Argon2 from "@node-rs/argon2"
import * as Effect from "effect/Effect"
import * as Password from "../src/auth/Password.ts"

const runs = Number(process.env.RUNS ?? 15)

const scryptOwasp = (password: string): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password, "0123456789abcdef", 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key)
    )
  )

const candidates: ReadonlyArray<readonly [string, (password: string) => Promise<unknown>]> = [
  [
    `argon2id m=${Password.current.memoryCost} t=${Password.current.timeCost} p=${Password.current.parallelism} (app)`,
    (password) => Effect.runPromise(Password.hash(password))
  ],
  ["argon2id library defaults", (password) => Argon2.hash(password)],
  ["scrypt N=2^17 r=8 p=1 (OWASP)", scryptOwasp]
]

const samples = candidates.map(() => [] as Array<number>)
for (let run = 0; run < runs; run++) {
  for (const [index, [, hash]] of candidates.entries()) {
    const started = performance.now()
    await hash(`mot de passe ${run}`)
    samples[index]?.push(performance.now() - started)
  }
}

const quantile = (values: ReadonlyArray<number>, q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

const stored = await Effect.runPromise(Password.hash("mot de passe"))
const verifyTimes: Array<number> = []
for (let run = 0; run < runs; run++) {
  const started = performance.now()
  await Effect.runPromise(Password.verify(stored, "mot de passe"))
  verifyTimes.push(performance.now() - started)
}

console.log(`password hashing, ${runs} runs each, interleaved (ms per hash)`)
for (const [index, [name]] of candidates.entries()) {
  const values = samples[index] ?? []
  console.log(`${name.padEnd(40)} median ${quantile(values, 0.5).toFixed(1)}  p90 ${quantile(values, 0.9).toFixed(1)}`)
}
console.log(
  `${"Password.verify (app parameters)".padEnd(40)} median ${quantile(verifyTimes, 0.5).toFixed(1)}  p90 ${quantile(verifyTimes, 0.9).toFixed(1)}`
)
