/**
 * `orga personal-data`: Pix Admin exports a user's data, erases the user (French sentence, `--json` schema), a
 * second erasure is a conflict (exit 6), an unknown user is not found (exit 3), a dry run of the retention rule
 * says whom and erases no one; anyone else is refused (exit 4) and bad limits are invalid (exit 5).
 */
import { describe, expect, it } from "vitest"
import { DataExportJson, ErasedJson, RetentionJson } from "../src/commands/privacy.ts"
import { makeCli } from "./support.ts"

describe("orga personal-data", () => {
  const cli = makeCli()
  it("exports, erases, refuses, and runs the retention rule", () => {
    expect(
      cli.run("users", "register", "--id", "pix", "--first-name", "Pix", "--last-name", "Admin", "--email", "pix@x.fr")
        .status
    ).toBe(0)
    expect(
      cli.run("users", "register", "--id", "lea", "--first-name", "Léa", "--last-name", "Martin", "--email", "lea@x.fr")
        .status
    ).toBe(0)
    const data = cli.json(DataExportJson, "--as", "pix", "personal-data", "export-user", "lea")
    expect(data.subject).toBe("user:lea")
    expect(JSON.stringify(data)).toContain("lea@x.fr")
    const erased = cli.run("--as", "pix", "personal-data", "erase-user", "lea")
    expect(erased.status).toBe(0)
    expect(erased.stdout).toContain("Utilisateur effacé : ses données personnelles ne peuvent plus être lues.")
    const again = cli.run("--as", "pix", "personal-data", "erase-user", "lea")
    expect(again.status).toBe(6)
    expect(again.stderr).toContain("Les données de cette personne ont déjà été effacées.")
    expect(cli.run("--as", "pix", "personal-data", "export-user", "personne").status).toBe(3)
    expect(cli.run("--as", "lea", "personal-data", "retention").status).toBe(4)
    expect(cli.run("--as", "pix", "personal-data", "retention", "--days", "5").status).toBe(5)
    const dry = cli.json(RetentionJson, "--as", "pix", "personal-data", "retention", "--dry-run")
    expect(dry).toEqual({
      limits: { disabledSchoolYears: 2, inactiveDays: 1095 },
      learners: [],
      users: [],
      dryRun: true
    })
    const erasedJson = cli.json(ErasedJson, "--as", "pix", "personal-data", "erase-user", "pix")
    expect(erasedJson.subject).toBe("user:pix")
  }, 120_000)
})
