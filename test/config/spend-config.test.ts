import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('spend settings', () => {
  test('a new install is protected by default: 8 GPUs and 2 clusters a person, confirm at ¥50/h, approve at ¥200/h', () => {
    const { spend, pricing } = loadConfig({});
    assert.deepEqual(spend.limits, {
      userGpus: 8,
      userClusters: 2,
      userNotebooks: 4,
      userGpuHoursPerDay: 64,
      workspaceGpus: 32,
      workspaceSpendPerDay: 3000,
    });
    assert.deepEqual([spend.confirmAbove, spend.approveAbove, spend.approvalTimeoutMs], [50, 200, 8 * 3600_000]);
    assert.deepEqual(pricing.table, { clusterFee: 0.64, natGateway: 0.25, eip: 0.02, apiServerLb: 0.1, notebookLb: 0.1 });
    assert.deepEqual([pricing.cacheMs, pricing.lookupMs], [3600_000, 1500]);
  });

  test('the old node-count threshold is refused at start with what replaces it', () => {
    assert.throws(
      () => loadConfig({ GPUBOT_CONFIRM_CREATE_NODES: '4' }),
      (error: unknown) =>
        error instanceof ConfigError && /set GPUBOT_CONFIRM_ABOVE \(CNY per hour, default 50\)/.test(error.message),
    );
  });

  test('limits are whole numbers above zero, prices are not negative', () => {
    assert.throws(() => loadConfig({ GPUBOT_USER_MAX_CLUSTERS: '0' }), /GPUBOT_USER_MAX_CLUSTERS/);
    assert.throws(() => loadConfig({ GPUBOT_PRICE_NAT_GATEWAY: '-1' }), /GPUBOT_PRICE_NAT_GATEWAY/);
    assert.equal(loadConfig({ GPUBOT_CONFIRM_ABOVE: '12.5' }).spend.confirmAbove, 12.5);
  });
});
