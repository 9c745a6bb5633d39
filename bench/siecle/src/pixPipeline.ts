/**
 * A SIECLE reader built the way Pix reads these files (`siecle-file-streamer.js`, `siecle-parser.js`), to compare
 * with `@orga/siecle` side by side: the file streamed through a decoder into `sax` in strict mode, `saxpath`
 * matching `/BEE_ELEVES/PARAMETRES/UAJ` in a first pass and `/BEE_ELEVES/DONNEES/* /*` in a second pass, and each
 * matched `ELEVE` / `STRUCTURES_ELEVE` turned into an object by `xml2js`, then the same checks and filters.
 *
 * @since 0.1.0
 */
import { createReadStream } from "node:fs"
import { createRequire } from "node:module"

interface SaxStream {
  write(chunk: string): void
  end(): void
  on(event: "error", listener: (error: Error) => void): void
}
interface SaxModule {
  createStream(strict: boolean): SaxStream
}
interface SaxPathStreamer {
  on(event: "match", listener: (xml: string) => void): void
  on(event: "end", listener: () => void): void
}
interface SaxPathModule {
  SaXPath: new (stream: SaxStream, path: string) => SaxPathStreamer
}
type Node = Record<string, ReadonlyArray<unknown>> & { $?: Record<string, string> }
interface Xml2jsModule {
  parseString(xml: string, callback: (error: Error | null, result: Record<string, Node>) => void): void
}

const require = createRequire(import.meta.url)
const sax = require("sax") as SaxModule
const saxpath = require("saxpath") as SaxPathModule
const xml2js = require("xml2js") as Xml2jsModule

/**
 * Result of the Pix-like reader: learners kept and error codes, as Pix's parser would collect them.
 *
 * @since 0.1.0
 */
export interface PixLikeOutcome {
  readonly uai: string | undefined
  readonly learners: number
  readonly errors: ReadonlyArray<string>
}

const stream = (path: string, encoding: string, xpath: string, onMatch: (xml: string) => boolean): Promise<void> =>
  new Promise((resolve, reject) => {
    const decoder = new TextDecoder(encoding)
    const saxStream = sax.createStream(true)
    const streamer = new saxpath.SaXPath(saxStream, xpath)
    const file = createReadStream(path)
    let done = false
    const finish = () => {
      if (!done) {
        done = true
        resolve()
      }
    }
    streamer.on("match", (xml) => {
      if (!onMatch(xml)) {
        file.destroy()
        finish()
      }
    })
    saxStream.on("error", reject)
    file.on("data", (chunk) => {
      if (!done) saxStream.write(decoder.decode(chunk as Buffer, { stream: true }))
    })
    file.on("end", () => {
      if (!done) {
        saxStream.write(decoder.decode())
        saxStream.end()
        finish()
      }
    })
    file.on("error", reject)
  })

const text = (node: Node, name: string): string | undefined => {
  const value = node[name]?.[0]
  if (value === undefined) return undefined
  return typeof value === "string" ? value : ""
}

/**
 * Reads a SIECLE file the way Pix does (two streamed passes, xml2js per element) and applies the same rules.
 *
 * @since 0.1.0
 */
export const readLikePix = async (path: string, encoding: string): Promise<PixLikeOutcome> => {
  let uai: string | undefined
  await stream(path, encoding, "/BEE_ELEVES/PARAMETRES/UAJ", (xml) => {
    xml2js.parseString(xml, (_error, result) => {
      uai = result.UAJ as unknown as string
    })
    return false
  })
  const learners = new Map<string, { ine: string; division?: string }>()
  const seen = new Set<string>()
  const errors: Array<string> = []
  await stream(path, encoding, "/BEE_ELEVES/DONNEES/*/*", (xml) => {
    if (xml.startsWith("<ELEVE ") || xml.startsWith("<ELEVE>")) {
      xml2js.parseString(xml, (_error, result) => {
        const eleve = result.ELEVE
        if (eleve === undefined) return
        if (eleve.DATE_SORTIE !== undefined || eleve.ID_NATIONAL === undefined) return
        const ine = text(eleve, "ID_NATIONAL") ?? ""
        if (ine === "") errors.push("INE_REQUIRED")
        else if (seen.has(ine)) errors.push("INE_UNIQUE")
        if (!text(eleve, "PRENOM")) errors.push("FIRST_NAME_REQUIRED")
        if (!text(eleve, "NOM_DE_FAMILLE")) errors.push("LAST_NAME_REQUIRED")
        if (!text(eleve, "CODE_SEXE")) errors.push("SEX_CODE_REQUIRED")
        const birthdate = text(eleve, "DATE_NAISS")
        if (!birthdate) errors.push("BIRTHDATE_REQUIRED")
        else if (!/^\d{2}\/\d{2}\/\d{4}$/.test(birthdate)) errors.push("INVALID_BIRTHDATE_FORMAT")
        if (text(eleve, "CODE_PAYS") === "100" && !text(eleve, "CODE_COMMUNE_INSEE_NAISS")) {
          errors.push("BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT")
        }
        seen.add(ine)
        learners.set(eleve.$?.ELEVE_ID ?? "", { ine })
      })
    } else if (xml.startsWith("<STRUCTURES_ELEVE")) {
      xml2js.parseString(xml, (_error, result) => {
        const structures = result.STRUCTURES_ELEVE
        const learner = learners.get(structures?.$?.ELEVE_ID ?? "")
        if (structures === undefined || learner === undefined) return
        for (const structure of (structures.STRUCTURE ?? []) as ReadonlyArray<Node>) {
          const code = text(structure, "CODE_STRUCTURE")
          if (text(structure, "TYPE_STRUCTURE") === "D" && code !== undefined && code !== "Inactifs") {
            learner.division = code
          }
        }
      })
    }
    return true
  })
  let withDivision = 0
  for (const learner of learners.values()) if (learner.division !== undefined) withDivision++
  return { uai, learners: withDivision, errors }
}
