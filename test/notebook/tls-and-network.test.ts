import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCreateClusterBody } from '../../src/cloud/alibaba/build-create-cluster-body.js';
import { loadConfig } from '../../src/config/config.js';
import { buildNotebookService, nlbCertificateId } from '../../src/kube/notebook/build-notebook-service.js';
import type { NotebookSpec } from '../../src/kube/port.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';
const META = { name: 'nb', namespace: 'ns', labels: {}, annotations: {} };

function spec(overrides: Partial<NotebookSpec>): NotebookSpec {
  return {
    name: 'nb',
    namespace: 'ns',
    image: 'img:1',
    gpus: 1,
    owner: 'console:alice',
    requestId: 'r1',
    exposure: {
      addressType: 'internet',
      sourceRanges: [],
      loadBalancer: 'nlb',
      zoneMaps: [
        { zoneId: 'cn-hangzhou-h', vswitchId: 'vsw-h' },
        { zoneId: 'cn-hangzhou-i', vswitchId: 'vsw-i' },
      ],
    },
    resources: { cpuRequest: '1', cpuLimit: '2', memoryRequest: '1Gi', memoryLimit: '2Gi' },
    storage: { size: '20Gi', storageClass: 'alicloud-disk-topology-alltype' },
    tls: true,
    ...overrides,
  };
}

describe('the notebook Service: 443, and TLS in Jupyter or at the load balancer', () => {
  it("Jupyter's own TLS: a TCP listener on 443 passes it through", () => {
    const service = buildNotebookService(spec({}), META);
    assert.deepEqual(service.spec?.ports, [{ name: 'https', port: 443, targetPort: 8888, protocol: 'TCP' }]);
    assert.equal(service.metadata?.annotations?.[`${CCM}-protocol-port`], undefined);
  });

  it('a certificate id on an NLB: a TCP/SSL listener on 443 with the region-combined certificate id', () => {
    const service = buildNotebookService(
      spec({ tls: false, loadBalancerTls: { certificateId: '1234567', regionId: 'cn-beijing' } }),
      META,
    );
    assert.equal(service.metadata?.annotations?.[`${CCM}-protocol-port`], 'tcpssl:443');
    assert.equal(service.metadata?.annotations?.[`${CCM}-cert-id`], '1234567-cn-hangzhou');
    assert.deepEqual(
      service.spec?.ports?.map((p) => [p.port, p.targetPort]),
      [[443, 8888]],
    );
    assert.equal(nlbCertificateId('1234567', 'ap-southeast-1'), '1234567-ap-southeast-1');
    assert.equal(nlbCertificateId('1234567', 'cn-hongkong'), '1234567-ap-southeast-1');
    assert.equal(nlbCertificateId('1234567-cn-hangzhou', 'us-west-1'), '1234567-cn-hangzhou');
  });

  it('a certificate id on a CLB: an HTTPS listener on 443 with that certificate; source ranges as loadBalancerSourceRanges', () => {
    const service = buildNotebookService(
      spec({
        tls: false,
        loadBalancerTls: { certificateId: '5660042342906061_17d032d7041', regionId: 'cn-hangzhou' },
        exposure: { addressType: 'internet', sourceRanges: ['203.0.113.0/24'], loadBalancer: 'clb' },
      }),
      META,
    );
    assert.equal(service.metadata?.annotations?.[`${CCM}-protocol-port`], 'https:443');
    assert.equal(service.metadata?.annotations?.[`${CCM}-cert-id`], '5660042342906061_17d032d7041');
    assert.deepEqual(service.spec?.loadBalancerSourceRanges, ['203.0.113.0/24']);
  });

  it('plain HTTP (GPUBOT_NOTEBOOK_ALLOW_HTTP): port 80', () => {
    const service = buildNotebookService(spec({ tls: false }), META);
    assert.deepEqual(service.spec?.ports, [{ name: 'http', port: 80, targetPort: 8888, protocol: 'TCP' }]);
  });

  it('configuration: a certificate id, and no plain HTTP with it', () => {
    assert.equal(loadConfig({ GPUBOT_NOTEBOOK_TLS_CERT_ID: '1234567' }).notebook.tlsCertificateId, '1234567');
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_TLS_CERT_ID: '1234567', GPUBOT_NOTEBOOK_ALLOW_HTTP: 'true' }), /contradict/);
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_TLS_CERT_ID: 'not an id' }), /GPUBOT_NOTEBOOK_TLS_CERT_ID/);
  });
});

describe('the cluster network plugin', () => {
  const base = {
    name: 'c',
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small' as const,
    network: { kind: 'existing' as const, vpcId: 'vpc-1', vswitchIds: ['vsw-node'] },
    tags: [],
  };

  it('Terway: the terway-eniip addon with NetworkPolicy on, pod vSwitches, no pod CIDR', () => {
    const body = buildCreateClusterBody({ ...base, networkPlugin: { kind: 'terway', podVswitchIds: ['vsw-pod'] } });
    const addons = body['addons'] as { name: string; config?: string }[];
    const terway = addons.find((a) => a.name === 'terway-eniip');
    assert.deepEqual(JSON.parse(terway?.config ?? '{}'), { IPVlan: 'false', NetworkPolicy: 'true', ENITrunking: 'false' });
    assert.ok(!addons.some((a) => a.name === 'flannel'));
    assert.deepEqual(body['pod_vswitch_ids'], ['vsw-pod']);
    assert.equal(body['container_cidr'], undefined);
  });

  it('Flannel (the default): the flannel addon and the pod CIDR', () => {
    const body = buildCreateClusterBody(base);
    assert.ok((body['addons'] as { name: string }[]).some((a) => a.name === 'flannel'));
    assert.equal(body['container_cidr'], '172.20.0.0/16');
    assert.equal(body['pod_vswitch_ids'], undefined);
  });

  it('configuration: Terway needs the VPC and pod vSwitches of its own', () => {
    assert.deepEqual(loadConfig({}).networkPlugin, { kind: 'flannel' });
    assert.throws(() => loadConfig({ GPUBOT_NETWORK_PLUGIN: 'terway' }), /GPUBOT_POD_VSWITCH_IDS/);
    assert.throws(
      () =>
        loadConfig({
          GPUBOT_NETWORK_PLUGIN: 'terway',
          GPUBOT_VPC_ID: 'vpc-1',
          GPUBOT_VSWITCH_IDS: 'vsw-a',
          GPUBOT_POD_VSWITCH_IDS: 'vsw-a',
        }),
      /must differ/,
    );
    assert.deepEqual(
      loadConfig({
        GPUBOT_NETWORK_PLUGIN: 'terway',
        GPUBOT_VPC_ID: 'vpc-1',
        GPUBOT_VSWITCH_IDS: 'vsw-a',
        GPUBOT_POD_VSWITCH_IDS: 'vsw-p',
      }).networkPlugin,
      { kind: 'terway', podVswitchIds: ['vsw-p'] },
    );
  });
});
