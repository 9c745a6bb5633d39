/**
 * Loaded before `orga` (`node --import`) by the tests of a preview that expires: each SIGUSR2 moves the process's
 * clock (`Date`, which the library's system clock reads) 31 minutes on, past a preview's 30 minutes, and says so
 * on stderr. A test cannot wait half an hour; the CLI itself has no clock setting.
 */
const Real = Date
let offsetMillis = 0

class Shifted extends Real {
  constructor(...args: Array<unknown>) {
    if (args.length === 0) super(Real.now() + offsetMillis)
    else super(...(args as [string]))
  }
  static override now(): number {
    return Real.now() + offsetMillis
  }
}

globalThis.Date = Shifted as DateConstructor
process.on("SIGUSR2", () => {
  offsetMillis += 31 * 60 * 1000
  process.stderr.write("[horloge avancée de 31 minutes]\n")
})
