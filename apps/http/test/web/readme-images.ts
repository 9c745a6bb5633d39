/**
 * `pnpm --filter @orga/http readme-images`: regenerates the README's screenshots (`docs/images/*.png`) from a fresh
 * `pnpm start` on the demo school, in Debian's Chromium: the sign-in page on a phone, the staff home, a campaign's
 * results by class and the certificability report on a desktop. (The browser suite writes every page at both
 * widths to `.tmp/screenshots/`, not committed.)
 */
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Demo from "../../src/demo/Demo.ts"
import { launch } from "./support.ts"

const root = Path.resolve(import.meta.dirname, "../../../..")
const out = Path.resolve(import.meta.dirname, "../../docs/images")
const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-readme-images-"))
const child = spawn(process.execPath, ["apps/http/src/main.ts"], {
  cwd: root,
  env: { ...process.env, PORT: "0", DATA_DIR: dataDir },
  stdio: ["ignore", "pipe", "inherit"]
})
let output = ""
child.stdout.on("data", (chunk: Buffer) => {
  output += chunk.toString("utf8")
})
try {
  while (!output.includes("Comptes de démonstration")) {
    if (child.exitCode !== null) throw new Error(`pnpm start stopped:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const url = /Orga écoute sur (http:\/\/\S+)/.exec(output)![1]!
  const browser = await launch()
  const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 375, height: 740 } })
  const page = await context.newPage()
  Fs.mkdirSync(out, { recursive: true })
  const shot = (name: string) => page.screenshot({ path: Path.join(out, `${name}.png`) })

  await page.goto(url)
  await shot("connexion-telephone")
  await page.getByLabel("Adresse e-mail ou identifiant").fill(Demo.logins[0]!.login)
  await page.getByLabel("Mot de passe").fill(Demo.password)
  await page.getByRole("button", { name: "Se connecter" }).click()
  await page.waitForURL(/\/espace\/[^/]+$/)
  await page.setViewportSize({ width: 1280, height: 800 })
  await shot("accueil")
  await page.getByRole("link", { name: "Campagnes", exact: true }).click()
  await page.getByRole("link", { name: "Évaluation 6e", exact: true }).click()
  await shot("campagne-resultats")
  await page.getByRole("link", { name: "Certificabilité" }).click()
  await shot("certificabilite")
  await browser.close()
  process.stdout.write(`Images écrites dans ${out}\n`)
} finally {
  child.kill("SIGTERM")
  Fs.rmSync(dataDir, { recursive: true, force: true })
}
