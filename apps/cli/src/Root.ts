/**
 * The `orga` command and its tree (the sub-commands grouped as the library's services are).
 *
 * @since 0.1.0
 */
import { Command } from "effect/cli"
import * as Batch from "./commands/batch.ts"
import * as Campaigns from "./commands/campaigns.ts"
import * as Operations from "./commands/operations.ts"
import * as Organizations from "./commands/organizations.ts"
import * as Privacy from "./commands/privacy.ts"
import * as Reports from "./commands/reports.ts"
import * as Students from "./commands/students.ts"
import * as Tables from "./commands/tables.ts"
import * as Team from "./commands/team.ts"
import { examples } from "./Run.ts"
import * as Settings from "./Settings.ts"

/**
 * The root command, `orga`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const root = Command.make("orga").pipe(
  Command.withDescription(
    "Orga en ligne de commande : le back-office et le travail des établissements, sur ./data/orga.db ou DATABASE_URL."
  ),
  Command.withExamples(
    examples(
      [
        "orga --as pix organizations register --name 'Collège Jean Moulin' --type SCO --managing-students",
        "Back-office"
      ],
      ["orga --as claire students import siecle -o org-1 eleves.xml", "Import SIECLE"],
      ["orga --completions bash >> ~/.bashrc", "Complétion pour bash (zsh : --completions zsh)"]
    )
  ),
  Command.withSubcommands([
    Organizations.command,
    Organizations.users,
    Team.command,
    Students.command,
    Campaigns.command,
    ...Reports.commands,
    ...Operations.commands,
    Privacy.command,
    Batch.command,
    Tables.command
  ]),
  Command.withGlobalFlags([Settings.As, Settings.Json])
)
