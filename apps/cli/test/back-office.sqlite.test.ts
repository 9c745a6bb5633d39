import { backOffice } from "./backOffice.ts"

backOffice("the back office from a terminal, on the SQLite file ./data/orga.db", () => ({}))
