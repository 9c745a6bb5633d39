/**
 * HTML built from trusted markup and escaped values: the `html` template escapes every interpolated string, so a
 * student's name or a file's error message cannot become markup; only values already built by `html` (or `raw`)
 * pass through as they are.
 *
 * @since 0.1.0
 */

/**
 * A fragment of markup that is safe to send as it is.
 *
 * @category models
 * @since 0.1.0
 */
export interface Html {
  readonly _tag: "Html"
  readonly value: string
}

/**
 * What a template may interpolate: text (escaped), markup, lists of either, and nothing (`null`, `undefined`,
 * `false` render as nothing, so `cond && html\`…\`` reads naturally).
 *
 * @category models
 * @since 0.1.0
 */
export type Value = Html | string | number | null | undefined | false | ReadonlyArray<Value>

/**
 * Markup trusted as it is (the app's own constants only: never a value a person typed).
 *
 * @category constructors
 * @since 0.1.0
 */
export const raw = (value: string): Html => ({ _tag: "Html", value })

/**
 * Text escaped for an element's content or a quoted attribute.
 *
 * @category constructors
 * @since 0.1.0
 */
export const escapeText = (text: string): string =>
  text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"
  )

const isHtml = (value: unknown): value is Html =>
  typeof value === "object" && value !== null && (value as { _tag?: unknown })._tag === "Html"

const render = (value: Value): string => {
  if (value === null || value === undefined || value === false) return ""
  if (isHtml(value)) return value.value
  if (typeof value === "string") return escapeText(value)
  if (typeof value === "number") return escapeText(String(value))
  return value.map(render).join("")
}

/**
 * The template tag: markup from the literal parts, every interpolated value escaped unless it is `Html`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Value>): Html => {
  let out = strings[0] ?? ""
  for (let index = 0; index < values.length; index++) out += render(values[index]!) + (strings[index + 1] ?? "")
  return raw(out)
}

/**
 * A list of fragments as one.
 *
 * @category combinators
 * @since 0.1.0
 */
export const join = (parts: ReadonlyArray<Value>): Html => raw(render(parts))
