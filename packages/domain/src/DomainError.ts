/**
 * Errors of the domain: tagged values carrying Pix's code, a meta object and Pix's French message.
 *
 * Four tags sort every rule violation by what the caller did wrong, so each app maps a tag to its own
 * form once (HTTP status, CLI exit code); the `code` says which rule, in Pix's own words
 * (`UAI_MISMATCHED`, `R70`, `LAST_ADMIN_CANNOT_LEAVE`, ...). Nothing in the domain throws: deciders return
 * these inside a `Result`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const fields = {
  /** Pix's error code (or short code such as `R70`). */
  code: Schema.String,
  /** What people read, in French, with Pix's wording where Pix has one. */
  message: Schema.String,
  /** Details that go with the code (Pix's `meta`), e.g. `{ nationalStudentId }`. */
  meta: Schema.Record(Schema.String, Schema.Unknown)
}

/**
 * The input breaks a rule of form or content (Pix's 400/412/422 validation errors).
 *
 * @since 0.1.0
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", fields) {}

/**
 * The actor may not do this (Pix's 403), e.g. a MEMBER inviting, a disabled learner joining.
 *
 * @since 0.1.0
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", fields) {}

/**
 * What the command names does not exist (Pix's 404).
 *
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", fields) {}

/**
 * The command conflicts with the current state (Pix's 409/412/422 state errors), e.g. an invitation
 * already accepted, an archived campaign, the last admin leaving.
 *
 * @since 0.1.0
 */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", fields) {}

/**
 * Any rule violation the domain decides.
 *
 * @since 0.1.0
 */
export type DomainError = InvalidInput | Forbidden | NotFound | Conflict

/**
 * The schema of any domain error, for transport and storage (e.g. an import's error list).
 *
 * @since 0.1.0
 */
export const DomainError = Schema.Union([InvalidInput, Forbidden, NotFound, Conflict])

/**
 * A domain error whose code is one of `Code`: what an error module's factories return, so that comparing
 * `error.code` with a misspelt code does not type-check.
 *
 * @category models
 * @since 0.1.0
 */
export type Coded<Code extends string> = DomainError & { readonly code: Code }

/**
 * Builds a domain error of the given tag: `make("Conflict", "R70", "…", { value })`. Error modules build theirs
 * through {@link factory}, which holds them to their own codes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <const Code extends string>(
  tag: DomainError["_tag"],
  code: Code,
  message: string,
  meta: Record<string, unknown> = {}
): Coded<Code> => {
  const args = { code, message, meta }
  // The classes type `code` as a string; the value is the literal given, so the narrower type is true.
  switch (tag) {
    case "InvalidInput":
      return new InvalidInput(args) as Coded<Code>
    case "Forbidden":
      return new Forbidden(args) as Coded<Code>
    case "NotFound":
      return new NotFound(args) as Coded<Code>
    case "Conflict":
      return new Conflict(args) as Coded<Code>
  }
}

/**
 * The constructor of an error module, limited to the module's codes: `const error = factory<Code>()`, then one
 * exported factory per code, each with its one French message.
 *
 * @category constructors
 * @since 0.1.0
 */
export const factory =
  <Code extends string>() =>
  <const C extends Code>(
    tag: DomainError["_tag"],
    code: C,
    message: string,
    meta: Record<string, unknown> = {}
  ): Coded<C> =>
    make(tag, code, message, meta)

/**
 * A command that bypassed its schema (a cast, unchecked input) reaching a decider: refused, never thrown on.
 * Every decider checks its command with its schema first and answers this.
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidCommand = (command: unknown): Coded<"INVALID_COMMAND"> =>
  make("InvalidInput", "INVALID_COMMAND", "La commande est invalide.", {
    tag: typeof command === "object" && command !== null && "_tag" in command ? String(command._tag) : null
  })
