import { checkImageRegistry } from '../../commands/check-image-registry.js';
import type { NotebookStart } from '../../commands/types.js';
import { GpubotError, UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import type { KubeNotebooks, NotebookCredentials } from '../../kube/port.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob, Outcome } from '../command-job.js';
import { endsForGood, type JobContext } from '../job-context.js';
import type { ProgressTracker } from '../progress-tracker.js';
import type { Wait } from '../wait.js';
import { checkNotebook } from './check-notebook.js';
import { cleanUpNotebook } from './clean-up-notebook.js';
import { fingerprintOf } from './generate-certificate.js';
import { releaseGpus } from './hold-gpus.js';
import { checkNotebookGpus, GPU_CHECK_TRIES } from './gpu-check.js';
import type { NotebookDeps } from './notebook-deps.js';
import { notebookNameFor } from './notebook-name.js';
import { readyMessages } from './notebook-ready-messages.js';
import { notebookUrl } from './notebook-url.js';
import { applyNotebook, placeNotebook, reconnect, type PlacedNotebook } from './place-notebook.js';
import { publishStep } from './publish-step.js';

function commandOf(request: ChatRequest): NotebookStart {
  if (request.command.kind !== 'notebook.start') throw new Error(`start-notebook got ${request.command.kind}`);
  return request.command;
}

interface NotebookIds {
  readonly namespace: string;
  readonly name: string;
  readonly requestId: string;
}

/**
 * Removes what a failed start created, unless another request owns it (a name taken in a race).
 * A restarted notebook's disk is kept: it holds the owner's work from before.
 */
async function removeOwn(notebooks: KubeNotebooks, ids: NotebookIds, keepDisk: boolean): Promise<void> {
  const current = await notebooks.find(ids.namespace, ids.name);
  if (current && !current.stopped && current.requestId !== ids.requestId) return;
  await notebooks.remove(ids.namespace, ids.name);
  if (!keepDisk) await notebooks.removeStorage(ids.namespace, ids.name);
}

/** The credentials this request wrote into the notebook's Secret: what its owner is told. */
async function storedCredentials(notebooks: KubeNotebooks, ids: NotebookIds): Promise<NotebookCredentials> {
  const stored = await notebooks.readCredentials(ids.namespace, ids.name);
  if (!stored || stored.requestId !== ids.requestId) {
    throw new GpubotError('notebook.credentials_changed', `the Secret of ${ids.name} is not the one this request wrote`);
  }
  return { password: stored.password, ...(stored.tls ? { tls: stored.tls } : {}) };
}

/** One run of a start: place it (first run), then look once; the closing messages once it serves. */
async function startOrLook(deps: NotebookDeps, context: JobContext, progress: ProgressTracker): Promise<Outcome | Wait> {
  const { request } = context;
  const command = commandOf(request);
  const settings = deps.notebook;
  const name = notebookNameFor(command, request.requestId);
  const image = command.image ?? settings.image;
  // The bot checked the registry; the job checks again, against this worker's configuration.
  if (checkImageRegistry(image, settings.registries)) {
    throw new UserFacingError('notebook.image_registry', text('notebook.error.imageRegistry', { image }));
  }
  const ids = { namespace: settings.namespace, name, requestId: request.requestId };
  const placement = (await reconnect(context, deps)) ?? (await placeNotebook(context, deps, progress, { command, name, image }));
  const target: PlacedNotebook = 'target' in placement ? placement.target : placement;
  const notebooks = target.kube.notebooks;
  try {
    if ('spec' in placement) await applyNotebook(context, deps, progress, placement);
    const look = await checkNotebook(
      progress,
      notebooks,
      {
        namespace: settings.namespace,
        name,
        image,
        seconds: Math.round(settings.timeoutMs / 1000),
        addressType: settings.lbAddressType,
        loadBalancer: settings.loadBalancer,
      },
      context.elapsed('notebook') > settings.timeoutMs,
      deps.pollIntervalMs,
    );
    // Looks cost the cloud nothing: once per poll interval, so a ready notebook is seen within one.
    if (!('pod' in look)) return context.pollAgain(look.observed, { afterMs: deps.pollIntervalMs });
    await publishStep(progress, 'gpu', 'running');
    const gpu = await checkNotebookGpus(notebooks, settings.namespace, look.pod);
    // The API server failing for a moment is tried again a few polls on, before the check is reported failed.
    if (gpu.retry && (context.checkpoint.tries?.['gpu-check'] ?? 0) < GPU_CHECK_TRIES - 1) {
      return context.retryLater('gpu-check', gpu.retry);
    }
    await publishStep(progress, 'gpu', 'done', gpu.summary);
    const credentials = await storedCredentials(notebooks, ids);
    // The network plugin changes with the cluster, not per notebook: read once per 6 polls (a minute at 10 s).
    const network = await deps.cache.get(`network-policy:${target.cluster.clusterId}`, 6 * deps.pollIntervalMs, () =>
      target.kube.networkPolicySupport(),
    );
    const facts = {
      ...(network.plugin !== 'unknown' && !network.enforced ? { unfenced: network.plugin } : {}),
      name,
      cluster: target.cluster.name,
      // HTTPS in Jupyter, or ended at the load balancer with the operator's certificate.
      url: notebookUrl(look.address, look.port, !settings.allowHttp || Boolean(settings.tlsCertificateId)),
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
        text('notebook.error.nameTaken', { name, cluster: target.cluster.name, mine: false, stopped: false, owner: '?' }),
      );
    }
    if (!endsForGood(context, error)) throw error;
    // A start that will not be retried removes what it created, so nothing idle holds a GPU or a load balancer.
    const cleaned = await removeOwn(notebooks, ids, target.reattach).then(
      async () => {
        await context.save({ cleanedUp: true });
        return true;
      },
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
    context.log.info({ name, cleaned }, 'failed notebook start cleaned up');
    throw error;
  }
}

/**
 * `/notebook start`: places the notebook (first run), then looks once per run until it serves
 * (scheduling, image pull, readiness, load balancer address), checks its GPU and hands over the
 * URL, and privately the password. A start that fails for good removes what it created.
 */
export const startNotebook = (deps: NotebookDeps): CommandJob => ({
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
  // What its own removal could not remove (or never got to: its workers died) is removed by a clean-up.
  cleanUp: (request, checkpoint) =>
    cleanUpNotebook(request, checkpoint, notebookNameFor(commandOf(request), request.requestId), deps.now()),
  async run(context, progress) {
    try {
      return await startOrLook(deps, context, progress);
    } catch (error) {
      // A start that ends for good gives back the GPUs it held, and the name it claimed.
      if (endsForGood(context, error)) {
        await releaseGpus(deps, context.request.requestId);
        const name = notebookNameFor(commandOf(context.request), context.request.requestId);
        await deps.names.forget(name, { requestId: context.request.requestId });
      }
      throw error;
    }
  },
});
