import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { notReadyReason } from '../../src/jobs/notebook/not-ready-reason.js';
import { translate } from '../../src/i18n/translate.js';
import { clientNodeConnector } from '../../src/kube/client-node-cluster.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { clusterIdOf, NAMESPACE } from './helpers.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';

describe('GPUBOT_NOTEBOOK_LB=clb: a CLB billed by LCU, reached at its IP', () => {
  let harness: ConsoleHarness;
  let clusterId: string;
  before(async () => {
    harness = await startConsoleHarness({ GPUBOT_NOTEBOOK_LB: 'clb' });
    harness.send('/gpu-cluster create 1 gn5 name=clb');
    await harness.waitFor(/\[private to alice\] ✅ Your cluster clb is ready/);
    clusterId = clusterIdOf(harness, 'clb');
  });
  after(async () => {
    await harness.stop();
  });

  test('the notebook is served at the IP of a PayByCLCU CLB without a spec', async () => {
    harness.send('/notebook start name=viaclb');
    await harness.waitFor(
      /\[#console\] ✅ alice's notebook viaclb is running on clb with 1 GPU: https:\/\/203\.0\.113\.\d+(:\d+)?/,
    );
    const service = harness.bot.emulator?.kube.objects(clusterId).find((o) => o.kind === 'Service' && o.name === 'viaclb')
      ?.body as {
      metadata: { annotations: Record<string, string> };
      spec: { loadBalancerClass?: string };
    };
    assert.equal(service.spec.loadBalancerClass, undefined);
    assert.equal(service.metadata.annotations[`${CCM}-instance-charge-type`], 'PayByCLCU');
    assert.equal(service.metadata.annotations[`${CCM}-spec`], undefined);
    assert.equal(service.metadata.annotations[`${CCM}-charge-type`], 'paybytraffic');
  });
});

describe('what the cloud controller says about a Service it cannot serve reaches the user', () => {
  let harness: ConsoleHarness;
  let clusterId: string;
  before(async () => {
    harness = await startConsoleHarness();
    harness.send('/gpu-cluster create 1 gn5 name=events');
    await harness.waitFor(/\[private to alice\] ✅ Your cluster events is ready/);
    clusterId = clusterIdOf(harness, 'events');
  });
  after(async () => {
    await harness.stop();
  });

  for (const [what, annotations, loadBalancerClass, warning] of [
    [
      'a pay-by-specification CLB',
      { [`${CCM}-instance-charge-type`]: 'PayBySpec', [`${CCM}-spec`]: 'slb.s1.small' },
      undefined,
      /pay-by-specification CLB instances can no longer be purchased/,
    ],
    [
      'an NLB with zone maps in one zone',
      { [`${CCM}-zone-maps`]: 'cn-hangzhou-h:vsw-x' },
      'alibabacloud.com/nlb',
      /vsw-x does not exist in the cluster's VPC/,
    ],
  ] as const) {
    test(`${what}: observe() reads its Warning event and the timeout reason quotes it`, async () => {
      const emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
      const kubeconfig = await emulatedCloud(emulator).getKubeconfig({ regionId: 'cn-hangzhou', clusterId });
      const cluster = clientNodeConnector.connect(kubeconfig);
      await cluster.notebooks.ensureNamespace(NAMESPACE);
      const config = new KubeConfig();
      config.loadFromString(kubeconfig);
      const core = config.makeApiClient(CoreV1Api);
      const name = loadBalancerClass ? 'bad-nlb' : 'bad-clb';
      await core.createNamespacedService({
        namespace: NAMESPACE,
        body: {
          metadata: { name, annotations },
          spec: {
            type: 'LoadBalancer',
            ...(loadBalancerClass ? { loadBalancerClass } : {}),
            selector: { app: name },
            ports: [{ port: 80, targetPort: 8888 }],
          },
        },
      });
      let seen: readonly string[] = [];
      for (const deadline = Date.now() + 10_000; seen.length === 0 && Date.now() < deadline;) {
        seen = (await cluster.notebooks.observe(NAMESPACE, name)).serviceWarnings ?? [];
        if (seen.length === 0) await new Promise((done) => setTimeout(done, 25));
      }
      assert.match(seen.join('\n'), /^SyncLoadBalancerFailed: Error syncing load balancer: /);
      assert.match(seen.join('\n'), warning);
      const observation = await cluster.notebooks.observe(NAMESPACE, name);
      assert.equal(observation.address, undefined);
      const pod = { name: 'p', phase: 'Running', ready: true, pulling: false, pulled: true, nodeName: 'n' };
      const reason = translate(
        'en',
        notReadyReason(
          { ...observation, pod },
          { name, image: 'img', seconds: 1200, addressType: 'internet', loadBalancer: loadBalancerClass ? 'nlb' : 'clb' },
        ),
      );
      assert.match(reason, /Jupyter is ready but the cloud controller could not create the (NLB|CLB): SyncLoadBalancerFailed: /);
      assert.match(reason, warning);
    });
  }
});
