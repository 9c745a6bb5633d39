/**
 * Test support: runs workloads in child processes (`processes/worker.ts`), each with its own Orga over the
 * same store, released at the same instant once every child is ready.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Seeded, Workload } from "./burst.ts"

const script = fileURLToPath(new URL("../processes/worker.ts", import.meta.url))

/** Where the children's Orga stores its log. */
export type Where =
  | { readonly kind: "sqlite"; readonly filename: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema: string }

/** One child's share: a workload on indices from, from + step, ... below to. */
export interface Share {
  readonly workload: Workload
  readonly from: number
  readonly to: number
  readonly step: number
  /**
   * Starts once the log holds this many of what the other child makes (participations in the campaign for
   * `archive`, campaigns named `T…` for `remove`): lands in the middle of the other child's work.
   */
  readonly after?: number
  /** How many of its commands run at once (default all). */
  readonly concurrency?: number
}

/** One command's outcome in a child. */
export interface Outcome {
  readonly i: number
  readonly outcome: string
  readonly ms: number
}

const startChild = (where: Where, idPrefix: string, seededFile: string, share: Share) => {
  const args = where.kind === "sqlite" ? ["sqlite", where.filename, "-"] : ["postgres", where.url, where.schema]
  const child: ChildProcess = spawn(
    process.execPath,
    [
      script,
      ...args,
      idPrefix,
      seededFile,
      share.workload,
      `${share.from}`,
      `${share.to}`,
      `${share.step}`,
      `${share.after ?? 0}`,
      `${share.concurrency ?? 0}`
    ],
    { stdio: ["pipe", "pipe", "pipe"] }
  )
  let stdout = ""
  let stderr = ""
  let onReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    onReady = resolve
  })
  child.stdout?.on("data", (chunk) => {
    stdout += chunk
    if (stdout.startsWith("ready\n")) onReady()
  })
  child.stderr?.on("data", (chunk) => {
    stderr += chunk
  })
  const exited = new Promise<ReadonlyArray<Outcome>>((resolve, reject) =>
    child.on("exit", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("["))
      if (code !== 0 || line === undefined) reject(new Error(`worker exited with ${code}: ${stderr}`))
      else resolve(JSON.parse(line) as ReadonlyArray<Outcome>)
    })
  )
  return { child, ready: Promise.race([ready, exited.then(() => undefined)]), exited }
}

let runs = 0

/**
 * Runs each share in its own child process over `where`, all released together; answers each child's outcomes.
 */
export const inChildren = async (
  where: Where,
  seeded: Seeded,
  seededFile: string,
  shares: ReadonlyArray<Share>
): Promise<ReadonlyArray<ReadonlyArray<Outcome>>> => {
  writeFileSync(seededFile, JSON.stringify(seeded))
  // Each child's runtime numbers its ids from 1: a prefix never used before keeps them apart.
  runs += 1
  const children = shares.map((share, index) => startChild(where, `p${runs}x${index}`, seededFile, share))
  await Promise.all(children.map((c) => c.ready))
  for (const { child } of children) child.stdin?.write("go\n")
  return Promise.all(children.map((c) => c.exited))
}
