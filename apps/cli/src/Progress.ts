/**
 * Progress on stderr, only when stderr is a terminal: a bar for work whose size is known (reading a file),
 * a spinner with the elapsed time otherwise. The line is cleared when the work ends, so what stays on screen is
 * the answer; piped or redirected, nothing is drawn (no escape code reaches a file or a script).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"

const enabled = (): boolean => process.stderr.isTTY === true

const draw = (text: string) => {
  process.stderr.write(`\r\u001b[2K${text}`)
}

const clear = () => {
  process.stderr.write("\r\u001b[2K")
}

/**
 * A bar: `[########------------]  40 % label`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const bar = (label: string, done: number, total: number): string => {
  const ratio = total <= 0 ? 1 : Math.min(1, done / total)
  const filled = Math.round(ratio * 20)
  return `[${"#".repeat(filled)}${"-".repeat(20 - filled)}] ${String(Math.round(ratio * 100)).padStart(3)} % ${label}`
}

/**
 * Runs an effect while a spinner turns on stderr (when it is a terminal), then clears it.
 *
 * @category combinators
 * @since 0.1.0
 */
export const spinner = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
  if (!enabled()) return effect
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
  return Effect.suspend(() => {
    const start = Date.now()
    let frame = 0
    const tick = () => {
      frame = (frame + 1) % frames.length
      draw(`${frames[frame]} ${label} (${((Date.now() - start) / 1000).toFixed(1)} s)`)
    }
    tick()
    const timer = setInterval(tick, 80)
    return effect.pipe(
      Effect.ensuring(
        Effect.sync(() => {
          clearInterval(timer)
          clear()
        })
      )
    )
  })
}

/**
 * A bar the caller moves: `update(done)`, then `end()` clears it. A no-op off a terminal.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeBar = (
  label: string,
  total: number
): { readonly update: (done: number) => void; readonly end: () => void } => {
  if (!enabled()) return { update: () => {}, end: () => {} }
  let last = -1
  return {
    update: (done) => {
      const percent = Math.floor((done / Math.max(1, total)) * 100)
      if (percent === last) return
      last = percent
      draw(bar(label, done, total))
    },
    end: clear
  }
}

/**
 * A line the caller rewrites (`update(text)`), then `end()` clears it. A no-op off a terminal.
 *
 * @category constructors
 * @since 0.3.0
 */
export const makeLine = (): { readonly update: (text: string) => void; readonly end: () => void } =>
  enabled() ? { update: draw, end: clear } : { update: () => {}, end: () => {} }
