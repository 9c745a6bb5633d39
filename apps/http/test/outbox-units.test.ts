/**
 * The outbox's pure parts: which events ask for a mail and what it says (or why none is sent), Pix's sending
 * errors from the SMTP answers, the back-off.
 */
import type { EventStore } from "@orga/event-store"
import { describe, expect, it } from "vitest"
import { MailError } from "../src/mail/Mail.ts"
import * as Invitation from "../src/outbox/Invitation.ts"
import * as Sender from "../src/outbox/Sender.ts"

let position = 0n
const recorded = (type: string, data: Record<string, unknown>): EventStore.RecordedEvent => {
  position++
  return {
    id: `e${position}`,
    streamId: "organization-o1",
    type,
    data,
    metadata: {},
    streamVersion: position,
    globalPosition: position,
    recordedAt: new Date(0),
    commandId: null
  }
}

const registered = recorded("OrganizationRegistered", { organizationId: "o1", name: "Lycée Marie-Curie" })
const invited = recorded("MemberInvited", {
  organizationId: "o1",
  invitationId: "i1",
  email: "zoé@lycee.fr",
  code: "ABCDE12345",
  role: null
})
const resent = recorded("InvitationResent", { organizationId: "o1", invitationId: "i1", role: "ADMIN" })

describe("Invitation.plan", () => {
  it("builds the French message of a resending from the original invitation (its address and code)", () => {
    const plan = Invitation.plan(resent, [registered, invited, resent], "https://orga.example.fr")
    expect(plan).toEqual({
      _tag: "Send",
      to: "zoé@lycee.fr",
      link: "https://orga.example.fr/invitations/i1?code=ABCDE12345",
      subject: "Invitation à rejoindre Lycée Marie-Curie sur Pix Orga",
      text: expect.stringContaining("suivez ce lien : https://orga.example.fr/invitations/i1?code=ABCDE12345")
    })
  })

  it("sends nothing for an invitation accepted or cancelled before its mail left, or unknown", () => {
    const accepted = recorded("InvitationAccepted", { organizationId: "o1", invitationId: "i1", userId: "u" })
    const cancelled = recorded("InvitationCancelled", { organizationId: "o1", invitationId: "i1" })
    expect(Invitation.plan(invited, [registered, invited, accepted], "http://x")).toEqual({
      _tag: "Skip",
      reason: "accepted"
    })
    expect(Invitation.plan(invited, [registered, invited, cancelled], "http://x")).toEqual({
      _tag: "Skip",
      reason: "cancelled"
    })
    expect(Invitation.plan(invited, [registered], "http://x")).toEqual({ _tag: "Skip", reason: "unknown" })
  })

  it("escapes the id and code in the link", () => {
    expect(Invitation.link("http://x", "a/b", "c&d")).toBe("http://x/invitations/a%2Fb?code=c%26d")
  })
})

const failure = (cause: Record<string, unknown>) =>
  new MailError({ deliveryId: "d", message: "SMTP delivery failed", cause })

describe("Sender.classify", () => {
  it("maps SMTP answers to Pix's sending errors, without the address, and says which to retry", () => {
    expect(
      Sender.classify(failure({ code: "EENVELOPE", responseCode: 550, response: "550 <a@b.fr>: Recipient rejected" }))
    ).toEqual({
      errorCode: "SENDING_EMAIL_TO_INVALID_EMAIL_ADDRESS",
      error: "550 <[adresse]>: Recipient rejected",
      permanent: true
    })
    expect(
      Sender.classify(failure({ code: "EENVELOPE", responseCode: 550, response: "550 5.1.2 Domain not found" }))
    ).toMatchObject({ errorCode: "SENDING_EMAIL_TO_INVALID_DOMAIN", permanent: true })
    expect(Sender.classify(failure({ code: "EDNS", response: "getaddrinfo ENOTFOUND relay" }))).toMatchObject({
      errorCode: "SENDING_EMAIL_FAILED",
      permanent: false
    })
    expect(Sender.classify(failure({ responseCode: 554, response: "554 Transaction failed" }))).toMatchObject({
      errorCode: "SENDING_EMAIL_FAILED",
      permanent: true
    })
    expect(Sender.classify(failure({ code: "ECONNECTION", response: undefined }))).toMatchObject({
      errorCode: "SENDING_EMAIL_FAILED",
      permanent: false
    })
    expect(Sender.classify(failure({ responseCode: 451, response: "451 Try again later" }))).toMatchObject({
      permanent: false
    })
  })
})

describe("Sender.backoff", () => {
  it("doubles from the base at each attempt, at most one hour", () => {
    expect([1, 2, 3, 4].map((n) => Sender.backoff(n, 5000))).toEqual([5000, 10_000, 20_000, 40_000])
    expect(Sender.backoff(40, 5000)).toBe(3_600_000)
  })
})
