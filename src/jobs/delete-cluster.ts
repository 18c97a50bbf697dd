import { UserFacingError } from '../errors.js';
import { text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { mayManage } from '../governance/roles.js';
import { ownerOf } from '../queue/request.js';
import type { CommandJob } from './command-job.js';
import { tagValue, TAG_OWNER } from './cluster-tags.js';
import { findByName, listManagedClusters, ownedBy } from './find-clusters.js';
import { nextInterval } from './wait.js';

function nameOf(command: { kind: string; name?: string }): string {
  if (command.kind !== 'cluster.delete' || !command.name) throw new Error(`delete-cluster got ${command.kind}`);
  return command.name;
}

/** Deletes a gpubot cluster its requester owns (or any, for an admin) and waits until ACK says it is gone. */
export const deleteCluster: CommandJob = {
  title: (request) => text('cluster.title.delete', { name: nameOf(request.command) }),
  steps: [
    { id: 'find', label: text('cluster.step.find') },
    { id: 'delete', label: text('cluster.step.delete') },
  ],
  async run(context, deps, progress) {
    const name = nameOf(context.request.command);
    const owner = ownerOf(context.request.requester);
    await progress.start('find');
    let clusterId = context.checkpoint.clusterId;
    let regionId = context.checkpoint.regionId ?? '';
    if (!clusterId) {
      const clusters = await listManagedClusters(deps.cloud, deps.regions);
      const cluster = findByName(clusters, name);
      if (!cluster) {
        const mine = ownedBy(clusters, owner).map((c) => c.name);
        throw new UserFacingError('delete.not_found', text('cluster.error.notFound', { name, names: mine.join(', ') || '-' }));
      }
      const clusterOwner = tagValue(cluster, TAG_OWNER);
      if (!mayManage(deps.settings, context.request.requester, clusterOwner)) {
        throw new UserFacingError('delete.not_owner', text('cluster.error.notOwner', { name, owner: clusterOwner ?? '?' }));
      }
      clusterId = cluster.clusterId;
      regionId = cluster.regionId;
      await context.save({ regionId, clusterId, createdAt: deps.now() });
    }
    const ref = { regionId, clusterId };
    await progress.done('find', text('cluster.find.found', { name, clusterId }));
    await progress.start('delete');
    await deps.cloud.deleteCluster(ref);
    const base = deps.settings.pollIntervalMs;
    let interval = base;
    let lastState = '';
    const started = context.checkpoint.createdAt ?? deps.now();
    for (;;) {
      const detail = await deps.cloud.describeCluster(ref);
      // ACK reports `deleted` for a while before it stops knowing the cluster: both mean gone.
      if (!detail || detail.state === 'deleted') break;
      if (detail.state === 'delete_failed') {
        throw new UserFacingError('delete.failed', text('cluster.error.deleteFailed', { name, clusterId }));
      }
      const changed = detail.state !== lastState;
      if (changed) await progress.detail('delete', text('cluster.wait.state', { state: detail.state }));
      lastState = detail.state;
      if (deps.now() - started > deps.settings.clusterTimeoutMs) {
        throw new UserFacingError(
          'delete.timeout',
          text('cluster.error.deleteTimeout', { name, clusterId, state: detail.state }),
        );
      }
      interval = nextInterval(interval, base, changed);
      await deps.sleep(interval);
    }
    await progress.done('delete', text('cluster.deleted.gone', { clusterId }));
    const facts = { name, clusterId };
    return {
      summary: text('cluster.deleted.summary', facts),
      channel: message('success', [
        text('cluster.deleted.channel', {
          ...facts,
          user: context.request.requester.displayName ?? context.request.requester.userId,
        }),
      ]),
      private: message('success', [text('cluster.deleted.private', facts)]),
    };
  },
};
