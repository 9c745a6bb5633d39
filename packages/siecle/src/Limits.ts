/**
 * The bounds that keep the work of reading a SIECLE file proportional to the file, whatever it holds.
 *
 * The upload limits (`Container`) bound the bytes; these bound what the bytes may ask for: how many records are
 * parsed, how long a value or a record may be, how many character references are decoded, and how many problems
 * are kept. Each is far above what a real `ElevesSansAdresses` export holds (figures in
 * `docs/adr/0031-siecle-bounded-work.md`), and each is refused with its own code and French message rather than
 * a crash, an exhausted heap or an unbounded error list.
 *
 * @since 0.1.0
 */

/**
 * The caps applied while reading. `Siecle.read` takes a partial override (tests use small ones).
 *
 * @category models
 * @since 0.1.0
 */
export interface Limits {
  /** `ELEVE` elements per file (and, separately, `STRUCTURES_ELEVE` elements). */
  readonly maxStudents: number
  /** Characters of one value: a text between two tags, an attribute value or a CDATA section, inside a record. */
  readonly maxFieldLength: number
  /** Characters of one record of `DONNEES` (an `ELEVE` with all its children), and of `UAJ`/`ANNEE_SCOLAIRE`. */
  readonly maxRecordLength: number
  /** Elements and attributes of one record: a student with a million first names stops here. */
  readonly maxItemsPerRecord: number
  /** Character and entity references (`&#65;`, `&amp;`) in one value. */
  readonly maxReferencesPerValue: number
  /** Character and entity references in the records of the whole file. */
  readonly maxReferencesPerFile: number
  /** Characters of the document outside its records (prolog, root, `PARAMETRES`, containers). */
  readonly maxSkeletonLength: number
  /** Problems kept in a refusal, in file order; every problem is still counted, by code. */
  readonly maxReportedErrors: number
}

/**
 * `ELEVE`s per file: 50,000. The largest lycées and cités scolaires have a few thousand students (under 10,000,
 * leavers of the year included); a real `ELEVE` weighs about 1 KB, so a 20 MB upload holds about 19,000 of them
 * and the 40 MB inflated limit about 40,000. 50,000 is thus above any file Pix would accept from a real school,
 * and it stops floods of tiny records early (700,000 `<ELEVE/>` fit in a 119 KB zip; 100,000 records of 150
 * bytes, each with a problem, take about twice the time of the largest real file).
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxStudents = 50_000

/**
 * Characters per value: 1,000. Pix stores names in 255-character columns and the domain refuses longer ones;
 * 1,000 raw characters leave room for references (`&#233;` is six characters for one) and refuse the
 * megabyte-long values that used to make the scanner and the parser slow.
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxFieldLength = 1_000

/**
 * Characters per record: 64 KB. A real `ELEVE` with its last year's schooling is about 1 KB; a
 * `STRUCTURES_ELEVE` with a dozen groups under 2 KB.
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxRecordLength = 64 * 1024

/**
 * Elements and attributes per record: 500. A real `ELEVE` has about 35 (its children, `SCOLARITE_AN_DERNIER`'s
 * and two attributes); a `STRUCTURES_ELEVE` three per class or group.
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxItemsPerRecord = 500

/**
 * References per value: 100. SIECLE writes accents as bytes, and references only for `&`, `'` or `"`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxReferencesPerValue = 100

/**
 * References per file: 500,000, ten per student at the student cap.
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxReferencesPerFile = 500_000

/**
 * Characters outside the records: 64 KB. A real export's prolog, `PARAMETRES` and containers take a few hundred
 * bytes; this part goes through fast-xml-parser's validator, so it is kept small.
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxSkeletonLength = 64 * 1024

/**
 * Problems kept in a refusal: 1,000, the first in file order. A school fixes the first ones and imports again;
 * the exact count per code says how many there are in all. An import refused with 300,000 problems thus stores
 * and sends about 300 KB, not 100 MB. The same cap bounds the students an accepted file's report lists as left
 * out, per reason (`ImportReport.skippedStudents`; its counts stay exact).
 *
 * @category constructors
 * @since 0.1.0
 */
export const maxReportedErrors = 1_000

/**
 * All the default caps.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaults: Limits = {
  maxStudents,
  maxFieldLength,
  maxRecordLength,
  maxItemsPerRecord,
  maxReferencesPerValue,
  maxReferencesPerFile,
  maxSkeletonLength,
  maxReportedErrors
}
