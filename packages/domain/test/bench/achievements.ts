/**
 * Prints how fast stages and badges are evaluated for every participant of a campaign, with a fresh
 * `TargetProfile.achievements` per participant and with one prepared `TargetProfile.evaluator`, side by side.
 * Run: `pnpm exec node packages/domain/test/bench/achievements.ts [participants]` (default 3,000).
 * Figures only: no assertion (speed targets are not unit tests).
 */
import * as TargetProfile from "../../src/referential/TargetProfile.ts"
import * as TargetProfileCatalogue from "../../src/referential/TargetProfileCatalogue.ts"

const participants = Number(process.argv[2] ?? 3_000)
const rounds = 15

for (const profile of TargetProfileCatalogue.profiles) {
  // Deterministic outcomes spread from nothing to almost everything validated.
  const outcomes = Array.from({ length: participants }, (_, i) =>
    profile.skills.filter((_, j) => (i * 7 + j * 13) % 10 < i % 10).map((skill) => skill.id)
  )
  const time = (run: () => void): number => {
    const start = performance.now()
    run()
    return performance.now() - start
  }
  const fresh: Array<number> = []
  const prepared: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    fresh.push(
      time(() => {
        for (const outcome of outcomes) TargetProfile.achievements(profile, outcome)
      })
    )
    prepared.push(
      time(() => {
        const evaluate = TargetProfile.evaluator(profile)
        for (const outcome of outcomes) evaluate(outcome)
      })
    )
  }
  const median = (values: Array<number>): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  console.log(
    `${profile.name} (${profile.skills.length} acquis, ${profile.stages?.length ?? 0} paliers, ${profile.badges?.length ?? 0} badges), ${participants} participants: achievements() each ${median(fresh).toFixed(2)} ms, one evaluator ${median(prepared).toFixed(2)} ms (median of ${rounds}), ratio ${(median(fresh) / median(prepared)).toFixed(1)}x`
  )
}
