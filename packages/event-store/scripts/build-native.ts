/**
 * Builds the native opener of sealed values (`native/sealed_open.c`, docs/adr/0057-native-sealed-open.md) into
 * `native/build/sealed_open.node`: `gcc -O2 -shared -fPIC`, no headers, no download (node-gyp would fetch Node's
 * headers): the addon declares the few Node-API and OpenSSL functions it calls, resolved at load time from the
 * Node binary that loads it. Then loads it once, to fail here rather than at a rebuild.
 *
 * Run: `pnpm --filter @orga/event-store build:native` (CC overrides the compiler).
 */
import { execFileSync } from "node:child_process"
import { mkdirSync } from "node:fs"
import { createRequire } from "node:module"

const source = new URL("../native/sealed_open.c", import.meta.url).pathname
const target = new URL("../native/build/sealed_open.node", import.meta.url).pathname
mkdirSync(new URL("../native/build/", import.meta.url).pathname, { recursive: true })
execFileSync(
  process.env.CC ?? "gcc",
  ["-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", target, source],
  { stdio: "inherit" }
)
const addon = createRequire(import.meta.url)(target) as Record<string, unknown>
for (const name of ["openMany", "indexSubjects", "openTexts"])
  if (typeof addon[name] !== "function") throw new Error(`${target} loads but exports no ${name}`)
console.log(`built ${target}`)
