/**
 * How a failure reaches a person and a script: one French sentence on stderr (and, for a refused SIECLE file,
 * every problem on the lines after it), the exit code of `ExitCode.table`, and with `--json` an `error`
 * document on stdout.
 *
 * @since 0.1.0
 */
import * as ExitCode from "./ExitCode.ts"

interface Failure {
  readonly _tag?: string
  readonly code?: string
  readonly message?: string
  readonly errors?: ReadonlyArray<{ readonly code: string; readonly message: string; readonly meta?: unknown }>
}

/** A message on one line (effect's parse errors span several), ending as a sentence ends. */
const oneLine = (message: string): string => {
  const [first = "", ...rest] = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
  const suggestions = rest.filter((line) => !/^Did you mean/.test(line))
  const text = suggestions.length > 0 ? `${first} (vouliez-vous dire : ${suggestions.join(", ")} ?)` : first
  return /[.!?…)]$/.test(text) ? (text.endsWith(")") ? `${text}.` : text) : `${text}.`
}

const sentence = (failure: Failure, row: ExitCode.Row): string => {
  const message = oneLine((failure.message ?? "").trim())
  switch (row.name) {
    case "usage":
      return `Commande invalide : ${message || "voir orga --help."}`
    case "store-unavailable":
      return `Le stockage est inaccessible : ${message || "erreur inconnue."}`
    case "unexpected":
      return `Erreur inattendue : ${message || oneLine(String(failure))}`
    default:
      if (failure._tag === "SiecleImportFailed")
        return `Le fichier SIECLE est refusé : ${failure.errors?.length ?? 0} erreur(s), rien n'a été importé.`
      return message
  }
}

/**
 * The JSON document of a failure (`--json`): `{ error: { exitCode, kind, tag, code, message, errors } }`.
 *
 * @category models
 * @since 0.1.0
 */
export interface ErrorDocument {
  readonly error: {
    readonly exitCode: number
    readonly kind: ExitCode.Row["name"]
    readonly tag: string
    readonly code: string | null
    readonly message: string
    readonly errors: ReadonlyArray<{ readonly code: string; readonly message: string }>
  }
}

/**
 * Prints a failure and sets the process's exit code.
 *
 * @category constructors
 * @since 0.1.0
 */
export const failure = (error: unknown, options: { readonly json: boolean }): ExitCode.Row => {
  const failure = (typeof error === "object" && error !== null ? error : { message: String(error) }) as Failure
  const row = ExitCode.forTag(failure._tag)
  const text = sentence(failure, row)
  const details = (failure.errors ?? []).map((problem) => `  - [${problem.code}] ${problem.message}`)
  process.stderr.write(`${[text, ...details].join("\n")}\n`)
  if (options.json) {
    const document: ErrorDocument = {
      error: {
        exitCode: row.exitCode,
        kind: row.name,
        tag: failure._tag ?? "Unknown",
        code: typeof failure.code === "string" ? failure.code : null,
        message: text,
        errors: (failure.errors ?? []).map((problem) => ({ code: problem.code, message: problem.message }))
      }
    }
    process.stdout.write(`${JSON.stringify(document)}\n`)
  }
  process.exitCode = row.exitCode
  return row
}
