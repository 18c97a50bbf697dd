/**
 * Spend limits high enough that only the tests about limits meet them; the defaults (2 clusters,
 * 8 GPUs per person) would stop the flows that create many clusters as one person.
 */
export const ROOMY_LIMITS_ENV: Readonly<Record<string, string>> = {
  GPUBOT_USER_MAX_GPUS: '100000',
  GPUBOT_USER_MAX_CLUSTERS: '100000',
  GPUBOT_USER_MAX_NOTEBOOKS: '100000',
  GPUBOT_USER_MAX_GPU_HOURS_PER_DAY: '10000000',
  GPUBOT_WORKSPACE_MAX_GPUS: '1000000',
  GPUBOT_WORKSPACE_MAX_SPEND_PER_DAY: '100000000',
};
