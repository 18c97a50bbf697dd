/** The Kubernetes API server part of gpubot's built-in emulator (offline rehearsal and test fake). */
export { startKubeEmulator, type KubeEmulatorOptions } from './start-kube-emulator.js';
export { createScaledClock, type EmulatorClock, type TimerHandle } from './clock.js';
export type {
  CloudNetwork,
  EmulatedClusterSpec,
  EmulatedNetwork,
  EmulatedNodeSpec,
  EmulatorLogger,
  KubeEmulator,
} from './types.js';
