/**
 * The target profile catalogue as data: a profile is created once from a valid definition, offered to
 * organizations and withdrawn; the read models fold what was recorded.
 */
import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import { project } from "../src/Decider.ts"
import * as TargetProfileCatalogue from "../src/referential/TargetProfileCatalogue.ts"
import * as TargetProfileShares from "../src/referential/TargetProfileShares.ts"

const at = "2026-09-14T08:00:00.000Z"
const admin = "pix-admin"
const created = Result.getOrThrow(
  TargetProfileShares.create(null, { definition: TargetProfileCatalogue.college3e, actorId: admin, now: at })
)
const entry = project(TargetProfileShares.entry, created)

describe("creating a target profile", () => {
  it("records the definition, and the catalogue builds the profile with its stages and badges", () => {
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({ _tag: "TargetProfileCreated", targetProfileId: "tp-college-3e", actorId: admin })
    expect(entry?.profile.id).toBe("tp-college-3e")
    expect(entry?.profile.stages).toHaveLength(5)
    expect(entry?.profile.badges?.length).toBeGreaterThan(0)
    expect(entry?.profile.skills.length).toBe(
      TargetProfileCatalogue.college3e.tubes.reduce((sum, tube) => sum + tube.level, 0)
    )
  })

  it("refuses an id already in the catalogue", () => {
    const again = TargetProfileShares.create(entry, {
      definition: TargetProfileCatalogue.college3e,
      actorId: admin,
      now: at
    })
    expect(Result.isFailure(again) && again.failure.code).toBe("TARGET_PROFILE_ALREADY_EXISTS")
  })

  it("refuses a definition that breaks a rule, with every problem in French", () => {
    const refused = TargetProfileShares.create(null, {
      definition: { ...TargetProfileCatalogue.college3e, name: " ", stages: [], tubes: [] },
      actorId: admin,
      now: at
    })
    if (Result.isSuccess(refused)) throw new Error("expected a refusal")
    expect(refused.failure.code).toBe("INVALID_TARGET_PROFILE")
    expect(refused.failure.meta.problems).toEqual([
      "Le profil cible doit avoir un nom.",
      "Le profil cible doit avoir au moins un sujet.",
      ...(refused.failure.meta.problems as Array<string>).slice(2)
    ])
  })
})

describe("offering a target profile to organizations", () => {
  const command = { targetProfileId: "tp-college-3e", organizationId: "org-1", actorId: admin, now: at }

  it("attaches a profile of the catalogue once; attaching again records nothing", () => {
    const attached = Result.getOrThrow(TargetProfileShares.attach(entry, [], command))
    expect(attached).toMatchObject([{ _tag: "TargetProfileAttached", organizationId: "org-1" }])
    const ids = project(TargetProfileShares.attachments, attached)
    expect(ids).toEqual(["tp-college-3e"])
    expect(Result.getOrThrow(TargetProfileShares.attach(entry, ids, command))).toEqual([])
  })

  it("refuses a profile that is not in the catalogue", () => {
    const refused = TargetProfileShares.attach(null, [], { ...command, targetProfileId: "tp-unknown" })
    expect(Result.isFailure(refused) && refused.failure.code).toBe("TARGET_PROFILE_NOT_FOUND")
  })

  it("detaches an attached profile, and refuses one the organization does not have", () => {
    const detached = Result.getOrThrow(TargetProfileShares.detach(["tp-college-3e", "tp-lycee"], command))
    expect(project(TargetProfileShares.attachments, detached)).toEqual([])
    expect(TargetProfileShares.attachments.evolve(["tp-college-3e", "tp-lycee"], detached[0]!)).toEqual(["tp-lycee"])
    const refused = TargetProfileShares.detach([], command)
    expect(Result.isFailure(refused) && refused.failure.code).toBe("TARGET_PROFILE_NOT_ATTACHED")
  })
})
