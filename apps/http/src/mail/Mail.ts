/**
 * Sending e-mail: a message with a delivery id, sent through SMTP (`nodemailer`) when `SMTP_URL` is set, or
 * written to `<dataDir>/outbox/<deliveryId>.eml` and logged with its link otherwise (`pnpm start` on a laptop).
 *
 * Idempotent by delivery id. The caller gives each message a stable id (for invitations, the id of the event
 * that asked for it: the outbox of `../outbox/`, whose ledger in the shared database keeps instances from sending
 * twice, ADR 0040): a delivery id already sent is not sent again. The file transport gets this from the file
 * system (the `.eml` is created exclusively: a second attempt finds it); the SMTP transport keeps a ledger of sent
 * ids per instance (one empty file per id under `<dataDir>/outbox/sent/`, a second guard beside the outbox's) and
 * gives the message `Message-ID: <deliveryId@…>`, so that the one remaining gap, a crash after the SMTP server
 * accepted and before the ledger was written, yields a duplicate that mail systems recognise as the same message.
 * The log line names the delivery id and the link, never the address.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import nodemailer from "nodemailer"

/**
 * A message to send.
 *
 * @category models
 * @since 0.1.0
 */
export interface Message {
  /** Stable id of this delivery (`[A-Za-z0-9._-]`, at most 128): the same id is never sent twice. */
  readonly deliveryId: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string | undefined
  /** The link the message asks to follow (logged when written to the outbox, for a developer to click). */
  readonly link?: string | undefined
}

/**
 * What happened to a message: sent now, or already sent before under the same delivery id.
 *
 * @category models
 * @since 0.1.0
 */
export interface Outcome {
  readonly deliveryId: string
  readonly status: "sent" | "already-sent"
  readonly transport: "smtp" | "file"
}

/**
 * The message could not be handed over (SMTP refused, connection lost, disk full); the caller may retry with the
 * same delivery id.
 *
 * @category errors
 * @since 0.1.0
 */
export class MailError extends Schema.TaggedError<MailError>()("MailError", {
  deliveryId: Schema.String,
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}

/**
 * The port.
 *
 * @category models
 * @since 0.1.0
 */
export interface Mailer {
  readonly send: (message: Message) => Effect.Effect<Outcome, MailError>
}

/**
 * The mailer of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class Mail extends Context.Service<Mail, Mailer>()("@orga/http/Mail") {}

/**
 * How the mailer is set up.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** `SMTP_URL` (`smtp://user:pass@host:587`); the outbox files when absent. */
  readonly smtpUrl: string | undefined
  /** `<dataDir>/outbox`. */
  readonly outboxDir: string
  /** The `From` address. */
  readonly from: string
  /** Where the log line goes (one JSON object). */
  readonly log: (line: Record<string, unknown>) => void
}

const validId = /^[A-Za-z0-9._-]{1,128}$/

const fail = (deliveryId: string, message: string) => (cause: unknown) => new MailError({ deliveryId, message, cause })

/** The raw RFC 5322 message, UTF-8, bodies in base64 (safe for any line length). */
const compose = (message: Message, from: string, domain: string) => ({
  from,
  to: message.to,
  subject: message.subject,
  text: message.text,
  ...(message.html === undefined ? {} : { html: message.html }),
  messageId: `<${message.deliveryId}@${domain}>`,
  headers: { "X-Orga-Delivery-Id": message.deliveryId },
  textEncoding: "base64" as const
})

const exists = (file: string) =>
  Effect.promise(() =>
    Fs.access(file).then(
      () => true,
      () => false
    )
  )

/**
 * Builds the mailer: SMTP when `smtpUrl` is set, outbox files otherwise.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Mailer => {
  const domain = (/@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? "orga.localhost").toLowerCase()
  const checked = (message: Message) =>
    validId.test(message.deliveryId)
      ? Effect.void
      : Effect.fail(new MailError({ deliveryId: message.deliveryId, message: "invalid delivery id" }))

  if (options.smtpUrl !== undefined) {
    const transport = nodemailer.createTransport(options.smtpUrl)
    const ledger = Path.join(options.outboxDir, "sent")
    return {
      send: (message) =>
        Effect.gen(function* () {
          yield* checked(message)
          const mark = Path.join(ledger, message.deliveryId)
          const outcome = { deliveryId: message.deliveryId, transport: "smtp" as const }
          if (yield* exists(mark)) return { ...outcome, status: "already-sent" as const }
          yield* Effect.tryPromise({
            try: () => transport.sendMail(compose(message, options.from, domain)),
            catch: fail(message.deliveryId, "SMTP delivery failed")
          })
          yield* Effect.tryPromise({
            try: async () => {
              await Fs.mkdir(ledger, { recursive: true })
              await Fs.writeFile(mark, "")
            },
            catch: fail(message.deliveryId, "could not record the delivery")
          })
          options.log({
            time: new Date().toISOString(),
            level: "info",
            msg: "mail sent",
            deliveryId: message.deliveryId,
            transport: "smtp"
          })
          return { ...outcome, status: "sent" as const }
        })
    }
  }

  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" })
  return {
    send: (message) =>
      Effect.gen(function* () {
        yield* checked(message)
        const file = Path.join(options.outboxDir, `${message.deliveryId}.eml`)
        const outcome = { deliveryId: message.deliveryId, transport: "file" as const }
        const info = yield* Effect.tryPromise({
          try: () => composer.sendMail(compose(message, options.from, domain)),
          catch: fail(message.deliveryId, "could not compose the message")
        })
        const written = yield* Effect.tryPromise({
          try: async () => {
            await Fs.mkdir(options.outboxDir, { recursive: true })
            // "wx": created only if absent, atomically: the delivery id's second attempt finds it.
            await Fs.writeFile(file, info.message as Buffer, { flag: "wx" })
            return true
          },
          catch: (cause) => cause
        }).pipe(
          Effect.catch((cause) =>
            (cause as { code?: string }).code === "EEXIST"
              ? Effect.succeed(false)
              : Effect.fail(fail(message.deliveryId, "could not write the outbox file")(cause))
          )
        )
        if (!written) return { ...outcome, status: "already-sent" as const }
        options.log({
          time: new Date().toISOString(),
          level: "info",
          msg: "mail written to the outbox",
          deliveryId: message.deliveryId,
          file: Path.basename(file),
          link: message.link ?? null
        })
        return { ...outcome, status: "sent" as const }
      })
  }
}

/**
 * Provides the mailer.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<Mail> => Layer.sync(Mail, () => make(options))
