/**
 * Mail: a real SMTP server on loopback receives the French message and its link; without SMTP the message is
 * written to the outbox and logged with its link, not its address; a delivery id is never sent twice.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Effect from "effect/Effect"
import { SMTPServer } from "smtp-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Mail from "../src/mail/Mail.ts"
import { tempDir } from "./support.ts"

interface Received {
  readonly from: string
  readonly to: ReadonlyArray<string>
  readonly raw: string
}

const received: Array<Received> = []
let server: SMTPServer
let port = 0

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Array<Buffer> = []
      stream.on("data", (chunk: Buffer) => chunks.push(chunk))
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8")
        })
        callback()
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.server.address()
  port = typeof address === "object" && address !== null ? address.port : 0
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) of a header. */
const decodeWords = (value: string): string =>
  value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_hex, code: string) => String.fromCharCode(Number.parseInt(code, 16))),
            "latin1"
          ).toString("utf8")
    )

/** The decoded subject and text body of a raw message (single part, base64 body). */
const read = (raw: string) => {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/)
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ")
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(unfolded)?.[1] ?? ""
  return {
    subject: decodeWords(header("Subject")),
    messageId: header("Message-ID"),
    deliveryId: header("X-Orga-Delivery-Id"),
    text: Buffer.from(rest.join("\n\n").replace(/\s+/g, ""), "base64").toString("utf8")
  }
}

const invitation = (deliveryId: string, link: string): Mail.Message => ({
  deliveryId,
  to: "élodie.martin@collège-exemple.fr",
  subject: "Invitation à rejoindre Collège Évariste-Galois sur Pix Orga",
  text: `Bonjour,\n\nVous êtes invité(e) à rejoindre l'organisation « Collège Évariste-Galois » sur Pix Orga.\nPour accepter l'invitation, suivez ce lien : ${link}\n\nL'équipe Pix Orga`,
  link
})

describe("SMTP delivery", () => {
  it("delivers a French message (UTF-8 subject and body) whose link the recipient can follow", async () => {
    const logs: Array<Record<string, unknown>> = []
    const mailer = Mail.make({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      outboxDir: Path.join(tempDir(), "outbox"),
      from: "Pix Orga <ne-pas-repondre@orga.localhost>",
      log: (line) => logs.push(line)
    })
    const link = "http://127.0.0.1:3000/invitations/inv-42/accept?code=ABCDEF1234"
    const outcome = await Effect.runPromise(mailer.send(invitation("invitation-inv-42", link)))
    expect(outcome).toEqual({ deliveryId: "invitation-inv-42", status: "sent", transport: "smtp" })
    const message = received.find((one) => one.raw.includes("invitation-inv-42"))
    expect(message?.to).toEqual(["élodie.martin@collège-exemple.fr"])
    expect(message?.from).toBe("ne-pas-repondre@orga.localhost")
    const parsed = read(message?.raw ?? "")
    expect(parsed.subject).toBe("Invitation à rejoindre Collège Évariste-Galois sur Pix Orga")
    expect(parsed.text).toContain("« Collège Évariste-Galois »")
    expect(parsed.messageId).toBe("<invitation-inv-42@orga.localhost>")
    const followed = /https?:\/\/\S+/.exec(parsed.text)?.[0]
    expect(followed).toBe(link)
    expect(new URL(followed ?? "").searchParams.get("code")).toBe("ABCDEF1234")
    expect(JSON.stringify(logs)).not.toContain("élodie")
  })

  it("never sends the same delivery id twice, even from a new mailer on the same data dir", async () => {
    const outboxDir = Path.join(tempDir(), "outbox")
    const options = {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      outboxDir,
      from: "Pix Orga <ne-pas-repondre@orga.localhost>",
      log: () => {}
    }
    const before = received.length
    const message = invitation("invitation-once", "http://127.0.0.1:3000/invitations/once/accept?code=X")
    expect((await Effect.runPromise(Mail.make(options).send(message))).status).toBe("sent")
    expect((await Effect.runPromise(Mail.make(options).send(message))).status).toBe("already-sent")
    expect(received.length - before).toBe(1)
  })

  it("fails with MailError, recording nothing, when the SMTP server does not answer; a retry may send", async () => {
    const outboxDir = Path.join(tempDir(), "outbox")
    const message = invitation("invitation-retry", "http://127.0.0.1:3000/x")
    const down = Mail.make({ smtpUrl: "smtp://127.0.0.1:1", outboxDir, from: "a <a@orga.localhost>", log: () => {} })
    const error = await Effect.runPromise(Effect.flip(down.send(message)))
    expect(error).toMatchObject({ _tag: "MailError", deliveryId: "invitation-retry" })
    const up = Mail.make({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      outboxDir,
      from: "a <a@orga.localhost>",
      log: () => {}
    })
    expect((await Effect.runPromise(up.send(message))).status).toBe("sent")
  })
})

describe("outbox files (no SMTP_URL)", () => {
  it("writes the message as a .eml named by its delivery id and logs the link, not the address", async () => {
    const outboxDir = Path.join(tempDir(), "outbox")
    const logs: Array<Record<string, unknown>> = []
    const mailer = Mail.make({
      smtpUrl: undefined,
      outboxDir,
      from: "Pix Orga <ne-pas-repondre@orga.localhost>",
      log: (line) => logs.push(line)
    })
    const link = "http://127.0.0.1:3000/invitations/inv-7/accept?code=ZZZ"
    const first = await Effect.runPromise(mailer.send(invitation("invitation-inv-7", link)))
    expect(first).toEqual({ deliveryId: "invitation-inv-7", status: "sent", transport: "file" })
    const again = await Effect.runPromise(mailer.send(invitation("invitation-inv-7", link)))
    expect(again.status).toBe("already-sent")
    expect(Fs.readdirSync(outboxDir)).toEqual(["invitation-inv-7.eml"])
    const parsed = read(Fs.readFileSync(Path.join(outboxDir, "invitation-inv-7.eml"), "utf8"))
    expect(parsed.subject).toBe("Invitation à rejoindre Collège Évariste-Galois sur Pix Orga")
    expect(parsed.text).toContain(link)
    expect(logs).toEqual([
      expect.objectContaining({ msg: "mail written to the outbox", deliveryId: "invitation-inv-7", link })
    ])
    expect(JSON.stringify(logs)).not.toMatch(/élodie|collège-exemple/)
  })

  it("refuses a delivery id that could escape the outbox directory", async () => {
    const outboxDir = Path.join(tempDir(), "outbox")
    const mailer = Mail.make({ smtpUrl: undefined, outboxDir, from: "a <a@orga.localhost>", log: () => {} })
    for (const deliveryId of ["../../etc/passwd", "", "a/b", "x".repeat(129)]) {
      const error = await Effect.runPromise(Effect.flip(mailer.send(invitation(deliveryId, "http://x"))))
      expect(error._tag).toBe("MailError")
    }
    expect(Fs.existsSync(outboxDir)).toBe(false)
  })
})
