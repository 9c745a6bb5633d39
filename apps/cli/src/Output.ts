/**
 * What a command prints: aligned tables and French sentences for people, or one JSON document per command with
 * `--json` (encoded through the command's schema, so the shape cannot drift from the README). Colours only when
 * stdout is a terminal and `NO_COLOR` is not set.
 *
 * @since 0.1.0
 */

import type { GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Settings from "./Settings.ts"

/**
 * Whether stdout gets colours (https://no-color.org: any non-empty `NO_COLOR` turns them off).
 *
 * @category getters
 * @since 0.1.0
 */
export const colours = (): boolean => process.stdout.isTTY === true && (process.env.NO_COLOR ?? "") === ""

const style = (code: string) => (text: string) => (colours() ? `\u001b[${code}m${text}\u001b[0m` : text)

/**
 * Bold text (headers), when colours are on.
 *
 * @category combinators
 * @since 0.1.0
 */
export const bold = style("1")

/**
 * Green text (success), when colours are on.
 *
 * @category combinators
 * @since 0.1.0
 */
export const green = style("32")

/**
 * The width a cell takes on screen (code points, not UTF-16 units: "é" is one column).
 *
 * @category getters
 * @since 0.1.0
 */
export const width = (text: string): number => [...text.normalize("NFC")].length

/**
 * An aligned table: a header line, then one line per row, columns separated by two spaces; numbers align right.
 *
 * @category constructors
 * @since 0.1.0
 */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): string => {
  const cells = rows.map((row) => row.map((cell) => String(cell)))
  const widths = headers.map((header, column) =>
    Math.max(width(header), ...cells.map((row) => width(row[column] ?? "")))
  )
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === "number"))
  const line = (row: ReadonlyArray<string>) =>
    row
      .map((cell, column) => {
        const pad = " ".repeat((widths[column] ?? 0) - width(cell))
        return numeric[column] ? pad + cell : cell + pad
      })
      .join("  ")
      .trimEnd()
  return [bold(line(headers)), ...cells.map(line)].join("\n")
}

/**
 * Writes text and a line feed on stdout.
 *
 * @category constructors
 * @since 0.1.0
 */
export const line = (text: string): Effect.Effect<void> =>
  Effect.sync(() => {
    process.stdout.write(`${text}\n`)
  })

/**
 * Prints a command's answer: with `--json` the value encoded by its schema on one line, otherwise what
 * `human` makes of it.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emit = <S extends Schema.Top>(
  schema: S,
  value: S["Type"],
  human: (value: S["Type"]) => string
): Effect.Effect<void, never, S["EncodingServices"] | GlobalFlag.Setting.Identifier<"json">> =>
  Effect.gen(function* () {
    const json = yield* Settings.Json
    if (json) {
      const encoded = yield* Schema.encodeEffect(schema)(value).pipe(Effect.orDie)
      yield* line(JSON.stringify(encoded))
    } else {
      yield* line(human(value))
    }
  })
