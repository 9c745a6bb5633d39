/**
 * Lets `@event-driven-io/emmett-postgresql` load in this workspace.
 *
 * Its code imports `@event-driven-io/dumbo`, `uuid` and `async-retry` without declaring them (it relies on a
 * hoisted `node_modules`), and this workspace installs isolated, unhoisted packages (`hoist: false`), so Node
 * cannot find them from its folder. They are installed next to its declared peers (`@event-driven-io/pongo`,
 * `@event-driven-io/emmett`): when a bare import fails, resolve it again from there. Only failed resolutions
 * are retried, so nothing else changes.
 */
import * as Module from "node:module"
import * as Url from "node:url"

const requireFromEmmett = Module.createRequire(
  Url.fileURLToPath(import.meta.resolve("@event-driven-io/emmett-postgresql"))
)
const fallbackParents = ["@event-driven-io/pongo", "@event-driven-io/emmett"].map(
  (peer) => Url.pathToFileURL(requireFromEmmett.resolve(peer)).href
)

/** Registers the retry; call it before importing Emmett (a dynamic import, since static ones resolve first). */
export const registerEmmettPeers = (): void => {
  Module.registerHooks({
    resolve: (specifier, context, nextResolve) => {
      try {
        return nextResolve(specifier, context)
      } catch (error) {
        const fromEmmett = context.parentURL?.includes("@event-driven-io") === true
        if (!fromEmmett || specifier.startsWith(".") || specifier.startsWith("node:")) throw error
        for (const parentURL of fallbackParents) {
          try {
            return nextResolve(specifier, { ...context, parentURL })
          } catch {
            // try the next peer's folder
          }
        }
        throw error
      }
    }
  })
}
