/**
 * The version of a SQLite session file that every revocation changes, kept beside it (`sessions.db.version`, 8
 * bytes) so that any process on the file can tell, with one read and no lock, whether a session changed since it
 * last looked.
 *
 * Why: the SQLite session store keeps the records it found in memory (`SqliteSessionStore`) and must drop them at
 * once when a session is revoked by any instance on the same file. Asking SQLite itself (`PRAGMA data_version`)
 * opens a read transaction, with the same shared-memory locks as reading the row (two `fcntl` calls), which is what
 * the memory spares: under `bench/http`'s load the row read was the largest cost of a cached page beyond the bare
 * handler. A `pread` of 8 bytes takes no lock.
 *
 * A change writes 8 fresh random bytes after the revocation is committed and before it is answered, so a reader that
 * sees the bytes it saw before knows no revocation completed since. Random rather than a counter: two processes
 * incrementing at once could write the same number and a change would be lost; two random values collide with
 * probability 2^-64, and a torn read only looks like a change. A file that cannot be read gives no version: the
 * store then reads every record from SQLite.
 *
 * @since 0.3.0
 */
import { randomFillSync } from "node:crypto"
import * as Fs from "node:fs"

/**
 * An open version file.
 *
 * @category models
 * @since 0.3.0
 */
export interface SessionVersion {
  /** The current version, or undefined when it cannot be read (nothing may then be served from memory). */
  readonly read: () => bigint | undefined
  /** Changes the version (after a revocation is committed, before it is answered); throws when it cannot. */
  readonly bump: () => void
  /** Closes the file. */
  readonly close: () => void
}

/**
 * The version file of a session file: `<file>.version`, created with a random version when missing.
 *
 * @category constructors
 * @since 0.3.0
 */
export const open = (file: string): SessionVersion => {
  const fd = Fs.openSync(`${file}.version`, Fs.constants.O_RDWR | Fs.constants.O_CREAT, 0o600)
  const seen = Buffer.alloc(8)
  const next = Buffer.alloc(8)
  const bump = () => {
    randomFillSync(next)
    if (Fs.writeSync(fd, next, 0, 8, 0) !== 8) throw new Error("session version: short write")
  }
  if (Fs.fstatSync(fd).size < 8) bump()
  return {
    read: () => {
      try {
        return Fs.readSync(fd, seen, 0, 8, 0) === 8 ? seen.readBigUInt64LE(0) : undefined
      } catch {
        return undefined
      }
    },
    bump,
    close: () => Fs.closeSync(fd)
  }
}
