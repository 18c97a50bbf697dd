import type { NotebookStart } from '../../commands/types.js';
import { checkImageRegistry } from '../../commands/check-image-registry.js';
import { GpubotError, UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import type { KubeNotebooks, NotebookSpec } from '../../kube/port.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import type { JobContext } from '../job-context.js';
import type { ProgressTracker } from '../progress-tracker.js';
import { fingerprintOf } from './generate-certificate.js';
import { checkNotebookGpus } from './gpu-check.js';
import type { ClusterAccess } from './notebook-clusters.js';
import { credentialsFor } from './notebook-credentials.js';
import { notebookNameFor } from './notebook-name.js';
import { exposureFor } from './notebook-exposure.js';
import { readyMessages } from './notebook-ready-messages.js';
import { notebookSettings } from './notebook-settings.js';
import { notebookUrl } from './notebook-url.js';
import { publishStep } from './publish-step.js';
import { resolveStartTarget } from './resolve-start-target.js';
import { sizeNotebook } from './size-notebook.js';
import { isWorkerStopping } from '../worker-stopping.js';
import { waitForNotebook } from './wait-for-notebook.js';

function commandOf(request: ChatRequest): NotebookStart {
  if (request.command.kind !== 'notebook.start') throw new Error(`start-notebook got ${request.command.kind}`);
  return request.command;
}

/** Refuses, before anything is created, what cannot work (too many GPUs); sizes CPU and memory from the node types. */
async function checkNodes(access: ClusterAccess, gpus: number) {
  const nodes = await access.kube.listNodes();
  const largest = Math.max(0, ...nodes.filter((node) => node.isWorker && node.ready).map((node) => node.allocatableGpus));
  if (gpus > largest) {
    throw new UserFacingError(
      'notebook.too_many_gpus',
      text('notebook.error.tooManyGpus', { gpus, largest, cluster: access.cluster.name }),
    );
  }
  return { largest, resources: sizeNotebook(nodes, gpus, access.cluster.name) };
}

/**
 * Removes what a failed start created, unless another request owns it (a name taken in a race).
 * A restarted notebook's disk is kept: it holds the owner's work from before.
 */
async function removeOwn(notebooks: KubeNotebooks, spec: NotebookSpec, keepDisk: boolean): Promise<void> {
  const current = await notebooks.find(spec.namespace, spec.name);
  if (current && !current.stopped && current.requestId !== spec.requestId) return;
  await notebooks.remove(spec.namespace, spec.name);
  if (!keepDisk) await notebooks.removeStorage(spec.namespace, spec.name);
}

const terminal = (context: JobContext, error: unknown) =>
  !(error instanceof GpubotError && error.retryable) || (context.finalAttempt && !isWorkerStopping(error));

export const startNotebook: CommandJob = {
  title: (request) => text('notebook.title.start', { name: notebookNameFor(commandOf(request), request.requestId) }),
  steps: [
    { id: 'cluster', label: text('notebook.step.cluster') },
    { id: 'create', label: text('notebook.step.create') },
    { id: 'schedule', label: text('notebook.step.schedule') },
    { id: 'pull', label: text('notebook.step.pull') },
    { id: 'ready', label: text('notebook.step.ready') },
    { id: 'address', label: text('notebook.step.address') },
    { id: 'gpu', label: text('notebook.step.gpu') },
  ],
  async run(context, deps, progress: ProgressTracker) {
    const { request } = context;
    const command = commandOf(request);
    const settings = notebookSettings(deps);
    const name = notebookNameFor(command, request.requestId);
    const image = command.image ?? settings.image;
    const namespace = settings.namespace;
    // The bot checked the registry; the job checks again, against this worker's configuration.
    if (checkImageRegistry(image, settings.registries)) {
      throw new UserFacingError('notebook.image_registry', text('notebook.error.imageRegistry', { image }));
    }

    await publishStep(progress, 'cluster', 'running');
    const target = await resolveStartTarget(context, deps, command, name);
    const { cluster } = target;
    const { largest, resources } = await checkNodes(target, command.gpus);
    const exposure = await exposureFor(deps, cluster, settings);
    if (!context.checkpoint.clusterId) await context.save({ regionId: cluster.regionId, clusterId: cluster.clusterId });
    await publishStep(
      progress,
      'cluster',
      'done',
      text('notebook.cluster.chosen', { cluster: cluster.name, largest, gpus: command.gpus }),
    );

    await publishStep(progress, 'create', 'running');
    const notebooks = target.kube.notebooks;
    // TLS in Jupyter with its own certificate, unless it ends at the load balancer or the operator chose HTTP.
    const tls = !settings.allowHttp && !settings.tlsCertificateId;
    const secure = tls || Boolean(settings.tlsCertificateId);
    const spec: NotebookSpec = {
      name,
      namespace,
      image,
      gpus: command.gpus,
      owner: target.owner,
      requestId: request.requestId,
      exposure,
      resources,
      storage: { size: settings.storage.size, storageClass: settings.storage.storageClass },
      tls,
      ...(settings.tlsCertificateId
        ? { loadBalancerTls: { certificateId: settings.tlsCertificateId, regionId: cluster.regionId } }
        : {}),
    };
    let applied = false;
    try {
      await notebooks.ensureNamespace(namespace);
      const credentials = await credentialsFor(
        notebooks,
        { namespace, name, requestId: request.requestId, tls },
        new Date(deps.now()),
      );
      await notebooks.apply(spec, credentials);
      applied = true;
      if (!context.checkpoint.createdAt) await context.save({ createdAt: deps.now() });
      await publishStep(progress, 'create', 'done', text('notebook.create.done', { namespace, name }));

      const serving = await waitForNotebook(deps, progress, notebooks, {
        namespace,
        name,
        image,
        deadline: (context.checkpoint.createdAt ?? deps.now()) + settings.timeoutMs,
        seconds: Math.round(settings.timeoutMs / 1000),
        addressType: settings.lbAddressType,
        loadBalancer: settings.loadBalancer,
      });
      await publishStep(progress, 'gpu', 'running');
      const gpu = await checkNotebookGpus(notebooks, namespace, serving.pod);
      await publishStep(progress, 'gpu', 'done', gpu.summary);

      const network = await target.kube.networkPolicySupport();
      const facts = {
        ...(network.plugin !== 'unknown' && !network.enforced ? { unfenced: network.plugin } : {}),
        name,
        cluster: cluster.name,
        url: notebookUrl(serving.address, serving.port, secure),
        gpus: command.gpus,
        image,
        owner: request.requester.displayName ?? request.requester.userId,
        password: credentials.password,
        ...(credentials.tls ? { fingerprint: fingerprintOf(credentials.tls.certificatePem) } : {}),
        reattached: target.reattach,
      };
      return { ...readyMessages(facts, gpu, settings), secret: true };
    } catch (error) {
      if (error instanceof GpubotError && error.code === 'kube.name_taken') {
        throw new UserFacingError(
          'notebook.name_taken',
          text('notebook.error.nameTaken', { name, cluster: cluster.name, mine: false, stopped: false, owner: '?' }),
        );
      }
      if (!terminal(context, error)) throw error;
      // A start that will not be retried removes what it created, so nothing idle holds a GPU or a load balancer.
      const cleaned = await removeOwn(notebooks, spec, target.reattach).then(
        () => true,
        (cleanup: unknown) => {
          context.log.warn({ code: (cleanup as { code?: unknown }).code }, 'could not remove a failed notebook');
          return false;
        },
      );
      if (error instanceof UserFacingError && error.userMessage && error.code === 'notebook.timeout') {
        throw new UserFacingError(
          error.code,
          text(error.userMessage.key, { ...error.userMessage.params, cleaned, keptDisk: target.reattach }),
        );
      }
      if (applied || cleaned) context.log.info({ name, cleaned }, 'failed notebook start cleaned up');
      throw error;
    }
  },
};
