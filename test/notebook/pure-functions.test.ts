import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { buildNotebookObjects } from '../../src/kube/notebook/build-notebook-objects.js';
import { ownerLabelValue } from '../../src/kube/notebook/notebook-labels.js';
import { generatePassword } from '../../src/jobs/notebook/generate-password.js';
import { gpuModelOf, parseDeviceList } from '../../src/jobs/notebook/gpu-check.js';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('notebook helpers', () => {
  it('encodes any owner as a valid, distinct label value', () => {
    const owners = [
      'console:alice',
      'slack:U0123ABC',
      'dingtalk:$:LWCP_v1:$abc/+==',
      'dingtalk:$:LWCP_v1:$abc/+=',
      `slack:${'x'.repeat(200)}`,
      ':::',
    ];
    const values = owners.map(ownerLabelValue);
    for (const value of values) {
      assert.match(value, LABEL_VALUE);
      assert.ok(value.length <= 63, value);
    }
    assert.equal(new Set(values).size, owners.length);
  });

  it('generates long URL-safe passwords', () => {
    const a = generatePassword();
    assert.match(a, /^[A-Za-z0-9_-]{20,}$/);
    assert.notEqual(a, generatePassword());
  });

  it('parses the device-list contract', () => {
    const devices = parseDeviceList(
      '2024-01-01 noise\n/device:CPU:0|CPU|\n/device:GPU:0|GPU|device: 0, name: Tesla P100-PCIE-16GB, pci bus id: 0000:00:08.0, compute capability: 6.0\n',
    );
    assert.deepEqual(
      devices.map((d) => [d.name, d.type]),
      [
        ['/device:CPU:0', 'CPU'],
        ['/device:GPU:0', 'GPU'],
      ],
    );
    assert.equal(gpuModelOf(devices[1]?.description ?? ''), 'Tesla P100-PCIE-16GB');
  });

  it('puts source ranges and the intranet address type on the Service, the password only in the Secret', () => {
    const objects = buildNotebookObjects(
      {
        name: 'nb',
        namespace: 'ns',
        image: 'img:1',
        gpus: 2,
        owner: 'console:alice',
        requestId: 'r1',
        exposure: { loadBalancer: 'clb', addressType: 'intranet', sourceRanges: ['10.0.0.0/8'] },
        resources: { cpuRequest: '1700m', cpuLimit: '3400m', memoryRequest: '12992Mi', memoryLimit: '26048Mi' },
        storage: { size: '20Gi', storageClass: 'alicloud-disk-topology-alltype' },
        tls: false,
      },
      { password: 'pw-1234567890-abcdefghij' },
      ['192.168.0.1'],
    );
    assert.deepEqual(objects.service.spec?.loadBalancerSourceRanges, ['10.0.0.0/8']);
    const annotations = objects.service.metadata?.annotations ?? {};
    assert.equal(annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type'], 'intranet');
    assert.equal(annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-instance-charge-type'], 'PayByCLCU');
    assert.equal(annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec'], undefined);
    assert.equal(annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-charge-type'], undefined);
    assert.doesNotMatch(JSON.stringify([objects.deployment, objects.service]), /pw-1234567890|cHctMTIzNDU2Nzg5MC/);
    assert.equal(objects.deployment.spec?.template.spec?.containers[0]?.resources?.limits?.['nvidia.com/gpu'], '2');
  });

  it('reads the notebook settings from the environment', () => {
    const defaults = loadConfig({}).notebook;
    assert.deepEqual(defaults, {
      image: 'tensorflow/tensorflow:2.15.0-gpu-jupyter',
      namespace: 'gpubot-notebooks',
      loadBalancer: 'nlb',
      lbAddressType: 'internet',
      sourceRanges: [],
      timeoutMs: 1_200_000,
      registries: ['docker.io', 'registry.*.aliyuncs.com', 'registry-vpc.*.aliyuncs.com'],
      allowHttp: false,
      storage: { size: '20Gi', sizeGiB: 20, storageClass: 'alicloud-disk-topology-alltype' },
    });
    const custom = loadConfig({
      GPUBOT_NOTEBOOK_SOURCE_RANGES: '203.0.113.0/24, 10.0.0.0/8',
      GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: '0.5',
      GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE: 'intranet',
    }).notebook;
    assert.deepEqual(custom.sourceRanges, ['203.0.113.0/24', '10.0.0.0/8']);
    assert.equal(custom.timeoutMs, 30_000);
    assert.equal(custom.lbAddressType, 'intranet');
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_SOURCE_RANGES: 'everyone' }), /GPUBOT_NOTEBOOK_SOURCE_RANGES/);
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_IMAGE: 'Bad Image' }), /GPUBOT_NOTEBOOK_IMAGE/);
    assert.equal(loadConfig({ GPUBOT_NOTEBOOK_LB: 'clb' }).notebook.loadBalancer, 'clb');
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_LB: 'alb' }), /GPUBOT_NOTEBOOK_LB/);
    // The spec setting is gone: pay-by-specification CLBs cannot be bought any more. Refused, not ignored.
    assert.throws(
      () => loadConfig({ GPUBOT_NOTEBOOK_LB_SPEC: 'slb.s1.small' }),
      /GPUBOT_NOTEBOOK_LB_SPEC=slb\.s1\.small is no longer supported: pay-by-specification CLB.*GPUBOT_NOTEBOOK_LB=nlb.*GPUBOT_NOTEBOOK_LB=clb/,
    );
  });
});
