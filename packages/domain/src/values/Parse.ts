/**
 * The one way a raw input becomes a value object: decode with the schema, and on failure return the
 * domain's `InvalidInput` error with Pix's code and French message (never a thrown exception).
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as DomainError from "../DomainError.ts"

/**
 * Builds a parser from a schema and the error to return when the input does not fit it.
 *
 * @since 0.1.0
 */
export const parser =
  <S extends Schema.Decoder<unknown>>(schema: S, onError: (input: unknown) => DomainError.DomainError) =>
  (input: unknown): Result.Result<S["Type"], DomainError.DomainError> =>
    Result.mapError(Schema.decodeUnknownResult(schema)(input), () => onError(input))

/**
 * A parser whose error is an `InvalidInput` with a fixed code and message, and the input under `metaKey`.
 *
 * @since 0.1.0
 */
export const invalidInput =
  <S extends Schema.Decoder<unknown>>(schema: S, code: string, message: string, metaKey: string) =>
  (input: unknown): Result.Result<S["Type"], DomainError.DomainError> =>
    parser(schema, () => DomainError.make("InvalidInput", code, message, { [metaKey]: input }))(input)

/**
 * Whether an input fits a schema (a total guard).
 *
 * @since 0.1.0
 */
export const is =
  <S extends Schema.Decoder<unknown>>(schema: S) =>
  (input: unknown): input is S["Type"] =>
    Result.isSuccess(Schema.decodeUnknownResult(schema)(input))
