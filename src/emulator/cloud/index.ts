/** The built-in Alibaba Cloud emulator (ACK CS 2015-12-15 over ROA, ECS 2014-05-26 over RPC). */
export { startCloudEmulator } from './start-cloud-emulator.js';
export type {
  CloudEmulator,
  CloudEmulatorOptions,
  ClusterSnapshot,
  EmulatedNodeSpec,
  EmulatedQuota,
  EmulatorCredentials,
  EmulatorLogger,
  FaultInjector,
  FaultKind,
  FaultSpec,
  JournalEntry,
  KubeRegistry,
  NetworkSnapshot,
  NodePoolSnapshot,
  RegionSpec,
  StockCategory,
} from './types.js';
