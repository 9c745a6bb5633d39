import { describe, expect, it } from "vitest"
import { accepted, refused } from "../examples/usage.ts"

describe("the README example", () => {
  it("summarises an accepted file and a refused one", () => {
    // The generator is deterministic from its seed, so the README can quote the exact summary.
    expect(accepted).toBe(
      "276 élèves importables pour 2025 (lus : 300, partis : 10, pas encore arrivés : 5, sans classe : 9)"
    )
    expect(refused).toBe("UAI_MISMATCHED: L’UAI du fichier SIECLE ne correspond pas à celui de votre établissement.")
  })
})
