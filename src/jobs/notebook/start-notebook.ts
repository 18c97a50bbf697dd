import type { ClusterSummary } from '../../cloud/port.js';
import type { NotebookStart } from '../../commands/types.js';
import { GpubotError, UserFacingError } from '../../errors.js';
import { text, verbatim } from '../../i18n/text.js';
import type { KubeNotebooks, NotebookSpec } from '../../kube/port.js';
import { message } from '../../messages/model.js';
import { ownerOf, type ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import type { JobContext, JobDeps } from '../job-context.js';
import type { ProgressTracker } from '../progress-tracker.js';
import { chooseCluster } from './choose-cluster.js';
import { checkNotebookGpus } from './gpu-check.js';
import { generatePassword } from './generate-password.js';
import { connectCluster, locateNotebook, type ClusterAccess } from './notebook-clusters.js';
import { notebookNameFor } from './notebook-name.js';
import { exposureFor } from './notebook-exposure.js';
import { notebookSettings } from './notebook-settings.js';
import { publishStep } from './publish-step.js';
import { waitForNotebook } from './wait-for-notebook.js';

function commandOf(request: ChatRequest): NotebookStart {
  if (request.command.kind !== 'notebook.start') throw new Error(`start-notebook got ${request.command.kind}`);
  return request.command;
}

/** The cluster of an earlier attempt (checkpointed), or a fresh choice. */
async function pickCluster(context: JobContext, deps: JobDeps, command: NotebookStart): Promise<ClusterSummary> {
  const { clusterId, regionId } = context.checkpoint;
  if (!clusterId || !regionId) return chooseCluster(context, deps, command);
  const cluster = await deps.cloud.describeCluster({ regionId, clusterId });
  if (!cluster || cluster.state !== 'running') {
    throw new UserFacingError(
      'notebook.cluster_gone',
      text('notebook.error.clusterGone', { clusterId, state: cluster?.state ?? 'deleted' }),
    );
  }
  return cluster;
}

/** Refuses, before anything is created, what cannot work: too many GPUs, a name someone else holds. */
async function checkRequest(deps: JobDeps, request: ChatRequest, access: ClusterAccess, name: string): Promise<number> {
  const command = commandOf(request);
  const nodes = await access.kube.listNodes();
  const largest = Math.max(0, ...nodes.filter((node) => node.isWorker && node.ready).map((node) => node.allocatableGpus));
  if (command.gpus > largest) {
    throw new UserFacingError(
      'notebook.too_many_gpus',
      text('notebook.error.tooManyGpus', { gpus: command.gpus, largest, cluster: access.cluster.name }),
    );
  }
  const holder = await locateNotebook(deps, name);
  if (holder && (holder.info.requestId !== request.requestId || holder.cluster.clusterId !== access.cluster.clusterId)) {
    const owner = holder.info.owner ?? '?';
    throw new UserFacingError(
      'notebook.name_taken',
      text('notebook.error.nameTaken', {
        name,
        cluster: holder.cluster.name,
        mine: owner === ownerOf(request.requester),
        owner: owner.replace(/^[a-z]+:/, ''),
      }),
    );
  }
  return largest;
}

/** Removes the notebook's objects unless another request owns them (a name taken in a race). */
async function removeOwn(notebooks: KubeNotebooks, namespace: string, name: string, requestId: string): Promise<void> {
  const current = await notebooks.find(namespace, name);
  if (current && current.requestId !== requestId) return;
  await notebooks.remove(namespace, name);
}

const terminal = (context: JobContext, error: unknown) =>
  !(error instanceof GpubotError && error.retryable) || context.finalAttempt;

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

    await publishStep(progress, 'cluster', 'running');
    const cluster = await pickCluster(context, deps, command);
    const access = await connectCluster(deps, cluster);
    const largest = await checkRequest(deps, request, access, name);
    const exposure = await exposureFor(deps, cluster, settings);
    if (!context.checkpoint.clusterId) await context.save({ regionId: cluster.regionId, clusterId: cluster.clusterId });
    await publishStep(
      progress,
      'cluster',
      'done',
      text('notebook.cluster.chosen', { cluster: cluster.name, largest, gpus: command.gpus }),
    );

    await publishStep(progress, 'create', 'running');
    const notebooks = access.kube.notebooks;
    const spec: NotebookSpec = {
      name,
      namespace,
      image,
      gpus: command.gpus,
      owner: ownerOf(request.requester),
      requestId: request.requestId,
      exposure,
    };
    let applied = false;
    try {
      await notebooks.ensureNamespace(namespace);
      // A rerun keeps the password its first attempt stored; the password is never checkpointed.
      const stored = await notebooks.readPassword(namespace, name);
      const password = stored && stored.requestId === request.requestId ? stored.password : generatePassword();
      await notebooks.apply(spec, password);
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

      const url = `http://${serving.address}`;
      const facts = { name, cluster: cluster.name, url, gpus: command.gpus, image };
      const tone = gpu.gpus >= command.gpus ? 'success' : 'warning';
      return {
        summary: text('notebook.done.summary', facts),
        channel: message(tone, [
          text('notebook.done.channel', { ...facts, owner: request.requester.displayName ?? request.requester.userId }),
          gpu.summary,
        ]),
        private: message(tone, [text('notebook.done.private', facts), gpu.summary], {
          title: text('notebook.done.privateTitle', facts),
          fields: [
            { label: text('notebook.field.url'), value: verbatim(url) },
            { label: text('notebook.field.password'), value: verbatim(password) },
          ],
        }),
        secret: true,
      };
    } catch (error) {
      if (error instanceof GpubotError && error.code === 'kube.name_taken') {
        throw new UserFacingError(
          'notebook.name_taken',
          text('notebook.error.nameTaken', { name, cluster: cluster.name, mine: false, owner: '?' }),
        );
      }
      if (!terminal(context, error)) throw error;
      // A start that will not be retried removes what it created, so nothing idle holds a GPU or a CLB.
      const cleaned = await removeOwn(notebooks, namespace, name, request.requestId).then(
        () => true,
        (cleanup: unknown) => {
          context.log.warn({ code: (cleanup as { code?: unknown }).code }, 'could not remove a failed notebook');
          return false;
        },
      );
      if (error instanceof UserFacingError && error.userMessage && error.code === 'notebook.timeout') {
        throw new UserFacingError(error.code, text(error.userMessage.key, { ...error.userMessage.params, cleaned }));
      }
      if (applied || cleaned) context.log.info({ name, cleaned }, 'failed notebook start cleaned up');
      throw error;
    }
  },
};
