/**
 * The fold alone, two checkouts side by side in one process: the same replay pages (the rebuild's shape: rosters
 * of 4,000 imported learners, 3,000 participations per organization, two thirds of them shared, parsed from JSON)
 * folded by each checkout's read models in turns, 10 times each; prints the medians. Reading and parsing are left
 * out: they are the store's and the same code in both checkouts, so this is the part a read-side change moves.
 * Shares are handed over undigested, as PostgreSQL pages hand them, or digested (`digest`), as SQLite pages do.
 *
 * Run: `pnpm exec node --expose-gc bench/orga/src/foldTrees.ts <this checkout> <other checkout> [digest]`.
 */
import { resolve } from "node:path"
import type { ReplayPage } from "@orga/event-store"
import { studentImported } from "./fixtures.ts"

interface Models {
  readonly applyPage: (page: ReplayPage.ReplayPage) => void
}

const [first, second, mode] = process.argv.slice(2)
if (first === undefined || second === undefined) {
  console.error("usage: foldTrees.ts <checkout> <other checkout> [digest]")
  process.exit(2)
}
const load = async (tree: string): Promise<{ readonly make: () => Models }> =>
  import(resolve(tree, "packages/orga/src/internal/ReadModels.ts"))
const trees = [
  { name: first, module: await load(first), times: [] as Array<number> },
  { name: second, module: await load(second), times: [] as Array<number> }
]

const now = "2026-10-01T08:00:00.000Z"
const competenceIds = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"]

// The pages of one log, freshly parsed (each fold gets its own objects, as a rebuild does).
const pages = (): Array<ReplayPage.ReplayPage> => {
  const out: Array<ReplayPage.ReplayPage> = []
  let data: Array<unknown> = []
  let streamIds: Array<string> = []
  let runEnds: Array<number> = []
  let runVersions: Array<bigint> = []
  const push = (streamId: string, event: object) => {
    data.push(JSON.parse(JSON.stringify(event)))
    if (streamIds.at(-1) === streamId) {
      runEnds[runEnds.length - 1] = data.length
      runVersions[runVersions.length - 1]! += 1n
    } else {
      streamIds.push(streamId)
      runEnds.push(data.length)
      runVersions.push(1n)
    }
    if (data.length === 5000) {
      out.push({ lastPosition: 0n, data, streamIds, runEnds, runVersions })
      data = []
      streamIds = []
      runEnds = []
      runVersions = []
    }
  }
  for (let o = 0; o < 12; o++) {
    const organizationId = `org-${o}`
    for (let l = 0; l < 4000; l++) push(`roster-${organizationId}`, studentImported(o, l, now))
    for (let p = 0; p < 3000; p++) {
      const stream = `participation-${organizationId}-${p}`
      const base = { participationId: `${organizationId}-p${p}`, campaignId: `${organizationId}-c`, occurredAt: now }
      push(stream, {
        _tag: "ParticipationStarted",
        ...base,
        organizationId,
        campaignType: "PROFILES_COLLECTION",
        userId: `u${p}`,
        participantExternalId: null,
        status: "TO_SHARE"
      })
      push(stream, { _tag: "ParticipationLinked", ...base, learnerId: `${organizationId}-l${p}`, userId: `u${p}` })
      if (p >= 2000) continue
      const shared = { _tag: "ProfileShared", ...base, pixScore: 40, masteryRate: 0.1, isCertifiable: false }
      push(
        stream,
        mode === "digest"
          ? { ...shared, competenceIds, pixScores: competenceIds.map((_, index) => index) }
          : { ...shared, competences: competenceIds.map((competenceId, index) => ({ competenceId, pixScore: index })) }
      )
    }
  }
  if (data.length > 0) out.push({ lastPosition: 0n, data, streamIds, runEnds, runVersions })
  return out
}

for (let run = 0; run < 10; run++)
  for (const tree of run % 2 === 0 ? trees : [...trees].reverse()) {
    const log = pages()
    ;(globalThis as { gc?: () => void }).gc?.()
    const models = tree.module.make()
    const start = performance.now()
    for (const page of log) models.applyPage(page)
    tree.times.push(performance.now() - start)
  }
const median = (values: Array<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const [a, b] = trees as [(typeof trees)[0], (typeof trees)[0]]
console.log(
  `fold of ${mode === "digest" ? "digested" : "undigested"} pages, median of 10: ${a.name} ${median(a.times).toFixed(1)} ms, ${b.name} ${median(b.times).toFixed(1)} ms (ratio ${(median(a.times) / median(b.times)).toFixed(2)})`
)
