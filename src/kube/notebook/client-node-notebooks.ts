import {
  AppsV1Api,
  CoreV1Api,
  Exec,
  type KubeConfig,
  type V1Deployment,
  type V1ObjectMeta,
  type V1Pod,
  type V1Service,
} from '@kubernetes/client-node';
import { GpubotError } from '../../errors.js';
import { buildNotebookObjects } from './build-notebook-objects.js';
import { execInPod } from './exec-in-pod.js';
import { call, callOrMissing, mapKubeError, statusOf } from './map-kube-error.js';
import {
  ALL_NOTEBOOKS,
  ANNOTATION_OWNER,
  ANNOTATION_REQUEST,
  LABEL_NOTEBOOK,
  NOTEBOOK_CONTAINER,
  notebookSelector,
  PASSWORD_KEY,
} from './notebook-labels.js';
import { describePod } from './describe-pod.js';
import { describeServiceWarnings } from './describe-service-warnings.js';
import type { KubeNotebooks, NotebookInfo, NotebookObservation, NotebookSpec } from './types.js';

const GPU = 'nvidia.com/gpu';
const BACKGROUND = { propagationPolicy: 'Background' };

function addressOf(service: V1Service | undefined): string | undefined {
  const ingress = service?.status?.loadBalancer?.ingress?.[0];
  return ingress?.ip || ingress?.hostname || undefined;
}

function infoFrom(
  name: string,
  namespace: string,
  meta: V1ObjectMeta | undefined,
  parts: {
    deployment?: V1Deployment;
    service?: V1Service;
    pod?: V1Pod;
  },
): NotebookInfo {
  const container = parts.deployment?.spec?.template.spec?.containers.find((c) => c.name === NOTEBOOK_CONTAINER);
  const annotations = meta?.annotations ?? {};
  const gpus = Number.parseInt(String(container?.resources?.limits?.[GPU] ?? '0'), 10);
  const address = addressOf(parts.service);
  const owner = annotations[ANNOTATION_OWNER];
  const requestId = annotations[ANNOTATION_REQUEST];
  const createdAt = meta?.creationTimestamp;
  const podState = parts.pod ? (describePod(parts.pod, []).waiting?.reason ?? parts.pod.status?.phase) : undefined;
  return {
    name,
    namespace,
    gpus: Number.isFinite(gpus) ? gpus : 0,
    ready: (parts.deployment?.status?.readyReplicas ?? 0) > 0,
    ...(owner ? { owner } : {}),
    ...(requestId ? { requestId } : {}),
    ...(container?.image ? { image: container.image } : {}),
    ...(createdAt ? { createdAt: new Date(createdAt).toISOString() } : {}),
    ...(address ? { address } : {}),
    ...(podState ? { podState } : {}),
  };
}

/** The notebook operations over @kubernetes/client-node 1.4 (object-style API). */
export class ClientNodeNotebooks implements KubeNotebooks {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly exec_: Exec;

  constructor(config: KubeConfig) {
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.exec_ = new Exec(config);
  }

  async ensureNamespace(namespace: string): Promise<void> {
    const existing = await callOrMissing('read namespace', () => this.core.readNamespace({ name: namespace }));
    if (existing) return;
    try {
      await this.core.createNamespace({
        body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'gpubot' } } },
      });
    } catch (error) {
      if (statusOf(error) !== 409) throw mapKubeError('create namespace', error);
    }
  }

  async find(namespace: string, name: string): Promise<NotebookInfo | undefined> {
    const [deployment, service, secret] = await Promise.all([
      callOrMissing('read deployment', () => this.apps.readNamespacedDeployment({ name, namespace })),
      callOrMissing('read service', () => this.core.readNamespacedService({ name, namespace })),
      // Only the metadata of the Secret is used here; its data is dropped at once.
      callOrMissing('read secret', async () => (await this.core.readNamespacedSecret({ name, namespace })).metadata),
    ]);
    const meta = deployment?.metadata ?? service?.metadata ?? secret;
    if (!meta) return undefined;
    return infoFrom(name, namespace, meta, { ...(deployment ? { deployment } : {}), ...(service ? { service } : {}) });
  }

  async list(namespace: string): Promise<NotebookInfo[]> {
    const [deployments, services, pods] = await Promise.all([
      callOrMissing('list deployments', () => this.apps.listNamespacedDeployment({ namespace, labelSelector: ALL_NOTEBOOKS })),
      callOrMissing('list services', () => this.core.listNamespacedService({ namespace, labelSelector: ALL_NOTEBOOKS })),
      callOrMissing('list pods', () => this.core.listNamespacedPod({ namespace, labelSelector: ALL_NOTEBOOKS })),
    ]);
    const nameOf = (meta: V1ObjectMeta | undefined) => meta?.labels?.[LABEL_NOTEBOOK] ?? '';
    return (deployments?.items ?? []).map((deployment) => {
      const name = nameOf(deployment.metadata);
      const service = services?.items.find((s) => nameOf(s.metadata) === name);
      const pod = pods?.items.find((p) => nameOf(p.metadata) === name && !p.metadata?.deletionTimestamp);
      return infoFrom(name, namespace, deployment.metadata, {
        deployment,
        ...(service ? { service } : {}),
        ...(pod ? { pod } : {}),
      });
    });
  }

  async readPassword(namespace: string, name: string): Promise<{ password: string; requestId?: string } | undefined> {
    const secret = await callOrMissing('read secret', () => this.core.readNamespacedSecret({ name, namespace }));
    const encoded = secret?.data?.[PASSWORD_KEY];
    if (!secret || !encoded) return undefined;
    const requestId = secret.metadata?.annotations?.[ANNOTATION_REQUEST];
    return { password: Buffer.from(encoded, 'base64').toString('utf8'), ...(requestId ? { requestId } : {}) };
  }

  async apply(spec: NotebookSpec, password: string): Promise<void> {
    const { secret, deployment, service } = buildNotebookObjects(spec, password);
    const { name, namespace } = spec;
    // Secret first: the pod's secretKeyRef must resolve when the kubelet starts the container.
    await this.upsert(
      'secret',
      spec,
      () => this.core.readNamespacedSecret({ name, namespace }),
      () => this.core.createNamespacedSecret({ namespace, body: secret }),
      (resourceVersion) =>
        this.core.replaceNamespacedSecret({
          name,
          namespace,
          body: { ...secret, metadata: { ...secret.metadata, resourceVersion } },
        }),
    );
    await this.upsert(
      'deployment',
      spec,
      () => this.apps.readNamespacedDeployment({ name, namespace }),
      () => this.apps.createNamespacedDeployment({ namespace, body: deployment }),
      (resourceVersion) =>
        this.apps.replaceNamespacedDeployment({
          name,
          namespace,
          body: { ...deployment, metadata: { ...deployment.metadata, resourceVersion } },
        }),
    );
    await this.upsert(
      'service',
      spec,
      () => this.core.readNamespacedService({ name, namespace }),
      () => this.core.createNamespacedService({ namespace, body: service }),
      (resourceVersion, current) =>
        this.core.replaceNamespacedService({
          name,
          namespace,
          // The allocated cluster IP and node ports are kept, as the apiserver requires on update.
          body: {
            ...service,
            metadata: { ...service.metadata, resourceVersion },
            spec: { ...service.spec, clusterIP: current.spec?.clusterIP },
          },
        }),
    );
  }

  /** Create, or replace what this same request created; anything else holding the name is a conflict. */
  private async upsert<T extends { metadata?: V1ObjectMeta }>(
    kind: string,
    spec: NotebookSpec,
    read: () => Promise<T>,
    create: () => Promise<unknown>,
    replace: (resourceVersion: string | undefined, current: T) => Promise<unknown>,
  ): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await callOrMissing(`read ${kind}`, read);
      if (!current) {
        try {
          await create();
          return;
        } catch (error) {
          if (statusOf(error) === 409) continue; // created meanwhile: look again
          throw mapKubeError(`create ${kind}`, error);
        }
      } else {
        if (current.metadata?.annotations?.[ANNOTATION_REQUEST] !== spec.requestId) {
          throw new GpubotError('kube.name_taken', `${kind} ${spec.namespace}/${spec.name} belongs to another request`);
        }
        try {
          await replace(current.metadata?.resourceVersion, current);
          return;
        } catch (error) {
          if (statusOf(error) === 409) continue; // changed meanwhile: read the new version
          throw mapKubeError(`replace ${kind}`, error);
        }
      }
    }
    throw new GpubotError('kube.conflict', `${kind} ${spec.namespace}/${spec.name} kept changing while it was applied`, {
      retryable: true,
    });
  }

  async observe(namespace: string, name: string): Promise<NotebookObservation> {
    const [pods, service] = await Promise.all([
      call('list pods', () => this.core.listNamespacedPod({ namespace, labelSelector: notebookSelector(name) })),
      callOrMissing('read service', () => this.core.readNamespacedService({ name, namespace })),
    ]);
    const pod = pods.items.find((p) => !p.metadata?.deletionTimestamp);
    const address = addressOf(service);
    // Without an address, the cloud controller's Warning events on the Service say why.
    const serviceWarnings = service && !address ? await this.serviceWarnings(namespace, service) : [];
    const extra = { ...(address ? { address } : {}), ...(serviceWarnings.length > 0 ? { serviceWarnings } : {}) };
    if (!pod?.metadata?.name) return extra;
    const podName = pod.metadata.name;
    const events = await call('list events', () =>
      this.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${podName}` }),
    );
    return { pod: describePod(pod, events.items), ...extra };
  }

  private async serviceWarnings(namespace: string, service: V1Service): Promise<string[]> {
    const name = service.metadata?.name ?? '';
    const events = await call('list events', () =>
      this.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Service,involvedObject.name=${name}` }),
    );
    return describeServiceWarnings(events.items, service.metadata?.uid);
  }

  async remove(namespace: string, name: string): Promise<void> {
    await callOrMissing('delete deployment', () => this.apps.deleteNamespacedDeployment({ name, namespace, body: BACKGROUND }));
    await callOrMissing('delete service', () => this.core.deleteNamespacedService({ name, namespace }));
    await callOrMissing('delete secret', () => this.core.deleteNamespacedSecret({ name, namespace }));
  }

  async countPods(namespace: string, name: string): Promise<number> {
    const pods = await callOrMissing('list pods', () =>
      this.core.listNamespacedPod({ namespace, labelSelector: notebookSelector(name) }),
    );
    return pods?.items.length ?? 0;
  }

  exec(namespace: string, pod: string, container: string, command: readonly string[], timeoutMs: number) {
    return execInPod(this.exec_, { namespace, pod, container }, command, timeoutMs);
  }
}
