/**
 * Which login of an existing account a student is told about, and how it is masked (§5.4): GAR first, then
 * username, then e-mail. The student sees enough to recognise his login (`j***@example.net`,
 * `j***.h***2`), nobody else's e-mail in full.
 *
 * @since 0.1.0
 */

/**
 * The authentication methods of an existing account (personal data).
 *
 * @since 0.1.0
 */
export interface AuthenticationMethods {
  /** GAR (Mediacentre) pseudonymous identifier. */
  readonly samlId?: string | null | undefined
  readonly username?: string | null | undefined
  readonly email?: string | null | undefined
}

/**
 * The kind of login an account is reached with.
 *
 * @since 0.1.0
 */
export type AccountKind = "GAR" | "USERNAME" | "EMAIL"

const present = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined && value.trim() !== ""

/**
 * The account's main login kind, GAR > username > e-mail; `undefined` when it has none.
 *
 * @since 0.1.0
 */
export const mainKind = (methods: AuthenticationMethods): AccountKind | undefined =>
  present(methods.samlId)
    ? "GAR"
    : present(methods.username)
      ? "USERNAME"
      : present(methods.email)
        ? "EMAIL"
        : undefined

/**
 * Masks an e-mail: its first character, `***`, then the domain (`jean@example.net` → `j***@example.net`).
 *
 * @since 0.1.0
 */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf("@")
  const local = at < 0 ? email : email.slice(0, at)
  const domain = at < 0 ? "" : email.slice(at)
  return `${local.charAt(0)}***${domain}`
}

/**
 * Masks a username `first.last1234`: first letter of each part and the last character
 * (`john.harry0702` → `j***.h***2`); a username without a dot keeps its first character only.
 *
 * @since 0.1.0
 */
export const maskUsername = (username: string): string => {
  const dot = username.indexOf(".")
  if (dot < 0) return `${username.charAt(0)}***`
  const second = username.slice(dot + 1)
  return `${username.charAt(0)}***.${second.charAt(0)}***${second.charAt(second.length - 1)}`
}

/**
 * The main login kind and its masked value (`null` for GAR: its identifier means nothing to a student).
 *
 * @since 0.1.0
 */
export const mainLogin = (
  methods: AuthenticationMethods
): { readonly kind: AccountKind; readonly value: string | null } | undefined => {
  const kind = mainKind(methods)
  switch (kind) {
    case "GAR":
      return { kind, value: null }
    case "USERNAME":
      return { kind, value: maskUsername(methods.username!.trim()) }
    case "EMAIL":
      return { kind, value: maskEmail(methods.email!.trim()) }
    case undefined:
      return undefined
  }
}
