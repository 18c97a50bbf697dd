import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNotebookObjects } from '../../src/kube/notebook/build-notebook-objects.js';
import type { NotebookSpec } from '../../src/kube/port.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';

function spec(exposure: NotebookSpec['exposure']): NotebookSpec {
  return {
    name: 'nb',
    namespace: 'ns',
    image: 'img:1',
    gpus: 1,
    owner: 'console:alice',
    requestId: 'r1',
    exposure,
    resources: { cpuRequest: '1700m', cpuLimit: '3400m', memoryRequest: '12992Mi', memoryLimit: '26048Mi' },
    storage: { size: '20Gi', storageClass: 'alicloud-disk-topology-alltype' },
    tls: false,
  };
}

describe('the notebook Service asks for a load balancer that can still be bought', () => {
  it('NLB: the nlb loadBalancerClass, zone maps from one vSwitch per zone, the address type, no CLB billing', () => {
    const { service } = buildNotebookObjects(
      spec({
        loadBalancer: 'nlb',
        addressType: 'internet',
        sourceRanges: [],
        zoneMaps: [
          { zoneId: 'cn-hangzhou-h', vswitchId: 'vsw-h' },
          { zoneId: 'cn-hangzhou-i', vswitchId: 'vsw-i' },
        ],
      }),
      { password: 'pw' },
      ['192.168.0.1'],
    );
    assert.equal(service.spec?.type, 'LoadBalancer');
    assert.equal(service.spec?.loadBalancerClass, 'alibabacloud.com/nlb');
    const annotations = service.metadata?.annotations ?? {};
    assert.equal(annotations[`${CCM}-zone-maps`], 'cn-hangzhou-h:vsw-h,cn-hangzhou-i:vsw-i');
    assert.equal(annotations[`${CCM}-address-type`], 'internet');
    for (const clbOnly of ['spec', 'instance-charge-type', 'charge-type'])
      assert.equal(annotations[`${CCM}-${clbOnly}`], undefined);
    assert.equal(annotations['gpubot.io/request'], 'r1', 'the ownership annotations stay');
  });

  it('CLB: billed by LCU (PayByCLCU) with no spec, internet traffic pay-by-traffic, no loadBalancerClass', () => {
    const { service } = buildNotebookObjects(
      spec({ loadBalancer: 'clb', addressType: 'internet', sourceRanges: ['203.0.113.0/24'] }),
      { password: 'pw' },
      ['192.168.0.1'],
    );
    assert.equal(service.spec?.loadBalancerClass, undefined);
    assert.deepEqual(service.spec?.loadBalancerSourceRanges, ['203.0.113.0/24']);
    const annotations = service.metadata?.annotations ?? {};
    assert.equal(annotations[`${CCM}-instance-charge-type`], 'PayByCLCU');
    assert.equal(annotations[`${CCM}-charge-type`], 'paybytraffic');
    assert.equal(annotations[`${CCM}-spec`], undefined);
    assert.equal(annotations[`${CCM}-zone-maps`], undefined);
    assert.doesNotMatch(JSON.stringify(service), /PayBySpec/);
  });
});
