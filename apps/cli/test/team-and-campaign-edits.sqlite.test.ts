/**
 * `orga team resend|cancel|leave` and `orga campaigns update` on the SQLite file: an administrator re-sends and
 * cancels invitations, a member leaves, a campaign is renamed and handed to another member. Bad inputs (a
 * cancelled invitation re-sent, a member outside the team, the last administrator leaving, an owner who is not a
 * member, an unknown campaign) give one French sentence, their exit code, and change nothing.
 */
import * as Schema from "effect/Schema"
import { beforeAll, describe, expect, it } from "vitest"
import * as Campaigns from "../src/commands/campaigns.ts"
import * as Operations from "../src/commands/operations.ts"
import * as Organizations from "../src/commands/organizations.ts"
import * as Team from "../src/commands/team.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { makeCli, setUpSchool } from "./support.ts"

const cli = makeCli()
const code = (name: ExitCode.Row["name"]) => ExitCode.named(name).exitCode
const events = () => cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events
const team = () => cli.json(Team.TeamJson, "--as", "claire", "team", "list", "-o", "org-1")

const oneSentence = (stderr: string) => {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1)
  expect(stderr).toMatch(/\.\n$/)
}

let paulInvitation = ""
let anneInvitation = ""

beforeAll(() => {
  setUpSchool(cli)
  expect(
    cli.run(
      "users",
      "register",
      "--id",
      "paul",
      "--first-name",
      "Paul",
      "--last-name",
      "Durand",
      "--email",
      "paul@college.fr"
    ).status
  ).toBe(0)
  const sent = cli.json(
    Schema.Array(Organizations.InvitationSentJson),
    "--as",
    "claire",
    "team",
    "invite",
    "-o",
    "org-1",
    "paul@college.fr"
  )
  const [paul] = sent
  if (paul === undefined) throw new Error("no invitation")
  paulInvitation = paul.invitationId
  expect(cli.run("--as", "paul", "team", "accept", "-o", "org-1", paul.invitationId, paul.code).status).toBe(0)
  const anne = JSON.parse(
    cli.run("--json", "--as", "claire", "team", "invite", "-o", "org-1", "anne@college.fr").stdout
  )
  anneInvitation = anne[0].invitationId
}, 120_000)

describe("team: re-send, cancel, leave", () => {
  it("re-sends a pending invitation, cancels it, and a cancelled one cannot be re-sent", () => {
    const resent = cli.run("--as", "claire", "team", "resend", "-o", "org-1", anneInvitation)
    expect(resent.status).toBe(0)
    expect(resent.stdout).toBe(`✓ Invitation ${anneInvitation} renvoyée.\n`)
    expect(cli.json(Team.DoneJson, "--as", "claire", "team", "cancel", "-o", "org-1", anneInvitation)).toEqual({
      ok: true
    })
    const pending = team().invitations.filter((i) => i.status === "pending")
    expect(pending.map((i) => i.invitationId)).not.toContain(anneInvitation)
    const before = events()
    const again = cli.run("--as", "claire", "team", "resend", "-o", "org-1", anneInvitation)
    expect([again.status, again.stderr]).toEqual([
      code("conflict"),
      "Cette invitation a déjà été acceptée ou annulée.\n"
    ])
    oneSentence(again.stderr)
    const accepted = cli.run("--as", "claire", "team", "cancel", "-o", "org-1", paulInvitation)
    expect([accepted.status, accepted.stderr]).toEqual([
      code("conflict"),
      "L'invitation à cette organisation ne peut pas être annulée.\n"
    ])
    oneSentence(accepted.stderr)
    const outsider = cli.run("--as", "pix", "team", "resend", "-o", "org-1", anneInvitation)
    expect(outsider.status).toBe(code("forbidden"))
    const unknown = cli.run("--as", "claire", "team", "cancel", "-o", "org-1", "invitation-inconnue")
    expect(unknown.status).toBe(code("not-found"))
    oneSentence(unknown.stderr)
    expect(events()).toBe(before)
  })

  it("campaigns update: renamed and handed to Paul; an owner outside the team or an unknown campaign is refused", () => {
    const created = cli.json(
      Campaigns.CreatedJson,
      "--as",
      "claire",
      "campaigns",
      "create",
      "-o",
      "org-1",
      "--name",
      "Collecte 3e",
      "--type",
      "PROFILES_COLLECTION"
    )
    const updated = cli.run(
      "--as",
      "claire",
      "campaigns",
      "update",
      created.campaignId,
      "--name",
      "Collecte 3e (juin)",
      "--landing-text",
      "Bienvenue dans la collecte de rentrée.",
      "--owner",
      "paul",
      "--multiple-sendings",
      "on"
    )
    expect(updated.status).toBe(0)
    expect(updated.stdout).toBe(`✓ Campagne ${created.campaignId} modifiée.\n`)
    const listed = cli.json(Schema.Array(Campaigns.CampaignJson), "--as", "claire", "campaigns", "list", "-o", "org-1")
    expect(listed).toEqual([
      expect.objectContaining({ campaignId: created.campaignId, name: "Collecte 3e (juin)", ownerId: "paul" })
    ])
    const before = events()
    const stranger = cli.run(
      "--as",
      "claire",
      "campaigns",
      "update",
      created.campaignId,
      "--name",
      "X",
      "--owner",
      "pix"
    )
    expect([stranger.status, stranger.stderr]).toEqual([
      code("invalid-input"),
      "Le propriétaire ne fait pas partie de l'organisation.\n"
    ])
    oneSentence(stranger.stderr)
    const title = cli.run("--as", "claire", "campaigns", "update", created.campaignId, "--name", "X", "--title", "T")
    expect(title.status).toBe(code("invalid-input"))
    expect(title.stderr).toBe("Une campagne de collecte de profils ne peut pas avoir de titre de parcours.\n")
    const unknown = cli.run("--as", "claire", "campaigns", "update", "campagne-inconnue", "--name", "X")
    expect(unknown.status).toBe(code("not-found"))
    oneSentence(unknown.stderr)
    const noName = cli.run("--as", "claire", "campaigns", "update", created.campaignId)
    expect(noName.status).toBe(code("usage"))
    expect(noName.stderr).toContain("l'option --name est obligatoire")
    expect(events()).toBe(before)
  })

  it("a member leaves; the last administrator cannot", () => {
    expect(cli.run("--as", "paul", "team", "leave", "-o", "org-1").stdout).toBe(
      "✓ Vous avez quitté l'organisation org-1.\n"
    )
    expect(team().members.map((m) => m.userId)).toEqual(["claire"])
    const before = events()
    const last = cli.run("--as", "claire", "team", "leave", "-o", "org-1")
    expect([last.status, last.stderr]).toEqual([
      code("conflict"),
      "Vous êtes le dernier administrateur de cet espace Pix Orga : nommez un autre administrateur avant de partir.\n"
    ])
    oneSentence(last.stderr)
    const notMember = cli.run("--as", "paul", "team", "leave", "-o", "org-1")
    expect([notMember.status, notMember.stderr]).toEqual([
      code("not-found"),
      "Ce membre n'appartient pas à l'organisation.\n"
    ])
    expect(events()).toBe(before)
  })
})
