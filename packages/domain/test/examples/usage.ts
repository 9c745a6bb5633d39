import { Decider, OrganizationCommand, OrganizationDecider, Policy, RosterCommand, RosterDecider } from "@orga/domain"
import { OrganizationBuilders as B, RosterBuilders as R } from "@orga/domain/testing"
import * as Result from "effect/Result"

// A school is registered, its first invited person accepts and becomes ADMIN, then imports two students.
export const usage = (): ReadonlyArray<string> => {
  const lines: Array<string> = []
  let team = OrganizationDecider.decider.initialState
  const apply = (command: OrganizationCommand.OrganizationCommand) => {
    const decided = OrganizationDecider.decide(command, team)
    if (Result.isFailure(decided)) return lines.push(`refused: ${decided.failure.code} (${decided.failure.message})`)
    for (const event of decided.success) team = OrganizationDecider.evolve(team, event)
    return lines.push(`decided: ${decided.success.map((event) => event._tag).join(", ")}`)
  }
  const organizationId = B.organizationId("org-1")
  const now = B.timestamp("2026-09-01T08:00:00.000Z")
  apply(
    OrganizationCommand.RegisterOrganization.make({
      organizationId,
      name: "Collège Victor Hugo",
      type: "SCO",
      uai: B.uai("0751234A"),
      isManagingStudents: true,
      identityProviderForCampaigns: null,
      contactEmail: B.email("ce.0751234a@ac-paris.fr"),
      actorId: null,
      now
    })
  )
  apply(
    OrganizationCommand.InviteScoAdministrator.make({
      organizationId,
      freshInvitation: { invitationId: B.invitationId("inv-1"), code: B.invitationCode("K7Q2M9X4PA") },
      now
    })
  )
  apply(
    OrganizationCommand.AcceptInvitation.make({
      organizationId,
      invitationId: B.invitationId("inv-1"),
      code: "K7Q2M9X4PA",
      userId: B.userId("principal"),
      email: "ce.0751234a@ac-paris.fr",
      now
    })
  )
  apply(OrganizationCommand.LeaveOrganization.make({ organizationId, userId: B.userId("principal"), now }))

  const principal = { _tag: "User", userId: B.userId("principal") } as const
  lines.push(`may import: ${Result.isSuccess(Policy.canImportStudents(principal, team))}`)
  const records = R.someStudentRecords(2)
  const importing = RosterCommand.ImportStudents.make({
    organizationId,
    actorId: principal.userId,
    records,
    newLearnerIds: records.map((_, i) => R.learnerId(`learner-${i + 1}`)),
    schoolYear: R.schoolYear("2026"),
    fileName: "ELEVES_0751234A.zip",
    now
  })
  const imported = Result.getOrThrow(RosterDecider.decide(importing, RosterDecider.decider.initialState))
  lines.push(`import: ${imported.map((event) => event._tag).join(", ")}`)
  const roster = Decider.fold(RosterDecider.decider, imported)
  const again = Result.getOrThrow(RosterDecider.decide(importing, roster))
  lines.push(`same file again: ${again.length} event(s)`)
  return lines
}
