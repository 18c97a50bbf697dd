import { text, type Text } from '../i18n/text.js';
import { message, type MessageAction } from '../messages/model.js';
import { ownerOf } from '../queue/request.js';
import type { ClusterRecords } from '../lifecycle/cluster-records.js';
import { summaryActions } from '../lifecycle/expiry-actions.js';
import { spendLine } from '../lifecycle/expiry-warning.js';
import type { LifecycleClock } from '../lifecycle/lifecycle-clock.js';
import type { CommandJob } from './command-job.js';
import type { UsageReader } from './describe-usage.js';
import type { LocatedNotebook } from './notebook/notebook-clusters.js';

export interface OwnerSummaryDeps {
  readonly records: Pick<ClusterRecords, 'all'>;
  readonly clock: LifecycleClock;
  readonly maxClusterTtlMs: number;
  /** The quoted price of each cluster (the spend meter); absent: spend not known. */
  readonly usage?: UsageReader;
  /** Every gpubot notebook on every running gpubot cluster. */
  readonly notebooks: () => Promise<readonly LocatedNotebook[]>;
}

/**
 * The owner's daily summary (queued by the lifecycle at GPUBOT_SUMMARY_AT, never typed): their
 * clusters — since when, spend so far, when each expires — and their running notebooks, with the
 * warnings' buttons to extend or delete each cluster. Nothing running: nothing is sent.
 */
export const ownerSummary = (deps: OwnerSummaryDeps): CommandJob => ({
  title: () => text('lifecycle.summary.title', { day: '' }),
  steps: [],
  async run(context) {
    const { command } = context.request;
    if (command.kind !== 'cluster.summary') throw new Error(`not a summary: ${command.kind}`);
    const me = ownerOf(context.request.requester);
    const now = deps.clock.now();
    const timeZone = command.timeZone;
    const clusters = (await deps.records.all()).filter((record) => record.owner === me).sort((a, b) => a.createdAt - b.createdAt);
    const notebooks = (await deps.notebooks())
      .filter(({ info }) => info.owner === me && !info.stopped)
      .sort((a, b) => a.info.name.localeCompare(b.info.name));
    if (clusters.length === 0 && notebooks.length === 0) return {};
    const lines: Text[] = [];
    for (const record of clusters) {
      const usage = await deps.usage?.usage(record.clusterId);
      lines.push(
        text('lifecycle.summary.cluster', {
          name: record.name,
          region: record.regionId,
          since: record.createdAt,
          timeZone,
          ageMs: now - record.createdAt,
        }),
        spendLine(usage, now - record.createdAt),
        record.state === 'expiring'
          ? text('lifecycle.list.line', { expiring: true })
          : text('lifecycle.summary.expires', { at: record.expiresAt, timeZone, leftMs: record.expiresAt - now }),
      );
    }
    for (const { info, cluster } of notebooks) {
      lines.push(
        text('lifecycle.summary.notebook', {
          name: info.name,
          cluster: cluster.name,
          gpus: info.gpus,
          since: info.createdAt ? Date.parse(info.createdAt) : '',
          timeZone,
        }),
      );
    }
    const active = clusters.filter((record) => record.state === 'active');
    const actions: MessageAction[] = summaryActions(active, deps.maxClusterTtlMs);
    return {
      private: message('info', lines, {
        title: text('lifecycle.summary.title', { day: command.day, clusters: clusters.length, notebooks: notebooks.length }),
        ...(actions.length > 0 ? { actions } : {}),
      }),
    };
  },
});
