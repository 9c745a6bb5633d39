/**
 * Effect's command-line parse errors in French: an unknown option or sub-command, a missing option or argument,
 * a value of the wrong kind. Effect writes them in English (`Unrecognized flag: --x`); the people who run `orga`
 * read French, so each error's fields (not its English message) are put into a French sentence here.
 *
 * @since 0.1.0
 */
import type { CliError } from "effect/cli"

const quoted = (text: string): string => `« ${text} »`

const suggested = (suggestions: ReadonlyArray<string>): string =>
  suggestions.length > 0 ? ` (vouliez-vous dire : ${suggestions.join(", ")} ?)` : ""

// A choice list as effect writes it: `"A" | "B"` (or `A | B` for a missing value).
const choices = (expected: string): ReadonlyArray<string> | undefined => {
  const parts = expected.split(" | ").map((part) => part.trim().replace(/^"(.*)"$/, "$1"))
  return parts.length > 1 ? parts : undefined
}

/**
 * What effect expected of a value, in French (`Expected: "A" | "B"` → `choix : A, B`; `integer` → `un nombre
 * entier`). An expectation it cannot read is kept as effect wrote it, after « attendu : ».
 *
 * @category getters
 * @since 0.1.0
 */
export const expectation = (expected: string): string => {
  const bare = expected.replace(/^Expected:?\s*/, "").replace(/\.$/, "")
  const listed = choices(bare)
  if (listed !== undefined) return `choix : ${listed.join(", ")}`
  if (/^(an? )?integer$|representing an integer|\bint\b/i.test(bare)) return "un nombre entier est attendu"
  if (/^(a )?number$|finite number/i.test(bare)) return "un nombre est attendu"
  if (/^(a )?string$/i.test(bare)) return "un texte est attendu"
  if (/^(a )?boolean$/i.test(bare)) return "oui ou non (true, false) est attendu"
  if (/^(a )?date$/i.test(bare)) return "une date est attendue"
  if (/^(a )?path$|^file$/i.test(bare)) return "un chemin de fichier est attendu"
  if (/^at least (\d+) values?$/.test(bare)) return `au moins ${bare.replace(/\D+/g, "")} valeur(s)`
  if (/^at most (\d+) values?$/.test(bare)) return `au plus ${bare.replace(/\D+/g, "")} valeur(s)`
  // A metavar (`--as <utilisateur>`) is already French; anything else is kept as effect wrote it.
  return `attendu : ${bare}`
}

/**
 * One parse error of effect's `cli` as a French sentence (without its final full stop, which `Report` adds).
 *
 * @category getters
 * @since 0.1.0
 */
export const french = (error: CliError.CliError): string => {
  switch (error._tag) {
    case "UnrecognizedOption":
      return `option inconnue ${error.option}${error.command ? ` pour ${quoted(error.command.join(" "))}` : ""}${suggested(error.suggestions)}`
    case "UnknownSubcommand":
      return `sous-commande inconnue ${quoted(error.subcommand)}${error.parent ? ` pour ${quoted(error.parent.join(" "))}` : ""}${suggested(error.suggestions)}`
    case "MissingOption":
      return `l'option --${error.option} est obligatoire`
    case "MissingArgument":
      return `l'argument <${error.argument}> est obligatoire`
    case "UnexpectedArgument":
      return error.arguments.length === 1
        ? `argument en trop : ${quoted(error.arguments[0] ?? "")}`
        : `arguments en trop : ${error.arguments.map(quoted).join(", ")}`
    case "InvalidValue":
      if (error.kind === "argument")
        return `valeur invalide pour l'argument <${error.option}> : ${quoted(error.value)} (${expectation(error.expected)})`
      if (error.value === "")
        return `il manque la valeur de l'option --${error.option} (${expectation(error.expected)})`
      return `valeur invalide pour l'option --${error.option} : ${quoted(error.value)} (${expectation(error.expected)})`
    case "DuplicateOption":
      return `l'option ${error.option} est déclarée deux fois (${error.parentCommand}, ${error.childCommand})`
    case "ShowHelp":
      return error.errors.map(french).join(" ; ")
    default:
      return error.message
  }
}
