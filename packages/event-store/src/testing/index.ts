/**
 * @orga/event-store/testing: the behavioural contract suite every event store adapter runs, and the
 * model it is checked against. Needs the peer dependencies `vitest` and `fast-check`.
 *
 * @since 0.1.0
 */
export {
  type ContractOptions,
  type ContractStore,
  type ContractStoreOptions,
  checkAgainstModel,
  type MakeContractStore,
  type ModelOperation,
  modelOperations,
  runEventStoreContract
} from "./Contract.ts"
export { type ModelAppendOutcome, type ModelEvent, StoreModel } from "./StoreModel.ts"
