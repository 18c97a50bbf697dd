import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OPTS, rejection, startHarness, type Harness } from './helpers.js';

const DAR = { RegionId: 'cn-hangzhou', DestinationResource: 'Zone', InstanceType: 'ecs.gn5-c4g1.xlarge' };

describe('fault injection', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.faults.clear());
  after(async () => {
    await h.emu.close();
  });

  it('a rate hits that share of the calls, the same ones on every run (seeded), and counts what fired', async () => {
    const hits = async () => {
      h.emu.faults.clear();
      h.emu.faults.inject({ api: 'DescribeUserQuota', fault: 'server-error', rate: 0.25, seed: 11 });
      const pattern: boolean[] = [];
      for (let i = 0; i < 40; i++)
        pattern.push(
          await h.cs.get('/quota', {}, {}, OPTS).then(
            () => false,
            () => true,
          ),
        );
      return pattern;
    };
    const firedBefore = h.emu.faults.fired();
    const first = await hits();
    const count = first.filter(Boolean).length;
    assert.ok(count >= 4 && count <= 18, `${count} of 40 failed`);
    assert.equal(h.emu.faults.fired() - firedBefore, count);
    assert.deepEqual(await hits(), first, 'the same calls fail again');
  });

  it('throttles CS calls with 429 Throttling.User, counting down `times`', async () => {
    h.emu.faults.inject({ api: 'DescribeUserQuota', fault: 'throttle', times: 2 });
    const before = h.emu.calls()['DescribeUserQuota'] ?? 0;
    for (let i = 0; i < 2; i++) {
      const err = await rejection(() => h.cs.get('/quota', {}, {}, OPTS));
      assert.equal(err.statusCode, 429);
      assert.equal(err.code, 'Throttling.User');
      assert.ok(err.result.RequestId);
    }
    const quota = await h.cs.get('/quota', {}, {}, OPTS);
    assert.equal(quota.cluster_quota, 50);
    assert.equal(h.emu.calls()['DescribeUserQuota'], before + 3);
  });

  it('answers server errors with 500 then 503, both with JSON bodies', async () => {
    h.emu.faults.inject({ api: '*', fault: 'server-error', times: 2 });
    const first = await rejection(() => h.cs.get('/quota', {}, {}, OPTS));
    assert.equal(first.statusCode, 500);
    assert.equal(first.result.code, 'InternalError');
    const second = await rejection(() => h.cs.get('/regions/cn-hangzhou/clusters', {}, {}, OPTS));
    assert.equal(second.statusCode, 503);
    assert.equal(second.result.Code, 'ServiceUnavailable');
    await h.cs.get('/quota', {}, {}, OPTS);
  });

  it('forbids with a RAM error (CS ErrorCheckAcl, ECS Forbidden.RAM)', async () => {
    h.emu.faults.inject({ api: 'DescribeClustersForRegion', fault: 'forbidden', times: 1 });
    const err = await rejection(() => h.cs.get('/regions/cn-hangzhou/clusters', {}, {}, OPTS));
    assert.equal(err.statusCode, 403);
    assert.equal(err.result.code, 'ErrorCheckAcl');
    h.emu.faults.inject({ api: 'DescribeAvailableResource', fault: 'forbidden', times: 1 });
    const ecsErr = await rejection(() => h.ecs.request('DescribeAvailableResource', DAR, OPTS));
    assert.equal(ecsErr.code, 'Forbidden.RAM');
  });

  it('throttles ECS with Throttling (pop-core RPC throws on Code)', async () => {
    h.emu.faults.inject({ api: 'DescribeAvailableResource', fault: 'throttle', times: 1 });
    const err = await rejection(() => h.ecs.request('DescribeAvailableResource', DAR, OPTS));
    assert.equal(err.code, 'Throttling');
    assert.ok(err.data.RequestId);
    await h.ecs.request('DescribeAvailableResource', DAR, OPTS);
  });

  it('reports everything sold out under a stock-out fault on DescribeAvailableResource', async () => {
    h.emu.faults.inject({ api: 'DescribeAvailableResource', fault: 'stock-out', times: 1 });
    const res = await h.ecs.request('DescribeAvailableResource', DAR, OPTS);
    assert.ok(res.AvailableZones.AvailableZone.every((z: { Status: string }) => z.Status === 'SoldOut'));
  });

  it('only the named action is affected, and clear() disarms', async () => {
    h.emu.faults.inject({ api: 'DescribeTaskInfo', fault: 'throttle' });
    await h.cs.get('/quota', {}, {}, OPTS);
    h.emu.faults.clear();
    const err = await rejection(() => h.cs.get('/tasks/T-000000000000000000000000', {}, {}, OPTS));
    assert.equal(err.statusCode, 404);
  });
});
