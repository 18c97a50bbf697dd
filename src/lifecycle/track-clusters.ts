import type { ClusterLifetime } from '../jobs/cluster-tags.js';
import type { JobAudit } from '../jobs/job-audit.js';
import type { Checkpoint } from '../jobs/job-context.js';
import { ownerOf, type ChatRequest } from '../queue/request.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import type { ClusterRecord } from './cluster-records.js';
import { planLifetime } from './plan-lifetime.js';

type Deps = Pick<ClusterLifecycleDeps, 'records' | 'schedule' | 'clock' | 'log' | 'settings' | 'summaries'>;

/** The cluster was born with the tags this record says (CreateCluster carried them): nothing to write. */
function taggedAtCreate(record: ClusterRecord, lifetime: ClusterLifetime | undefined): boolean {
  return lifetime !== undefined && lifetime.expiresAt === record.expiresAt && lifetime.ttlMs === record.ttlMs;
}

/**
 * The cluster lifecycle at the job runner's boundary. The moment a create's checkpoint gains a
 * cluster id (ACK accepted CreateCluster, so it bills from now) the cluster gets its expiry (the
 * one the create put in its tags), its warning and its deletion scheduled; a finished create whose
 * cluster's tags do not say that expiry (extended meanwhile, or made without it) gets them written;
 * a finished delete ends it all. The owner of a new cluster or notebook gets daily summaries.
 */
export function trackClusters(deps: Deps): JobAudit {
  const plan = planLifetime({ clock: deps.clock, clusterTtlMs: deps.settings.clusterTtlMs });
  async function track(request: ChatRequest, checkpoint: Checkpoint, clusterId: string, regionId: string): Promise<void> {
    const command = request.command;
    if (command.kind !== 'cluster.create') return;
    const { createdAt, ttlMs, expiresAt } = checkpoint.lifetime ?? plan(request);
    const { record } = await deps.records.track({
      clusterId,
      regionId,
      name: command.name ?? clusterId,
      owner: ownerOf(request.requester),
      requester: request.requester,
      conversation: request.conversation,
      requestId: request.requestId,
      createdAt,
      ttlMs,
      expiresAt,
      instanceType: command.instanceType,
      nodes: command.count,
    });
    // Idempotent (the jobs' ids name the expiry), so a retried step schedules nothing twice.
    await deps.schedule.schedule(record);
    deps.log.info({ clusterId, ttlMs, expiresAt: record.expiresAt }, 'cluster expiry scheduled');
    await enroll(request);
  }

  async function enroll(request: ChatRequest): Promise<void> {
    await deps.summaries?.enroll({
      owner: ownerOf(request.requester),
      requester: request.requester,
      conversation: request.conversation,
    });
  }

  return {
    async checkpointSaved(request, before, after) {
      if (before.clusterId || !after.clusterId) return;
      const region = request.command.kind === 'cluster.create' ? request.command.region : undefined;
      await track(request, after, after.clusterId, after.regionId ?? region ?? '');
    },
    async succeeded(request, checkpoint) {
      if (request.command.kind === 'notebook.start') await enroll(request);
      const clusterId = checkpoint.clusterId;
      if (!clusterId) return;
      const record = await deps.records.get(clusterId);
      if (!record) return;
      if (request.command.kind === 'cluster.create') {
        // Scheduled again in case the step that scheduled it crashed half-way (same ids: no duplicates).
        await deps.schedule.schedule(record);
        if (!taggedAtCreate(record, checkpoint.lifetime)) await deps.schedule.syncTags(clusterId, record.expiresAt);
      } else if (request.command.kind === 'cluster.delete') {
        await deps.schedule.cancel(clusterId);
        await deps.records.forget(clusterId);
      }
    },
    async failed() {
      // A create that failed after ACK accepted it keeps its expiry: if its clean-up did not
      // delete the cluster, the expiry will. A failed delete keeps the record for the next look.
    },
  };
}
