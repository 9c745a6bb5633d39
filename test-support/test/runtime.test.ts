import { execFileSync } from "node:child_process"
import { describe, expect, it } from "vitest"

describe("pinned runtime", () => {
  it("runs the tests on the Node version the project pins", () => {
    expect(process.version).toBe("v24.21.0")
  })

  it("runs pnpm scripts on the pinned Node, whatever the system Node is", () => {
    const out = execFileSync("pnpm", ["exec", "node", "-e", "console.log(process.version)"], {
      encoding: "utf8"
    })
    expect(out.trim()).toBe("v24.21.0")
  })
})
