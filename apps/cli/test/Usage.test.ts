/**
 * Effect's parse errors reach the user in French (`src/Usage.ts`), as one sentence on stderr with the usage exit
 * code; stdout stays empty (no help dumped on it), and `--json` gets one error document only.
 */
import { describe, expect, it } from "vitest"
import * as ExitCode from "../src/ExitCode.ts"
import * as Usage from "../src/Usage.ts"
import { makeCli } from "./support.ts"

const usage = ExitCode.named("usage").exitCode

describe("parse errors in French", () => {
  const cli = makeCli()
  const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
    [
      ["students", "list", "--organisation", "org-1"],
      "Commande invalide : option inconnue --organisation pour « orga students list » (vouliez-vous dire : --organization ?) ; voir orga students list --help."
    ],
    [
      ["students", "list"],
      "Commande invalide : l'option --organization est obligatoire ; voir orga students list --help."
    ],
    [
      ["students", "list", "-o"],
      "Commande invalide : il manque la valeur de l'option --organization (un texte est attendu) ; voir orga students list --help."
    ],
    [
      ["students", "list", "-o", "org-1", "--page", "abc"],
      "Commande invalide : valeur invalide pour l'option --page : « abc » (un nombre est attendu) ; voir orga students list --help."
    ],
    [
      ["campaigns", "create", "-o", "org-1", "--name", "N", "--type", "XYZ"],
      "Commande invalide : valeur invalide pour l'option --type : « XYZ » (choix : ASSESSMENT, PROFILES_COLLECTION) ; voir orga campaigns create --help."
    ],
    [
      ["students", "import", "siecle", "-o", "org-1"],
      "Commande invalide : l'argument <fichier> est obligatoire ; voir orga students import siecle --help."
    ],
    [
      ["students", "list", "-o", "org-1", "b", "c"],
      "Commande invalide : arguments en trop : « b », « c » ; voir orga students list --help."
    ],
    [
      ["organizations", "places", "limit", "org-1", "peut-etre"],
      "Commande invalide : valeur invalide pour l'argument <etat> : « peut-etre » (choix : on, off) ; voir orga organizations places limit --help."
    ],
    [
      ["students", "lister"],
      "Commande invalide : sous-commande inconnue « lister » pour « orga students » (vouliez-vous dire : list ?) ; voir orga students --help."
    ],
    // Effect's wizard is left out: it needs a line editor the CLI's terminal does not offer, and speaks English.
    [["--wizard"], "Commande invalide : option inconnue --wizard pour « orga » ; voir orga --help."]
  ]

  it("one French sentence on stderr, nothing on stdout, the usage code", () => {
    const wrong: Array<string> = []
    for (const [args, sentence] of cases) {
      const ran = cli.run(...args)
      if (ran.status !== usage || ran.stdout !== "" || ran.stderr !== `${sentence}\n`)
        wrong.push(`orga ${args.join(" ")} → ${ran.status}\n${ran.stdout}${ran.stderr}`)
      expect(ran.stderr).not.toMatch(/Unrecognized|Missing|Expected|Invalid value|Unknown|Did you mean/)
    }
    expect(wrong).toEqual([])
  }, 120_000)

  it("--json: one error document on stdout, without the help", () => {
    const ran = cli.run("--json", "students", "list")
    expect(ran.status).toBe(usage)
    expect(ran.stdout.trimEnd().split("\n")).toHaveLength(1)
    expect(JSON.parse(ran.stdout).error).toMatchObject({ exitCode: usage, kind: "usage", tag: "CliError" })
  })

  it("a group alone still prints its help (and the usage code), --help exits with 0", () => {
    const group = cli.run("students")
    expect(group.status).toBe(usage)
    expect(group.stdout).toContain("SOUS-COMMANDES")
    const help = cli.run("students", "list", "--help")
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("UTILISATION")
  })

  it("reads effect's expectations it knows, and keeps the others after « attendu »", () => {
    expect(Usage.expectation('Expected: "A" | "B"')).toBe("choix : A, B")
    expect(Usage.expectation("integer")).toBe("un nombre entier est attendu")
    expect(Usage.expectation("Expected a string representing a finite number")).toBe("un nombre est attendu")
    expect(Usage.expectation("at least 2 values")).toBe("au moins 2 valeur(s)")
    expect(Usage.expectation("utilisateur")).toBe("attendu : utilisateur")
  })
})
