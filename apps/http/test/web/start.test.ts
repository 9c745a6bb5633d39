/**
 * `pnpm start` opens on the pages: its printed lines name the sign-in page, the root URL gives it, and a demo login
 * reaches the demo school's home and a campaign's results by class.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import * as Demo from "../../src/demo/Demo.ts"
import { tempDir } from "../support.ts"

const root = Path.resolve(import.meta.dirname, "../../../..")
let child: ChildProcess | undefined

afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL")
})

describe("pnpm start", () => {
  it("prints the sign-in page and serves it at the root, then the demo school's pages", async () => {
    child = spawn(process.execPath, ["apps/http/src/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "0", DATA_DIR: tempDir("orga-web-start-") },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    for (let waited = 0; !output.includes("Comptes de démonstration"); waited += 100) {
      if (waited > 60_000 || child.exitCode !== null) throw new Error(`no demo logins printed:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const url = /Orga écoute sur (http:\/\/\S+)/.exec(output)![1]!
    expect(output).toContain(`Pages (connexion) : ${url}/`)

    const start = await fetch(`${url}/`, { redirect: "manual" })
    expect([start.status, start.headers.get("location")]).toEqual([303, "/connexion"])
    const signIn = await fetch(`${url}/connexion`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: Demo.logins[0]!.login, password: Demo.password }).toString()
    })
    expect(signIn.status).toBe(303)
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!
    let location = signIn.headers.get("location")!
    let page: Response | undefined
    for (let hops = 0; hops < 5; hops++) {
      page = await fetch(new URL(location, url), { headers: { cookie }, redirect: "manual" })
      if (page.status !== 303) break
      location = page.headers.get("location")!
    }
    expect(page!.status).toBe(200)
    const home = await page!.text()
    expect(home).toContain("<h1>Collège Jean Moulin</h1>")
    const campaigns = /href="(\/espace\/[^"]+\/campagnes)"/.exec(home)![1]!
    const list = await (await fetch(new URL(campaigns, url), { headers: { cookie } })).text()
    const first = /href="(\/espace\/[^"]+\/campagnes\/(?!nouvelle)[^"]+)"/.exec(list)![1]!
    const results = await fetch(new URL(first, url), { headers: { cookie } })
    expect(results.status).toBe(200)
    expect(await results.text()).toContain("<h2>Résultats par classe</h2>")
    process.kill(-child.pid!, "SIGTERM")
  }, 90_000)
})
