/**
 * What the start-up replay hands the read models of a shared profile, digested on the reading thread.
 *
 * A `ProfileShared` carries every competence of the referential (16 objects of id, pix and level, about 1 KB of
 * JSON); the read models keep one figure per competence. Parsing those objects on the folding thread, to drop
 * them at once, was about a third of a million-event rebuild's parsing. The replay's reading thread parses the
 * event instead and sends its digest: the same fields but the competences, as two arrays (ids and pix). Every
 * other event crosses as stored. The read models fold a digest as they fold the event (a test checks it).
 *
 * Loaded by plain Node on the reading thread: it imports types only (erased when the types are stripped).
 *
 * @since 0.1.0
 */
import type { ParticipationsProjection } from "@orga/domain"

/**
 * A `ProfileShared` without its competence objects: the participations read model's own type.
 *
 * @since 0.1.0
 */
export type ProfileSharedDigest = ParticipationsProjection.ProfileSharedDigest

/**
 * The module's URL, for `ReplayWorker.Options.digest`.
 *
 * @since 0.1.0
 */
export const module: URL = new URL(import.meta.url)

interface CompetenceFigure {
  readonly competenceId: string
  readonly pixScore: number
}

const isFigure = (value: unknown): value is CompetenceFigure =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as CompetenceFigure).competenceId === "string" &&
  typeof (value as CompetenceFigure).pixScore === "number"

/**
 * The text of an event as the read models need it: a `ProfileShared` digested, any other event (or anything
 * not shaped like a `ProfileShared`) unchanged.
 *
 * @since 0.1.0
 */
export const digest = (text: string): string => {
  // Cheap test first: most events are not shares of a profile.
  if (!text.includes('"ProfileShared"')) return text
  const event: unknown = JSON.parse(text)
  if (typeof event !== "object" || event === null || (event as { _tag?: unknown })._tag !== "ProfileShared") return text
  const { competences, ...rest } = event as { readonly competences?: unknown }
  if (!Array.isArray(competences) || !competences.every(isFigure)) return text
  return JSON.stringify({
    ...rest,
    competenceIds: competences.map((competence) => competence.competenceId),
    pixScores: competences.map((competence) => competence.pixScore)
  })
}
