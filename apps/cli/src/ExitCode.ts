/**
 * The one table from a failure to the process's exit code: the library's error tags (and the CLI's own
 * failures, which reuse them) to six codes a script can test. `README.md` documents the same table; the tests
 * read it from here.
 *
 * @since 0.1.0
 */

/**
 * One row of the table: the code, what it means, and the tags that lead to it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Row {
  readonly exitCode: number
  readonly name:
    | "ok"
    | "unexpected"
    | "usage"
    | "not-found"
    | "forbidden"
    | "invalid-input"
    | "conflict"
    | "store-unavailable"
  /** What a person reads in the README, in French. */
  readonly meaning: string
  readonly tags: ReadonlyArray<string>
}

/**
 * Every exit code of `orga`.
 *
 * @category models
 * @since 0.1.0
 */
export const table: ReadonlyArray<Row> = [
  { exitCode: 0, name: "ok", meaning: "Succès.", tags: [] },
  { exitCode: 1, name: "unexpected", meaning: "Erreur inattendue (un défaut de l'outil).", tags: [] },
  { exitCode: 2, name: "usage", meaning: "Commande, option ou argument invalide.", tags: ["CliError"] },
  {
    exitCode: 3,
    name: "not-found",
    meaning: "Introuvable (organisation, campagne, utilisateur…).",
    tags: ["NotFound"]
  },
  { exitCode: 4, name: "forbidden", meaning: "Action non autorisée pour l'utilisateur (--as).", tags: ["Forbidden"] },
  {
    exitCode: 5,
    name: "invalid-input",
    meaning: "Donnée refusée : champ invalide, fichier absent ou illisible, fichier SIECLE refusé.",
    tags: ["InvalidInput", "SiecleImportFailed", "FileError"]
  },
  { exitCode: 6, name: "conflict", meaning: "Conflit avec l'état actuel (déjà fait, déjà pris…).", tags: ["Conflict"] },
  {
    exitCode: 7,
    name: "store-unavailable",
    meaning: "Le stockage (fichier SQLite ou PostgreSQL) est inaccessible.",
    tags: ["EventStoreError"]
  }
]

const byTag = new Map(table.flatMap((row) => row.tags.map((tag) => [tag, row] as const)))

/**
 * The row for a failure's `_tag` (the unexpected row for anything else).
 *
 * @category getters
 * @since 0.1.0
 */
export const forTag = (tag: string | undefined): Row =>
  (tag === undefined ? undefined : byTag.get(tag)) ?? (table[1] as Row)

/**
 * The row with this name.
 *
 * @category getters
 * @since 0.1.0
 */
export const named = (name: Row["name"]): Row => table.find((row) => row.name === name) as Row
