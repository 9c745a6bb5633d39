import * as PartitionedProjection from "../src/PartitionedProjection.ts"
import { PartitionedContract } from "../src/testing/index.ts"

PartitionedContract.suite("the in-memory partitioned sink", {
  open: async () => {
    const tables = PartitionedProjection.memoryTables()
    return {
      make: (definition, options) => PartitionedProjection.makeMemory(definition, tables, options),
      close: () => Promise.resolve()
    }
  },
  numRuns: 100
})
