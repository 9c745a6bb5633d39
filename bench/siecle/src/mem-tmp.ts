import { readFileSync } from "node:fs"
import { Siecle } from "@orga/siecle"
const bytes = readFileSync("/tmp/siecle-one")
const mb = (n: number) => (n / 1048576).toFixed(0)
const show = (label: string) => { const m = process.memoryUsage(); console.log(label, "rss", mb(m.rss), "heapUsed", mb(m.heapUsed), "heapTotal", mb(m.heapTotal), "external", mb(m.external), "ab", mb(m.arrayBuffers), "maxRSS", mb(process.resourceUsage().maxRSS * 1024)) }
show("before")
const r = Siecle.read(bytes, { uai: "0331234X" })
show("after")
globalThis.gc?.()
show("after gc")
console.log(r._tag)
