/**
 * Reading a SIECLE `ElevesSansAdresses` export (XML or zip) into typed student records, or the full list of
 * problems in Pix's codes and words. All or nothing: one problem and no student is returned.
 *
 * ```ts
 * import { Siecle } from "@orga/siecle"
 * const result = Siecle.read(bytes, { uai: "0331234X" })
 * ```
 *
 * @since 0.1.0
 */
import type { DomainError } from "@orga/domain"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Container from "./Container.ts"
import * as Encoding from "./Encoding.ts"
import * as Limits from "./Limits.ts"
import { StudentCollector } from "./Rules.ts"
import * as SiecleError from "./SiecleError.ts"
import type { SiecleFile } from "./StudentRecord.ts"
import * as Xml from "./Xml.ts"

/**
 * What the reader needs to know: the organization's UAI (its `externalId`) and, optionally, other limits than
 * Pix's 20 MB upload and 40 MB of inflated XML, and other caps than `Limits.defaults`.
 *
 * @since 0.1.0
 */
export interface ReadOptions {
  readonly uai: string
  readonly maxBytes?: number
  readonly maxInflatedBytes?: number
  readonly limits?: Partial<Limits.Limits>
}

const textOf = (element: Xml.ParsedElement): string =>
  typeof element === "string" ? element : typeof element["#text"] === "string" ? element["#text"] : ""

const refuse = (errors: ReadonlyArray<DomainError.InvalidInput>) => Result.fail(SiecleError.failed(errors))

/**
 * Reads a SIECLE file (its bytes, XML or zip, detected by content). Pure and synchronous: the same bytes give
 * the same result, and nothing throws.
 *
 * @since 0.1.0
 */
export const read = (
  bytes: Uint8Array,
  options: ReadOptions
): Result.Result<SiecleFile, SiecleError.SiecleImportFailed> => {
  try {
    return readOrThrow(bytes, options)
  } catch {
    // Only a runtime limit can land here (e.g. a text past V8's maximum string length when a caller lifts the
    // size limits): the file is refused like any unreadable one rather than throwing at the caller.
    return refuse([SiecleError.fileIssue("INVALID_FILE")])
  }
}

// The XML's text. Its own function so that the inflated bytes of a zip (up to 40 MB) are garbage once decoded,
// instead of staying alive in the caller's frame for the whole walk.
const decodedText = (
  bytes: Uint8Array,
  options: ReadOptions
): Result.Result<Encoding.Decoded, DomainError.InvalidInput> => {
  const xml = Container.extractXml(bytes, {
    maxBytes: options.maxBytes ?? Container.defaultMaxBytes,
    maxInflatedBytes: options.maxInflatedBytes ?? Container.defaultMaxInflatedBytes
  })
  return Result.isFailure(xml) ? Result.fail(xml.failure) : Encoding.decode(xml.success)
}

const readOrThrow = (
  bytes: Uint8Array,
  options: ReadOptions
): Result.Result<SiecleFile, SiecleError.SiecleImportFailed> => {
  const decoded = decodedText(bytes, options)
  if (Result.isFailure(decoded)) return refuse([decoded.failure])
  const { text, encoding, fixUp } = decoded.success
  if (Xml.declaresEntities(text)) return refuse([SiecleError.fileIssue("INVALID_FILE")])
  const limits: Limits.Limits = { ...Limits.defaults, ...options.limits }
  const collector = new StudentCollector(limits.maxReportedErrors)
  let uai: string | undefined
  let schoolYear: string | undefined
  try {
    Xml.walk(
      text,
      (kind, element) => {
        switch (kind) {
          case "UAJ":
            uai ??= textOf(element)
            break
          case "ANNEE_SCOLAIRE":
            schoolYear ??= textOf(element)
            break
          case "ELEVE":
            collector.eleve(element)
            break
          case "STRUCTURES_ELEVE":
            collector.structures(element)
        }
      },
      fixUp,
      limits
    )
  } catch (error) {
    // A cap reached is reported alone, with its own code; anything else Xml.walk throws is `Malformed` (and
    // anything else still would be a bug, which must not escape as an exception either).
    if (error instanceof Xml.Exceeded) return refuse([SiecleError.fileIssue(error.code, error.meta)])
    return refuse([SiecleError.fileIssue("INVALID_FILE")])
  }
  if (uai !== options.uai) return refuse([SiecleError.fileIssue("UAI_MISMATCHED")])
  if (collector.hasProblems()) return Result.fail(collector.failure())
  const { students, report } = collector.result()
  if (students.length === 0) return refuse([SiecleError.fileIssue("EMPTY")])
  return Result.succeed({ uai, schoolYear: schoolYear ?? null, encoding, students, report })
}

/**
 * `read` as an Effect, failing with `SiecleImportFailed`.
 *
 * @since 0.1.0
 */
export const readEffect = (
  bytes: Uint8Array,
  options: ReadOptions
): Effect.Effect<SiecleFile, SiecleError.SiecleImportFailed> =>
  Effect.suspend(() => Effect.fromResult(read(bytes, options)))
