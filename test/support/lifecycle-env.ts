/**
 * The harnesses run the emulator's clock 3000 times faster than wall time, and lifecycle time runs
 * with it: a 12 h time to live would end in 15 s and a 2 h idle notebook be stopped in a few.
 * Tests that are not about the lifecycle get lifetimes far beyond their own and no idle or summary
 * work; lifecycle tests pass their own settings over these.
 */
export const QUIET_LIFECYCLE_ENV = {
  GPUBOT_CLUSTER_TTL: '3650d',
  GPUBOT_CLUSTER_MAX_TTL: '3650d',
  GPUBOT_NOTEBOOK_IDLE: 'off',
  GPUBOT_CLUSTER_IDLE: 'off',
  GPUBOT_SUMMARY_AT: 'off',
} as const;
