import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { usage } from "./examples/usage.ts"

describe("README usage example", () => {
  it("runs and prints what the README says", () => {
    expect(usage()).toEqual([
      "decided: OrganizationRegistered",
      "decided: MemberInvited",
      "decided: InvitationAccepted, MemberJoined",
      "refused: LAST_ADMIN_CANNOT_LEAVE (Vous êtes le dernier administrateur de cet espace Pix Orga : nommez un autre administrateur avant de partir.)",
      "may import: true",
      "import: StudentImported, StudentImported, SiecleImportCompleted",
      "same file again: 0 event(s)"
    ])
  })
  it("is the very snippet shown in the README", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "examples", "usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })
})
