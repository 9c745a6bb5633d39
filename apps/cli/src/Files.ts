/**
 * Reading and writing the files named on the command line, with `FileError` (a French sentence) when it cannot
 * be done, and a progress bar while a large file is read.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Effect from "effect/Effect"
import { FileError } from "./Failure.ts"
import * as Progress from "./Progress.ts"

const reason = (cause: unknown): string => {
  const code = (cause as { code?: string }).code
  if (code === "ENOENT") return "il n'existe pas"
  if (code === "EISDIR") return "c'est un dossier"
  if (code === "EACCES" || code === "EPERM") return "accès refusé"
  return cause instanceof Error ? cause.message : String(cause)
}

/**
 * The bytes of a file, read in chunks with a bar on stderr (when it is a terminal).
 *
 * @category constructors
 * @since 0.1.0
 */
export const read = (path: string): Effect.Effect<Uint8Array, FileError> =>
  Effect.try({
    try: () => {
      const fd = Fs.openSync(path, "r")
      try {
        const size = Fs.fstatSync(fd).size
        const bytes = new Uint8Array(size)
        const bar = Progress.makeBar(`lecture de ${path}`, size)
        let done = 0
        while (done < size) {
          const read = Fs.readSync(fd, bytes, done, Math.min(1 << 20, size - done), done)
          if (read === 0) break
          done += read
          bar.update(done)
        }
        bar.end()
        return bytes.subarray(0, done)
      } finally {
        Fs.closeSync(fd)
      }
    },
    catch: (cause) => new FileError({ path, message: `Impossible de lire le fichier ${path} : ${reason(cause)}.` })
  })

/**
 * Writes a file whole (made next to it, then renamed: a failure leaves no half-written file).
 *
 * @category constructors
 * @since 0.1.0
 */
export const write = (path: string, text: string): Effect.Effect<void, FileError> =>
  Effect.try({
    try: () => {
      const temporary = `${path}.${process.pid}.tmp`
      Fs.writeFileSync(temporary, text)
      Fs.renameSync(temporary, path)
    },
    catch: (cause) => new FileError({ path, message: `Impossible d'écrire le fichier ${path} : ${reason(cause)}.` })
  })

/**
 * Makes a folder (and its parents) if missing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const folder = (path: string): Effect.Effect<void, FileError> =>
  Effect.try({
    try: () => {
      Fs.mkdirSync(path, { recursive: true })
    },
    catch: (cause) => new FileError({ path, message: `Impossible de créer le dossier ${path} : ${reason(cause)}.` })
  })
