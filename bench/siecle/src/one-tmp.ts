import { writeFileSync } from "node:fs"
import { generateFile, zip } from "@orga/siecle/testing"
const bytes = generateFile({ seed: 2025, students: 37_500, uai: "0331234X", encoding: "UTF-8" }).bytes
writeFileSync("/tmp/siecle-one", zip({ "a.xml": bytes }))
