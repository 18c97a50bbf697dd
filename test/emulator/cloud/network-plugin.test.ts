import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBody, createCluster, rejection, startHarness, waitForTask, type Harness } from './helpers.js';

const TERWAY = (policy: string) => ({
  name: 'terway-eniip',
  config: JSON.stringify({ IPVlan: 'false', NetworkPolicy: policy, ENITrunking: 'false' }),
});

describe('CreateCluster network plugin: Flannel, or Terway with pod vSwitches', () => {
  let h: Harness;
  let vpcId: string;
  let nodeVswitch: string;
  before(async () => {
    h = await startHarness();
    const net = h.emu.networks().find((n) => n.regionId === 'cn-hangzhou') ?? assert.fail('no default VPC');
    vpcId = net.vpcId;
    nodeVswitch = net.vswitches.find((v) => v.zoneId === 'cn-hangzhou-h')?.vswitchId ?? assert.fail('no vSwitch');
  });
  after(async () => {
    await h.emu.close();
  });

  const inVpc = (extra: Record<string, unknown>) =>
    createBody({ zone_ids: undefined, vpcid: vpcId, vswitch_ids: [nodeVswitch], container_cidr: undefined, ...extra });

  it('refuses Terway without pod vSwitches, with the node vSwitches, or without one in each node zone', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ addons: [TERWAY('true')] }, 'MissingParameter', /pod_vswitch_ids/],
      [{ addons: [TERWAY('true')], pod_vswitch_ids: [nodeVswitch] }, 'InvalidParameter', /is a node vSwitch/],
      [
        { addons: [TERWAY('true')], pod_vswitch_ids: [h.emu.addVSwitch(vpcId, 'cn-hangzhou-i')] },
        'InvalidParameter',
        /no pod vSwitch in zone cn-hangzhou-h/,
      ],
      [{ addons: [TERWAY('yes')], pod_vswitch_ids: ['vsw-x'] }, 'InvalidParameter', /NetworkPolicy/],
      [{ addons: [{ name: 'flannel' }, TERWAY('true')] }, 'InvalidParameter', /one network plugin/],
    ];
    for (const [extra, code, message] of cases) {
      const err = await rejection(() => createCluster(h.cs, inVpc(extra)));
      assert.equal(err.statusCode, 400, JSON.stringify(extra));
      assert.equal(err.result.code, code);
      assert.match(err.result.message, message);
    }
  });

  it('makes a Terway cluster whose kube-system says NetworkPolicy is enforced', async () => {
    const podVswitch = h.emu.addVSwitch(vpcId, 'cn-hangzhou-h');
    const created = await createCluster(h.cs, inVpc({ name: 'terway', addons: [TERWAY('true')], pod_vswitch_ids: [podVswitch] }));
    const task = await waitForTask(h.cs, created.task_id);
    assert.equal(task.state, 'success');
    const cluster = h.emu.clusters().find((c) => c.name === 'terway') ?? assert.fail('no cluster');
    assert.deepEqual(cluster.networkPlugin, { plugin: 'terway', networkPolicy: true });
  });
});
