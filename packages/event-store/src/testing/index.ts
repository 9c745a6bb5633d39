/**
 * @orga/event-store/testing: the behavioural contract suite every event store adapter runs, the model it is
 * checked against, and the contract of a store's replay pages (`ReplayContract`). Needs the peer dependencies
 * `vitest` and `fast-check`.
 *
 * @since 0.1.0
 */
export {
  type ContractOptions,
  type ContractStore,
  type ContractStoreOptions,
  checkAgainstModel,
  type EventIdScope,
  type MakeContractStore,
  type ModelOperation,
  type ModelOptions,
  modelOperations,
  type PositionsKind,
  runEventStoreContract
} from "./Contract.ts"
/**
 * The contract of a crypto-shredding key store: `KeyStoreContract.suite(name, { open })`.
 *
 * @since 0.1.0
 */
export * as KeyStoreContract from "./KeyStoreContract.ts"
/**
 * The contract of a partitioned projection's sink: `PartitionedContract.suite(name, { open })`.
 *
 * @since 0.1.0
 */
export * as PartitionedContract from "./PartitionedContract.ts"
/**
 * Leader failover under load with real processes, for an adapter's partitioned projection: `PartitionFailover.run`.
 *
 * @since 0.1.0
 */
export * as PartitionFailover from "./PartitionFailover.ts"
/**
 * The contract of a store's replay pages: `ReplayContract.suite(name, { open })`.
 *
 * @since 0.1.0
 */
export * as ReplayContract from "./ReplayContract.ts"
export { contractScopeKey } from "./ScopeContract.ts"
export { type ModelAppendOutcome, type ModelEvent, StoreModel } from "./StoreModel.ts"
/**
 * The toy partitioned projection the contract and the failover tests fold.
 *
 * @since 0.1.0
 */
export * as ToyPartitions from "./ToyPartitions.ts"
