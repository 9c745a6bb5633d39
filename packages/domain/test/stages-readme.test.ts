import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { stagesUsage } from "./examples/stages-usage.ts"

describe("README stages and badges example", () => {
  it("runs and prints what the README says", () => {
    expect(stagesUsage()).toEqual([
      "Parcours 3e — les 16 compétences : 92 acquis, 5 paliers, 3 résultats thématiques",
      "Léa : 70\u00a0%, « Niveau attendu en fin de collège »",
      "Palier obtenu (/4) : 3",
      "Chercher et traiter l'information obtenu (O/N) : Oui",
      "Se protéger en ligne obtenu (O/N) : Non",
      "Programmer obtenu (O/N) : Non",
      "refusé : INVALID_TARGET_PROFILE (Le palier zéro (seuil 0 ou niveau 0) est obligatoire.)",
      "profil envoyé le 10/12/2026 14:05, année 2026-2027"
    ])
  })
  it("is the very snippet shown in the README", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "examples", "stages-usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })
})
