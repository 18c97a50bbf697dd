/* eslint-disable @typescript-eslint/no-explicit-any -- raw OpenAPI answers, read field by field in assertions */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPTS, rejection, startHarness, type Harness } from './helpers.js';

describe('ECS DescribeAvailableResource', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  it('answers Zone queries for an instance type, with gn5 sold out in one Hangzhou zone', async () => {
    const res = await h.ecs.request(
      'DescribeAvailableResource',
      {
        RegionId: 'cn-hangzhou',
        DestinationResource: 'Zone',
        InstanceType: 'ecs.gn5-c4g1.xlarge',
        InstanceChargeType: 'PostPaid',
      },
      { ...OPTS, method: 'POST' },
    );
    assert.ok(res.RequestId);
    const zones = res.AvailableZones.AvailableZone as any[];
    assert.deepEqual(
      zones.map((z) => z.ZoneId),
      ['cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'],
    );
    const g = zones[0];
    assert.equal(g.RegionId, 'cn-hangzhou');
    assert.equal(g.Status, 'SoldOut');
    assert.equal(g.StatusCategory, 'WithoutStock');
    const resource = g.AvailableResources.AvailableResource[0];
    assert.equal(resource.Type, 'Zone');
    assert.deepEqual(
      { ...resource.SupportedResources.SupportedResource[0] },
      { Value: 'cn-hangzhou-g', Status: 'SoldOut', StatusCategory: 'WithoutStock' },
    );
    assert.equal(zones[1].StatusCategory, 'WithStock');
    assert.equal(zones[4].StatusCategory, 'ClosedWithStock');
    assert.equal(zones[4].Status, 'Available');
  });

  it('answers InstanceType queries per zone and follows setStock', async () => {
    h.emu.setStock('cn-beijing', 'cn-beijing-h', 'ecs.gn6i-c4g1.xlarge', 'ClosedWithoutStock');
    const res = await h.ecs.request(
      'DescribeAvailableResource',
      {
        RegionId: 'cn-beijing',
        DestinationResource: 'InstanceType',
        ZoneId: 'cn-beijing-h',
        InstanceType: 'ecs.gn6i-c4g1.xlarge',
        IoOptimized: 'optimized',
        ResourceType: 'instance',
      },
      OPTS,
    );
    const zones = res.AvailableZones.AvailableZone as any[];
    assert.equal(zones.length, 1);
    const supported = zones[0].AvailableResources.AvailableResource[0];
    assert.equal(supported.Type, 'InstanceType');
    assert.deepEqual(
      { ...supported.SupportedResources.SupportedResource[0] },
      { Value: 'ecs.gn6i-c4g1.xlarge', Status: 'SoldOut', StatusCategory: 'ClosedWithoutStock' },
    );
    const all = await h.ecs.request(
      'DescribeAvailableResource',
      { RegionId: 'cn-beijing', DestinationResource: 'InstanceType', ZoneId: 'cn-beijing-g' },
      OPTS,
    );
    assert.ok(
      all.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource.length >
        10,
    );
  });

  it('validates parameters', async () => {
    const missing = await rejection(() => h.ecs.request('DescribeAvailableResource', { DestinationResource: 'Zone' }, OPTS));
    assert.equal(missing.code, 'MissingParameter');
    const region = await rejection(() =>
      h.ecs.request('DescribeAvailableResource', { RegionId: 'mars-1', DestinationResource: 'Zone' }, OPTS),
    );
    assert.equal(region.code, 'InvalidRegionId.NotFound');
    const zone = await rejection(() =>
      h.ecs.request(
        'DescribeAvailableResource',
        { RegionId: 'cn-hangzhou', ZoneId: 'cn-beijing-h', DestinationResource: 'Zone' },
        OPTS,
      ),
    );
    assert.equal(zone.code, 'InvalidZoneId.NotFound');
  });
});
