import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { OVERLAYS, renderOverlay, validateAgainstSchema, type K8sObject, type Overlay } from './render-manifests.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: unknown };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  serviceAccountName?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: {
    name: string;
    secret?: { secretName: string; items?: { key: string; path: string }[] };
    configMap?: { name: string };
  }[];
}
interface Workload extends K8sObject {
  spec: { replicas?: number; template: { spec: PodSpec; metadata: { labels: Record<string, string> } } };
}

/** Placeholder values for every key of the Secret gpubot-secrets the overlays read. */
const SECRET_VALUES: Record<string, string> = {
  'secret-key': 'placeholder-sealing-key',
  'redis-url': 'redis://:placeholder@gpubot-redis:6379/0',
  'redis-password': 'placeholder',
  'slack-bot-token': 'xoxb-placeholder',
  'slack-signing-secret': 'placeholder-signing-secret',
  'slack-app-token': 'xapp-placeholder',
  'dingtalk-client-id': 'dingplaceholder',
  'dingtalk-client-secret': 'placeholder-app-secret',
};
/** Settings that are secrets: the manifests may only point at files, never hold values. */
const SECRET_SETTINGS = [
  'GPUBOT_SECRET_KEY',
  'REDIS_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DINGTALK_CLIENT_SECRET',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'GPUBOT_REDIS_PASSWORD',
];
const SECRETS_MOUNT = '/etc/gpubot/secrets';

const rendered = new Map<Overlay, K8sObject[]>();
const dir = mkdtempSync(join(tmpdir(), 'gpubot-manifests-'));

before(async () => {
  for (const overlay of OVERLAYS) rendered.set(overlay, await renderOverlay(overlay));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function objects(overlay: Overlay): K8sObject[] {
  return rendered.get(overlay) ?? assert.fail(`${overlay} was not rendered`);
}
function find<T extends K8sObject>(overlay: Overlay, kind: string, name: string): T {
  const found = objects(overlay).find((o) => o.kind === kind && o.metadata.name === name);
  return (found as T | undefined) ?? assert.fail(`${overlay}: no ${kind} ${name}`);
}
function configMapData(overlay: Overlay, name: string): Record<string, string> {
  return find<K8sObject & { data: Record<string, string> }>(overlay, 'ConfigMap', name).data;
}

/**
 * The environment a container starts with: its ConfigMaps, its env, the files of the Secret keys
 * mounted into it (placeholders, written here), and what ACK's RRSA webhook injects.
 */
function containerEnvironment(overlay: Overlay, pod: PodSpec, container: Container): NodeJS.ProcessEnv {
  const podDir = mkdtempSync(join(dir, `${overlay}-`));
  const env: NodeJS.ProcessEnv = {};
  for (const source of container.envFrom ?? []) {
    assert.ok(source.configMapRef, 'settings come from ConfigMaps; secrets are mounted files');
    Object.assign(env, configMapData(overlay, source.configMapRef.name));
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    env[variable.name] = ref ? (SECRET_VALUES[ref.key] ?? assert.fail(`unknown Secret key ${ref.key}`)) : variable.value;
  }
  const mount = container.volumeMounts?.find((m) => m.mountPath === SECRETS_MOUNT);
  const volume = pod.volumes?.find((v) => v.name === mount?.name);
  if (volume?.secret) {
    assert.equal(volume.secret.secretName, 'gpubot-secrets');
    const keys = volume.secret.items?.map((item) => item.key) ?? Object.keys(SECRET_VALUES);
    for (const key of keys) writeFileSync(join(podDir, key), `${SECRET_VALUES[key]}\n`);
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.endsWith('_FILE') && value?.startsWith(`${SECRETS_MOUNT}/`))
      env[name] = join(podDir, value.slice(SECRETS_MOUNT.length + 1));
  }
  const token = join(podDir, 'rrsa-token');
  writeFileSync(token, 'eyJ-projected-service-account-token');
  return {
    ...env,
    ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890:role/gpubot',
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890:oidc-provider/ack-rrsa-c0ffee',
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: token,
  };
}

for (const overlay of OVERLAYS) {
  describe(`overlay ${overlay}`, () => {
    test('every object validates against the Kubernetes schema of its kind', async () => {
      assert.ok(objects(overlay).length >= 8, 'rendered the whole overlay');
      for (const object of objects(overlay)) await validateAgainstSchema(object);
    });

    test('everything lives in the gpubot namespace, labelled for RRSA injection, with the annotated ServiceAccount', () => {
      for (const object of objects(overlay)) {
        if (object.kind !== 'Namespace')
          assert.equal(object.metadata.namespace, 'gpubot', `${object.kind} ${object.metadata.name}`);
      }
      assert.equal(find(overlay, 'Namespace', 'gpubot').metadata.labels?.['pod-identity.alibabacloud.com/injection'], 'on');
      const account = find(overlay, 'ServiceAccount', 'gpubot');
      assert.ok(account.metadata.annotations?.['pod-identity.alibabacloud.com/role-name'], 'RRSA role name annotation');
    });

    test('no Secret is inlined and no secret setting has a value: only files of the mounted Secret', () => {
      assert.deepEqual(
        objects(overlay).filter((o) => o.kind === 'Secret'),
        [],
      );
      for (const map of objects(overlay).filter((o) => o.kind === 'ConfigMap')) {
        const data = (map as K8sObject & { data: Record<string, string> }).data;
        for (const name of SECRET_SETTINGS) assert.equal(data[name], undefined, `${map.metadata.name} holds ${name}`);
      }
      for (const workload of objects(overlay).filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
        for (const container of (workload as Workload).spec.template.spec.containers) {
          for (const variable of container.env ?? []) {
            if (SECRET_SETTINGS.includes(variable.name) || /PASSWORD|TOKEN|SECRET/.test(variable.name)) {
              assert.ok(variable.valueFrom?.secretKeyRef, `${workload.metadata.name}: ${variable.name} must come from a Secret`);
            }
          }
        }
      }
    });

    test('bot and worker: separate Deployments, non-root, read-only, bounded, probed on /healthz and /readyz', () => {
      const bot = find<Workload>(overlay, 'Deployment', 'gpubot-bot');
      const worker = find<Workload>(overlay, 'Deployment', 'gpubot-worker');
      for (const workload of [bot, worker]) {
        const pod = workload.spec.template.spec;
        assert.equal(pod.securityContext?.runAsNonRoot, true);
        assert.ok((pod.securityContext?.runAsUser ?? 0) > 0);
        assert.equal(pod.serviceAccountName, 'gpubot');
        const [container] = pod.containers;
        assert.ok(container);
        assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
        assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
        assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL']);
        assert.ok(container.resources?.requests?.cpu && container.resources.requests.memory, 'requests');
        assert.ok(container.resources?.limits?.cpu && container.resources.limits.memory, 'limits');
        assert.deepEqual(container.livenessProbe?.httpGet, { path: '/healthz', port: 'metrics' });
        assert.deepEqual(container.readinessProbe?.httpGet, { path: '/readyz', port: 'metrics' });
        assert.equal(container.ports?.find((p) => p.name === 'metrics')?.containerPort, 9464);
      }
      assert.ok(bot.spec.replicas && worker.spec.replicas, 'each role scales on its own');
      assert.notDeepEqual(bot.spec.template.metadata.labels, worker.spec.template.metadata.labels);
      for (const name of ['gpubot-bot', 'gpubot-worker']) assert.ok(find(overlay, 'PodDisruptionBudget', name));
      assert.ok(find(overlay, 'NetworkPolicy', 'gpubot'));
    });

    test("each Deployment's environment is accepted by the configuration loader", () => {
      for (const [name, role] of [
        ['gpubot-bot', 'bot'],
        ['gpubot-worker', 'worker'],
      ] as const) {
        const pod = find<Workload>(overlay, 'Deployment', name).spec.template.spec;
        const container = pod.containers[0] as Container;
        const config = loadConfig(containerEnvironment(overlay, pod, container));
        assert.equal(config.role, role);
        assert.equal(config.metricsHost, '0.0.0.0', 'probes and Prometheus reach the pod');
        assert.equal(config.metricsPort, 9464);
        assert.equal(config.cloud.mode, 'alibaba');
        assert.equal(config.cloud.credentials?.source, 'oidc-role-arn', 'RRSA, no AccessKey');
        assert.equal(config.redis?.mode, 'single');
        assert.equal(config.secretKey, SECRET_VALUES['secret-key']);
        if (role === 'bot') assert.equal(config.chat, overlay === 'dingtalk' ? 'dingtalk' : 'slack');
      }
    });
  });
}

describe('the bundled Redis', () => {
  for (const overlay of ['slack-http', 'slack-socket-mode', 'dingtalk'] as const) {
    test(`${overlay}: a StatefulSet with AOF, noeviction, a password from the Secret and a volume`, () => {
      const redis = find<Workload & { spec: { volumeClaimTemplates: unknown[] } }>(overlay, 'StatefulSet', 'gpubot-redis');
      const conf = configMapData(overlay, 'gpubot-redis')['redis.conf'] ?? '';
      assert.match(conf, /^appendonly yes$/m);
      assert.match(conf, /^maxmemory-policy noeviction$/m);
      const container = redis.spec.template.spec.containers[0] as Container;
      assert.deepEqual(container.args, ['/etc/redis/redis.conf', '--requirepass', '$(REDIS_PASSWORD)']);
      assert.deepEqual(container.env?.[0]?.valueFrom?.secretKeyRef, { name: 'gpubot-secrets', key: 'redis-password' });
      assert.equal(redis.spec.template.spec.securityContext?.runAsNonRoot, true);
      assert.equal(redis.spec.volumeClaimTemplates.length, 1);
      assert.match(SECRET_VALUES['redis-url'] ?? '', /@gpubot-redis:6379\//, 'the Service name the bot and worker use');
      assert.ok(find(overlay, 'Service', 'gpubot-redis'));
      assert.ok(find(overlay, 'NetworkPolicy', 'gpubot-redis'));
    });
  }

  test('external-redis ships no Redis and lets gpubot reach an outside one', () => {
    assert.equal(
      objects('external-redis').some((o) => o.metadata.name === 'gpubot-redis'),
      false,
    );
    assert.ok(find('external-redis', 'NetworkPolicy', 'gpubot-external-redis'));
  });
});

test('slack-http: Service and Ingress route /slack/events to the bot’s http port', () => {
  const service = find<K8sObject & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] } }>(
    'slack-http',
    'Service',
    'gpubot-slack',
  );
  assert.deepEqual(service.spec.selector, { 'app.kubernetes.io/name': 'gpubot', 'app.kubernetes.io/component': 'bot' });
  assert.equal(service.spec.ports[0]?.targetPort, 'http');
  const bot = find<Workload>('slack-http', 'Deployment', 'gpubot-bot').spec.template.spec.containers[0] as Container;
  assert.equal(bot.ports?.find((p) => p.name === 'http')?.containerPort, Number(configMapData('slack-http', 'gpubot-chat').PORT));
  const ingress = find<K8sObject & { spec: { rules: { http: { paths: { path: string; backend: unknown }[] } }[] } }>(
    'slack-http',
    'Ingress',
    'gpubot-slack',
  );
  assert.deepEqual(ingress.spec.rules[0]?.http.paths[0], {
    path: '/slack/events',
    pathType: 'Exact',
    backend: { service: { name: 'gpubot-slack', port: { name: 'http' } } },
  });
  for (const overlay of ['slack-socket-mode', 'dingtalk'] as const) {
    assert.equal(
      objects(overlay).some((o) => o.kind === 'Ingress'),
      false,
      `${overlay} needs no public URL`,
    );
  }
});
