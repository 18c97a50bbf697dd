import { AppsV1Api, CoreV1Api, Exec, NetworkingV1Api, type KubeConfig, type V1ObjectMeta } from '@kubernetes/client-node';
import { GpubotError } from '../../errors.js';
import { buildNotebookObjects } from './build-notebook-objects.js';
import { execInPod } from './exec-in-pod.js';
import { call, callOrMissing, mapKubeError, statusOf } from './map-kube-error.js';
import { infoFrom } from './notebook-info.js';
import { listAllPages } from './list-all-pages.js';
import { eventFieldSelector, observeNotebook, snapshotReads, type NotebookReads } from './observe-notebook.js';
import {
  ALL_NOTEBOOKS,
  ANNOTATION_OWNER,
  ANNOTATION_REQUEST,
  LABEL_NOTEBOOK,
  NOTEBOOK_CONTAINER,
  notebookSelector,
  PASSWORD_KEY,
  TLS_CERT_KEY,
  TLS_KEY_KEY,
} from './notebook-labels.js';
import { readApiServerAddresses } from './read-api-server-addresses.js';
import { SharedReads } from './shared-reads.js';
import { parseJupyterActivity, READ_ACTIVITY_COMMAND } from './read-jupyter-activity.js';
import { upsertObject } from './upsert-object.js';
import type {
  KubeNotebooks,
  NotebookActivity,
  NotebookCredentials,
  NotebookInfo,
  NotebookObservation,
  NotebookSpec,
} from './types.js';

const BACKGROUND = { propagationPolicy: 'Background' };
const API_SERVER_TTL_MS = 60_000;
/** Pods in the notebooks' namespace must meet the "restricted" Pod Security profile. */
const POD_SECURITY = { 'pod-security.kubernetes.io/enforce': 'restricted' };

const decode = (value: string | undefined) => (value ? Buffer.from(value, 'base64').toString('utf8') : undefined);

/** The notebook operations over @kubernetes/client-node 1.4 (object-style API). */
export class ClientNodeNotebooks implements KubeNotebooks {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly networking: NetworkingV1Api;
  private readonly exec_: Exec;
  /** Per namespace, the latest read that shared looks answer from. */
  private readonly snapshots = new SharedReads((namespace) => this.readNamespace(namespace));
  /** The API server's addresses change only with its control plane: read once a minute, not per notebook. */
  private readonly apiServer = new SharedReads(() => readApiServerAddresses(this.core, this.config));

  constructor(private readonly config: KubeConfig) {
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.networking = config.makeApiClient(NetworkingV1Api);
    this.exec_ = new Exec(config);
  }

  async ensureNamespace(namespace: string): Promise<void> {
    const existing = await callOrMissing('read namespace', () => this.core.readNamespace({ name: namespace }));
    const labels = { 'app.kubernetes.io/managed-by': 'gpubot', ...POD_SECURITY };
    if (existing) {
      if (Object.entries(POD_SECURITY).every(([key, value]) => existing.metadata?.labels?.[key] === value)) return;
      // A namespace from an earlier gpubot: add the Pod Security label, keep everything else.
      await call('label namespace', () =>
        this.core.replaceNamespace({
          name: namespace,
          body: { ...existing, metadata: { ...existing.metadata, labels: { ...existing.metadata?.labels, ...labels } } },
        }),
      );
      return;
    }
    try {
      await this.core.createNamespace({ body: { metadata: { name: namespace, labels } } });
    } catch (error) {
      if (statusOf(error) !== 409) throw mapKubeError('create namespace', error);
    }
  }

  async find(namespace: string, name: string): Promise<NotebookInfo | undefined> {
    const [deployment, service, secret, claim] = await Promise.all([
      callOrMissing('read deployment', () => this.apps.readNamespacedDeployment({ name, namespace })),
      callOrMissing('read service', () => this.core.readNamespacedService({ name, namespace })),
      // Only the metadata of the Secret is used here; its data is dropped at once.
      callOrMissing('read secret', async () => (await this.core.readNamespacedSecret({ name, namespace })).metadata),
      callOrMissing('read claim', () => this.core.readNamespacedPersistentVolumeClaim({ name, namespace })),
    ]);
    const meta = deployment?.metadata ?? service?.metadata ?? secret ?? claim?.metadata;
    if (!meta) return undefined;
    return infoFrom(name, namespace, meta, {
      ...(deployment ? { deployment } : {}),
      ...(service ? { service } : {}),
      ...(claim ? { claim } : {}),
    });
  }

  async list(namespace: string): Promise<NotebookInfo[]> {
    const selector = { namespace, labelSelector: ALL_NOTEBOOKS };
    const [deployments, services, pods, claims] = await Promise.all([
      callOrMissing('list deployments', () => this.apps.listNamespacedDeployment(selector)),
      callOrMissing('list services', () => this.core.listNamespacedService(selector)),
      callOrMissing('list pods', () => this.core.listNamespacedPod(selector)),
      callOrMissing('list claims', () => this.core.listNamespacedPersistentVolumeClaim(selector)),
    ]);
    const nameOf = (meta: V1ObjectMeta | undefined) => meta?.labels?.[LABEL_NOTEBOOK] ?? '';
    const running = (deployments?.items ?? []).map((deployment) => {
      const name = nameOf(deployment.metadata);
      const service = services?.items.find((s) => nameOf(s.metadata) === name);
      const pod = pods?.items.find((p) => nameOf(p.metadata) === name && !p.metadata?.deletionTimestamp);
      const claim = claims?.items.find((c) => nameOf(c.metadata) === name);
      return infoFrom(name, namespace, deployment.metadata, {
        deployment,
        ...(service ? { service } : {}),
        ...(pod ? { pod } : {}),
        ...(claim ? { claim } : {}),
      });
    });
    const names = new Set(running.map((info) => info.name));
    const stopped = (claims?.items ?? [])
      .filter((claim) => !names.has(nameOf(claim.metadata)))
      .map((claim) => infoFrom(nameOf(claim.metadata), namespace, claim.metadata, { claim }));
    return [...running, ...stopped];
  }

  async readCredentials(namespace: string, name: string): Promise<(NotebookCredentials & { requestId?: string }) | undefined> {
    const secret = await callOrMissing('read secret', () => this.core.readNamespacedSecret({ name, namespace }));
    const password = decode(secret?.data?.[PASSWORD_KEY]);
    if (!secret || !password) return undefined;
    const requestId = secret.metadata?.annotations?.[ANNOTATION_REQUEST];
    const certificatePem = decode(secret.data?.[TLS_CERT_KEY]);
    const privateKeyPem = decode(secret.data?.[TLS_KEY_KEY]);
    return {
      password,
      ...(certificatePem && privateKeyPem ? { tls: { certificatePem, privateKeyPem } } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }

  async apply(spec: NotebookSpec, credentials: NotebookCredentials): Promise<void> {
    const apiServer = await this.apiServer.get('', API_SERVER_TTL_MS);
    const { secret, deployment, service, networkPolicy, claim } = buildNotebookObjects(spec, credentials, apiServer);
    const { name, namespace } = spec;
    await this.ensureClaim(spec, () => this.core.createNamespacedPersistentVolumeClaim({ namespace, body: claim }));
    // The policy before the pod, so the pod never runs unfenced; the Secret before the pod, so its secretKeyRef resolves.
    await upsertObject(
      'network policy',
      spec,
      () => this.networking.readNamespacedNetworkPolicy({ name, namespace }),
      () => this.networking.createNamespacedNetworkPolicy({ namespace, body: networkPolicy }),
      (resourceVersion) =>
        this.networking.replaceNamespacedNetworkPolicy({
          name,
          namespace,
          body: { ...networkPolicy, metadata: { ...networkPolicy.metadata, resourceVersion } },
        }),
    );
    await upsertObject(
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
    await upsertObject(
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
    await upsertObject(
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

  /** The disk outlives the notebook: an existing claim of the same owner is reattached, never replaced. */
  private async ensureClaim(spec: NotebookSpec, create: () => Promise<unknown>): Promise<void> {
    const { name, namespace } = spec;
    try {
      await create();
      return;
    } catch (error) {
      if (statusOf(error) !== 409) throw mapKubeError('create claim', error);
    }
    const current = await call('read claim', () => this.core.readNamespacedPersistentVolumeClaim({ name, namespace }));
    if (current.metadata?.annotations?.[ANNOTATION_OWNER] !== spec.owner) {
      throw new GpubotError('kube.name_taken', `claim ${namespace}/${name} belongs to another owner`);
    }
  }

  async observe(namespace: string, name: string): Promise<NotebookObservation> {
    return observeNotebook({
      pods: () =>
        listAllPages('list pods', (page) =>
          this.core.listNamespacedPod({ namespace, labelSelector: notebookSelector(name), ...page }),
        ),
      service: () => callOrMissing('read service', () => this.core.readNamespacedService({ name, namespace })),
      events: (query) =>
        listAllPages('list events', (page) =>
          this.core.listNamespacedEvent({ namespace, fieldSelector: eventFieldSelector(query), ...page }),
        ),
    });
  }

  observeShared(namespace: string, name: string, maxAgeMs: number): Promise<NotebookObservation> {
    return this.snapshots.get(namespace, maxAgeMs).then((reads) => observeNotebook(reads(name)));
  }

  /** One read of the namespace for every shared look: its notebook pods and Services and its Events. */
  private async readNamespace(namespace: string): Promise<(name: string) => NotebookReads> {
    const selector = { namespace, labelSelector: ALL_NOTEBOOKS };
    const [pods, services, events] = await Promise.all([
      listAllPages('list pods', (page) => this.core.listNamespacedPod({ ...selector, ...page })),
      listAllPages('list services', (page) => this.core.listNamespacedService({ ...selector, ...page })),
      listAllPages('list events', (page) => this.core.listNamespacedEvent({ namespace, ...page })),
    ]);
    return snapshotReads({ pods, services, events });
  }

  async remove(namespace: string, name: string): Promise<void> {
    await callOrMissing('delete deployment', () => this.apps.deleteNamespacedDeployment({ name, namespace, body: BACKGROUND }));
    await callOrMissing('delete service', () => this.core.deleteNamespacedService({ name, namespace }));
    await callOrMissing('delete network policy', () => this.networking.deleteNamespacedNetworkPolicy({ name, namespace }));
    await callOrMissing('delete secret', () => this.core.deleteNamespacedSecret({ name, namespace }));
  }

  async removeStorage(namespace: string, name: string): Promise<void> {
    await callOrMissing('delete claim', () => this.core.deleteNamespacedPersistentVolumeClaim({ name, namespace }));
  }

  async hasStorage(namespace: string, name: string): Promise<boolean> {
    return Boolean(await callOrMissing('read claim', () => this.core.readNamespacedPersistentVolumeClaim({ name, namespace })));
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

  async activity(namespace: string, name: string, timeoutMs: number): Promise<NotebookActivity> {
    const { pod } = await this.observe(namespace, name);
    if (!pod?.ready) return { kind: 'not-running' };
    const result = await this.exec(namespace, pod.name, NOTEBOOK_CONTAINER, READ_ACTIVITY_COMMAND, timeoutMs);
    return parseJupyterActivity(result);
  }
}
