import * as Stores from "../src/Stores.ts"
import { auditTrail } from "./support/auditTrail.ts"

auditTrail("the audit trail by pages, in memory", () => ({ layer: Stores.memory, cleanup: async () => {} }))
