import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiException, type CoreV1Api, type V1Service } from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator } from '../../../src/emulator/kube/index.js';
import { clientsFor, p100Node, TEST_TIME_SCALE, waitFor } from './helpers.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';
const NETWORK = {
  regionId: 'cn-beijing',
  regionZones: 6,
  vswitches: [
    { vswitchId: 'vsw-g', zoneId: 'cn-beijing-g' },
    { vswitchId: 'vsw-h', zoneId: 'cn-beijing-h' },
  ],
};

function service(name: string, annotations: Record<string, string>, loadBalancerClass?: string): V1Service {
  return {
    metadata: { name, annotations },
    spec: {
      type: 'LoadBalancer',
      ...(loadBalancerClass ? { loadBalancerClass } : {}),
      selector: { app: name },
      ports: [{ port: 80, targetPort: 8888 }],
    },
  };
}

/** The Service's Warning events as `Reason: message`. */
async function warnings(core: CoreV1Api, name: string): Promise<string[]> {
  const events = await core.listNamespacedEvent({
    namespace: 'default',
    fieldSelector: `involvedObject.kind=Service,involvedObject.name=${name}`,
  });
  return events.items.filter((e) => e.type === 'Warning').map((e) => `${e.reason}: ${e.message}`);
}

/** Waits for a Warning, then checks the Service still has no address. */
async function refusedWith(core: CoreV1Api, name: string, pattern: RegExp): Promise<void> {
  const seen = await waitFor(`a Warning on ${name}`, async () => {
    const found = await warnings(core, name);
    return found.length > 0 ? found : undefined;
  });
  assert.match(seen.join('\n'), pattern);
  const svc = await core.readNamespacedService({ name, namespace: 'default' });
  assert.equal(svc.status?.loadBalancer?.ingress, undefined, `${name} must get no address`);
}

describe('the cloud controller gives addresses only to load balancers that can be bought', () => {
  let emulator: KubeEmulator;
  let core: CoreV1Api;
  before(async () => {
    emulator = await startKubeEmulator({ timeScale: TEST_TIME_SCALE });
    core = clientsFor(emulator.addCluster({ clusterId: 'c-lb', nodes: [p100Node('node-a')], vpc: NETWORK }).kubeconfig).core;
  });
  after(async () => {
    await emulator.close();
  });

  it('an NLB with zone maps in two zones gets a DNS name, no IP', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: service(
        'nlb-ok',
        { [`${CCM}-zone-maps`]: 'cn-beijing-g:vsw-g,cn-beijing-h:vsw-h', [`${CCM}-address-type`]: 'internet' },
        'alibabacloud.com/nlb',
      ),
    });
    const ingress = await waitFor(
      'an NLB address',
      async () => (await core.readNamespacedService({ name: 'nlb-ok', namespace: 'default' })).status?.loadBalancer?.ingress?.[0],
    );
    assert.match(ingress.hostname ?? '', /^nlb-[0-9a-z]+\.cn-beijing\.nlb\.aliyuncsslb\.com$/);
    assert.equal(ingress.ip, undefined);
  });

  it('a pay-by-LCU CLB (or a CLB with no charge annotation) gets an IP', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: service('clb-lcu', { [`${CCM}-instance-charge-type`]: 'PayByCLCU' }),
    });
    const ip = await waitFor(
      'a CLB address',
      async () =>
        (await core.readNamespacedService({ name: 'clb-lcu', namespace: 'default' })).status?.loadBalancer?.ingress?.[0]?.ip,
    );
    assert.match(ip, /^203\.0\.113\.\d+$/);
  });

  it('a pay-by-specification CLB never gets an address and carries a SyncLoadBalancerFailed Warning', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: service('clb-spec', { [`${CCM}-instance-charge-type`]: 'PayBySpec', [`${CCM}-spec`]: 'slb.s1.small' }),
    });
    await refusedWith(
      core,
      'clb-spec',
      /^SyncLoadBalancerFailed: .*pay-by-specification CLB instances can no longer be purchased/,
    );
    await core.createNamespacedService({
      namespace: 'default',
      body: service('clb-spec-only', { [`${CCM}-spec`]: 'slb.s1.small' }),
    });
    await refusedWith(core, 'clb-spec-only', /pay-by-specification/);
  });

  for (const [what, maps, pattern] of [
    ['no zone maps', undefined, /ZoneMappings is required/],
    ['one zone', 'cn-beijing-g:vsw-g', /at least 2 different zones/],
    ['an unknown vSwitch', 'cn-beijing-g:vsw-g,cn-beijing-h:vsw-nope', /vsw-nope does not exist in the cluster's VPC/],
    ['a vSwitch in another zone', 'cn-beijing-g:vsw-g,cn-beijing-i:vsw-h', /vsw-h is in zone cn-beijing-h, not cn-beijing-i/],
  ] as const) {
    it(`an NLB with ${what} never gets an address and carries a Warning`, async () => {
      const name = `nlb-${what.replace(/[^a-z]+/g, '-')}`.replace(/-$/, '');
      await core.createNamespacedService({
        namespace: 'default',
        body: service(name, maps ? { [`${CCM}-zone-maps`]: maps } : {}, 'alibabacloud.com/nlb'),
      });
      await refusedWith(core, name, pattern);
    });
  }

  it('spec.loadBalancerClass cannot change once set', async () => {
    const current = await core.readNamespacedService({ name: 'clb-lcu', namespace: 'default' });
    const error = await core
      .replaceNamespacedService({
        name: 'clb-lcu',
        namespace: 'default',
        body: { ...current, spec: { ...current.spec, loadBalancerClass: 'alibabacloud.com/nlb' } },
      })
      .then(
        () => assert.fail('expected a refusal'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof ApiException);
    assert.equal(error.code, 422);
  });
});
