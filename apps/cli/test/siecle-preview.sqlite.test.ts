import { previews } from "./previews.ts"

previews("on the SQLite file ./data/orga.db", () => ({}))
