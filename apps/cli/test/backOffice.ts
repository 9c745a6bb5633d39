/**
 * The back office from a terminal, as a separate process on whichever store the environment names: Pix Admin
 * registers a school with its contact mailbox, gives it places and switches the maximum on, lists and shows it; the
 * school's staff asks for its administrator invitation by UAI without `--as`; Pix Admin archives it. Bad inputs and
 * forbidden actions give one French sentence, the documented exit code, and change nothing.
 */
import { describe, expect, it } from "vitest"
import * as Operations from "../src/commands/operations.ts"
import * as Organizations from "../src/commands/organizations.ts"
import * as Places from "../src/commands/places.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { type Cli, makeCli, schoolSteps } from "./support.ts"

const code = (name: ExitCode.Row["name"]) => ExitCode.named(name).exitCode
const events = (cli: Cli) => cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events

/** One French sentence on stderr, the given exit code, and no event written. */
const refused = (cli: Cli, exit: ExitCode.Row["name"], ...args: ReadonlyArray<string>) => {
  const before = events(cli)
  const ran = cli.run(...args)
  expect(ran.status).toBe(code(exit))
  const lines = ran.stderr.trimEnd().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/[.!]$/)
  expect(events(cli)).toBe(before)
  return lines[0]
}

export const backOffice = (title: string, env: () => Record<string, string>) =>
  describe(title, () => {
    let cli: Cli

    it("Pix Admin registers a school with its contact mailbox and gives it places", () => {
      cli = makeCli(env())
      cli.json(Organizations.UserJson, ...schoolSteps.pix)
      cli.json(Organizations.UserJson, ...schoolSteps.claire)
      cli.json(Organizations.RegisteredJson, ...schoolSteps.school, "--contact-email", "ce.0331234x@ac-bordeaux.fr")
      const invitation = cli.json(Organizations.InvitationSentJson, ...schoolSteps.invite)
      expect(
        cli.run("--as", "claire", "team", "accept", "-o", "org-1", invitation.invitationId, invitation.code).status
      ).toBe(0)
      const lot = cli.json(
        Places.PlacesLotJson,
        "--as",
        "pix",
        "organizations",
        "places",
        "add",
        "org-1",
        "--count",
        "300",
        "--category",
        "T1",
        "--reference",
        "DEVIS-42",
        "--from",
        "01/09/2026",
        "--to",
        "31/08/2027",
        "--id",
        "lot-1"
      )
      expect(lot).toEqual({ lotId: "lot-1" })
      const limited = cli.json(Places.PlacesJson, "--as", "pix", "organizations", "places", "limit", "org-1", "on")
      expect(limited).toMatchObject({ limitEnabled: true, hasReachedMaximumPlacesLimit: false })
      const seen = cli.run("--as", "claire", "organizations", "places", "show", "org-1")
      expect(seen.status).toBe(0)
      expect(seen.stdout).toContain("0 occupée")
      expect(seen.stdout).toMatch(/lot-1 +300 +Tarif public +DEVIS-42 +01\/09\/2026 +31\/08\/2027/)
    })

    it("a lot Pix Admin's form refuses, a member adding places, an unknown lot: one sentence, the code, nothing written", () => {
      expect(
        refused(
          cli,
          "invalid-input",
          "--as",
          "pix",
          "organizations",
          "places",
          "add",
          "org-1",
          "--count",
          "2.5",
          "--category",
          "T1",
          "--reference",
          "R",
          "--from",
          "01/09/2026",
          "--to",
          "31/08/2027"
        )
      ).toBe("Le nombre de places doit être un nombre sans virgule supérieur à 0.")
      expect(
        refused(
          cli,
          "invalid-input",
          "--as",
          "pix",
          "organizations",
          "places",
          "add",
          "org-1",
          "--count",
          "10",
          "--category",
          "T1",
          "--reference",
          "R",
          "--from",
          "01/09/2026",
          "--to",
          "01/08/2026"
        )
      ).toBe("La date d'expiration doit être postérieure à la date d'activation.")
      refused(
        cli,
        "forbidden",
        "--as",
        "claire",
        "organizations",
        "places",
        "add",
        "org-1",
        "--count",
        "10",
        "--category",
        "T1",
        "--reference",
        "R",
        "--from",
        "01/09/2026",
        "--to",
        "31/08/2027"
      )
      expect(refused(cli, "not-found", "--as", "pix", "organizations", "places", "delete", "org-1", "lot-9")).toBe(
        "Ce lot de places n'existe pas."
      )
    })

    it("Pix Admin lists every organization and shows the school's sheet; a member sees his own", () => {
      cli.json(
        Organizations.RegisteredJson,
        "--as",
        "pix",
        "organizations",
        "register",
        "--name",
        "Université",
        "--type",
        "SUP",
        "--id",
        "org-2"
      )
      const all = cli.json(Organizations.OrganizationListJson, "--as", "pix", "organizations", "list")
      expect(all.map((o) => o.organizationId)).toEqual(["org-1", "org-2"])
      const sco = cli.json(Organizations.OrganizationListJson, "--as", "pix", "organizations", "list", "--type", "SCO")
      expect(sco.map((o) => o.organizationId)).toEqual(["org-1"])
      const sheet = cli.json(Organizations.OrganizationJson, "--as", "pix", "organizations", "show", "org-1")
      expect(sheet.details).toMatchObject({
        contactEmail: "ce.0331234x@ac-bordeaux.fr",
        places: { total: 300, limitEnabled: true }
      })
      const own = cli.json(Organizations.OrganizationJson, "--as", "claire", "organizations", "show", "org-1")
      expect(own.details).toBeUndefined()
      expect(cli.json(Organizations.OrganizationListJson, "--as", "claire", "organizations", "list")).toHaveLength(1)
    })

    it("the school's staff asks for its administrator invitation by UAI: it goes to the school's mailbox", () => {
      const sent = cli.json(
        Places.ScoInvitationJson,
        "organizations",
        "sco-invitation",
        "--uai",
        " 0331234x ",
        "--first-name",
        "Paul",
        "--last-name",
        "Durand"
      )
      expect(sent).toMatchObject({ organizationId: "org-1", email: "ce.0331234x@ac-bordeaux.fr" })
      expect(
        refused(
          cli,
          "not-found",
          "organizations",
          "sco-invitation",
          "--uai",
          "0339999Z",
          "--first-name",
          "Paul",
          "--last-name",
          "Durand"
        )
      ).toBe("L'UAI/RNE 0339999Z de l'établissement n’est pas reconnu.")
    })

    it("Pix Admin archives the school; a member may not, and nothing more is invited to it", () => {
      refused(cli, "forbidden", "--as", "claire", "organizations", "archive", "org-1")
      const archived = cli.json(Places.ArchivedJson, "--as", "pix", "organizations", "archive", "org-1")
      expect(archived.organizationId).toBe("org-1")
      expect(
        cli
          .json(Organizations.OrganizationListJson, "--as", "pix", "organizations", "list", "--archived")
          .map((o) => o.organizationId)
      ).toEqual(["org-1"])
      expect(
        refused(
          cli,
          "conflict",
          "organizations",
          "sco-invitation",
          "--uai",
          "0331234X",
          "--first-name",
          "Paul",
          "--last-name",
          "Durand"
        )
      ).toBe("L'organisation est archivée.")
    })
  })
