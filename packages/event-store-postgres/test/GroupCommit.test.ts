import { describe, expect, it } from "vitest"
import { makeGroupCommit } from "../src/internal/GroupCommit.ts"

describe("GroupCommit", () => {
  it("writes a lone item alone, then groups the items submitted while a write is in flight", async () => {
    const groups: Array<ReadonlyArray<number>> = []
    const submit = makeGroupCommit<number, number>(
      async (items) => {
        groups.push(items)
        await new Promise((resolve) => setTimeout(resolve, 5))
        return items.map((item) => item * 10)
      },
      { maxGroup: 3, gatherMillis: 1 }
    )
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(submit))
    expect(answers).toEqual([10, 20, 30, 40, 50, 60])
    expect(groups).toEqual([[1], [2, 3, 4], [5, 6]])
  })

  it("keeps callers that are answered together in one group when they submit again", async () => {
    const groups: Array<number> = []
    const submit = makeGroupCommit<number, number>(
      async (items) => {
        groups.push(items.length)
        await new Promise((resolve) => setTimeout(resolve, 2))
        return items
      },
      { maxGroup: 64, gatherMillis: 20 }
    )
    await Promise.all(
      Array.from({ length: 4 }, async (_, caller) => {
        for (let i = 0; i < 5; i++) await submit(caller)
      })
    )
    // 1 + 3, then groups of 4 (never 1 + 3 again), then the stragglers of the first group.
    expect(groups.slice(0, 2)).toEqual([1, 3])
    expect(groups.slice(2, -1).every((size) => size === 4)).toBe(true)
    expect(groups.reduce((a, b) => a + b, 0)).toBe(20)
  })

  it("fails every item of a failed group, and only those", async () => {
    let calls = 0
    const submit = makeGroupCommit<string, string>(
      async (items) => {
        calls++
        if (calls === 2) throw new Error("connection lost")
        await new Promise((resolve) => setTimeout(resolve, 5))
        return items
      },
      { maxGroup: 10, gatherMillis: 1 }
    )
    const outcomes = await Promise.allSettled(["a", "b", "c"].map(submit))
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected"])
    expect(await submit("d")).toBe("d")
  })
})
