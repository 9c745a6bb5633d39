/**
 * The help in French: effect's formatter lays it out (usage, options, sub-commands, examples), and its fixed
 * English words — headings and the built-in flags' descriptions — are put in French here. The descriptions and
 * examples of Orga's own commands are written in French where they are declared.
 *
 * @since 0.1.0
 */
import { CliConfig, CliOutput, GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Output from "./Output.ts"

const words: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(\S*)GLOBAL FLAGS/gm, "$1OPTIONS GLOBALES"],
  [/^(\S*)FLAGS/gm, "$1OPTIONS"],
  [/^(\S*)USAGE/gm, "$1UTILISATION"],
  [/^(\S*)SUBCOMMANDS/gm, "$1SOUS-COMMANDES"],
  [/^(\S*)EXAMPLES/gm, "$1EXEMPLES"],
  [/<subcommand>/g, "<sous-commande>"],
  [/\[flags\]/g, "[options]"],
  [/Show help information/g, "Affiche l'aide"],
  [/Show version information/g, "Affiche la version"],
  [/Start wizard mode for a command/g, "Lance l'assistant interactif"],
  [/Print shell completion script/g, "Affiche le script de complétion du shell"],
  [/Sets the minimum log level/g, "Niveau minimal des journaux"],
  [/\(choices: /g, "(choix : "]
]

/**
 * Puts effect's fixed English words of a help text in French.
 *
 * @category combinators
 * @since 0.1.0
 */
export const french = (text: string): string => words.reduce((result, [from, to]) => result.replace(from, to), text)

/**
 * The CLI's help formatter (colours as the output's: off when piped or with `NO_COLOR`), its presenter (a parse
 * error is left to `Invoke`), and its built-in flags (`--help`, `--version`, `--completions`, `--log-level`).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = () => {
  const base = CliOutput.defaultFormatter({ colors: Output.colours() })
  return Layer.mergeAll(
    CliOutput.layer({ ...base, formatHelpDoc: (doc) => french(base.formatHelpDoc(doc)) }),
    // A parse error is reported by `main.ts` alone, in French, on stderr: effect's default would print the whole
    // help on stdout (breaking `--json`'s one document) and its English errors on stderr.
    CliOutput.layerPresenter({
      present: (event) => (event._tag === "InvalidInvocation" ? Effect.void : CliOutput.defaultPresenter.present(event))
    }),
    // No `--wizard`: it needs a line editor, which the CLI's terminal (`Environment`) does not offer, and it speaks
    // English; without it, `--wizard` is an unknown option like any other.
    CliConfig.layer({ builtIns: GlobalFlag.BuiltIns.filter((flag) => flag !== GlobalFlag.Wizard) })
  )
}
