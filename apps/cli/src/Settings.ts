/**
 * The flags every command takes (`--as`, `--json`), as global settings: a handler reads them with `yield*`.
 *
 * @since 0.1.0
 */
import { Flag, GlobalFlag } from "effect/cli"

/**
 * `--as <userId>`: the user the command acts as, with that user's rights (nobody logged in without it).
 *
 * @category services
 * @since 0.1.0
 */
export const As = GlobalFlag.Setting("as")({
  flag: Flag.String("as").pipe(
    Flag.withDescription("Agir en tant que cet utilisateur (identifiant), avec ses droits."),
    Flag.withMetavar("utilisateur"),
    Flag.optional
  )
})

/**
 * `--json`: one JSON document on stdout (the command's schema, see the README) instead of text for people.
 *
 * @category services
 * @since 0.1.0
 */
export const Json = GlobalFlag.Setting("json")({
  flag: Flag.Boolean("json").pipe(
    Flag.withDescription("Sortie JSON (un schéma stable par commande)."),
    Flag.withDefault(false)
  )
})
