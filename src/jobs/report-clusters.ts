import type { ClusterSummary } from '../cloud/port.js';
import { UserFacingError } from '../errors.js';
import { text, verbatim, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { ownerOf } from '../queue/request.js';
import type { CommandJob } from './command-job.js';
import { tagValue, TAG_OWNER } from './cluster-tags.js';
import { findByName, listManagedClusters, ownedBy } from './find-clusters.js';
import type { ClusterConnections } from './cluster-connections.js';
import type { Regions } from './job-deps.js';
import type { SharedListing } from '../shared-listing/shared-listing.js';
import { checkGpuNodes } from './verify-gpu-nodes.js';
import { ownerTotals, usageOf, type UsageReader } from './describe-usage.js';
import type { DescribeLifetimes } from '../lifecycle/describe-lifetimes.js';

export interface ReportDeps {
  readonly listing: Pick<SharedListing, 'get'>;
  readonly connections: Pick<ClusterConnections, 'connect'>;
  readonly regions: Regions;
  readonly now: () => number;
  /** How long clusters ran and what they cost so far (spend/usage-meter.ts); absent: not shown. */
  readonly usage?: UsageReader;
  /** When clusters expire (lifecycle/describe-lifetimes.ts); absent: not shown. */
  readonly lifetimes?: DescribeLifetimes;
}

/** How old the listings are that an answer comes from (at most one poll interval). */
function asOf(deps: ReportDeps, fetchedAt: number): Text {
  return text('cluster.list.asOf', { seconds: Math.max(0, Math.round((deps.now() - fetchedAt) / 1000)) });
}

/** A cluster's line, and below it what it has run and cost so far when gpubot meters it, and when it expires. */
function clusterLines(
  cluster: ClusterSummary,
  me: string,
  usage?: ReadonlyMap<string, Text>,
  lifetimes?: ReadonlyMap<string, Text>,
): Text[] {
  const owner = tagValue(cluster, TAG_OWNER) ?? '?';
  const spent = usage?.get(cluster.clusterId);
  const listed = text('cluster.list.line', {
    name: cluster.name,
    state: cluster.state,
    size: cluster.size,
    region: cluster.regionId,
    owner: owner === me ? 'you' : owner.replace(/^[a-z]+:/, ''),
    mine: owner === me,
  });
  const lifetime = lifetimes?.get(cluster.clusterId);
  return [listed, ...(spent ? [spent] : []), ...(lifetime ? [lifetime] : [])];
}

/** `/gpu-cluster list`: every gpubot cluster, from ACK's listings (saying how old), answered privately. */
export const listClusters = (deps: ReportDeps): CommandJob => ({
  title: () => text('cluster.list.title'),
  steps: [],
  async run(context) {
    const me = ownerOf(context.request.requester);
    const listed = await listManagedClusters(deps.listing, deps.regions);
    const clusters = [...listed.clusters].sort((a, b) => a.name.localeCompare(b.name));
    const usage = await usageOf(deps.usage, clusters);
    const lifetimes = await deps.lifetimes?.(clusters.map((cluster) => cluster.clusterId));
    const lines =
      clusters.length === 0
        ? [text('cluster.list.empty')]
        : [
            ...clusters.flatMap((cluster) => clusterLines(cluster, me, usage, lifetimes)),
            ...(await ownerTotals(deps.usage, clusters)),
          ];
    lines.push(asOf(deps, listed.fetchedAt));
    return { private: message('info', lines, { title: text('cluster.list.title') }) };
  },
});

/** `/gpu-cluster status [name]`: one cluster in detail (with its GPU nodes), or the requester's clusters. */
export const clusterStatus = (deps: ReportDeps): CommandJob => ({
  title: () => text('cluster.status.title', { name: '' }),
  steps: [],
  async run(context) {
    const command = context.request.command;
    const name = command.kind === 'cluster.status' ? command.name : undefined;
    const me = ownerOf(context.request.requester);
    const { clusters, fetchedAt } = await listManagedClusters(deps.listing, deps.regions);
    if (!name) {
      const mine = ownedBy(clusters, me);
      const usage = await usageOf(deps.usage, mine);
      const lifetimes = await deps.lifetimes?.(mine.map((cluster) => cluster.clusterId));
      const lines =
        mine.length === 0
          ? [text('cluster.status.none')]
          : [...mine.flatMap((cluster) => clusterLines(cluster, me, usage, lifetimes)), ...(await ownerTotals(deps.usage, mine))];
      lines.push(asOf(deps, fetchedAt));
      return { private: message('info', lines, { title: text('cluster.status.title', { name: '' }) }) };
    }
    const cluster = findByName(clusters, name);
    if (!cluster) {
      throw new UserFacingError(
        'status.not_found',
        text('cluster.error.notFound', {
          name,
          names:
            ownedBy(clusters, me)
              .map((c) => c.name)
              .join(', ') || '-',
        }),
      );
    }
    const lines: Text[] = [
      ...clusterLines(cluster, me, await usageOf(deps.usage, [cluster]), await deps.lifetimes?.([cluster.clusterId])),
      asOf(deps, fetchedAt),
    ];
    if (cluster.state === 'running') {
      const kube = await deps.connections.connect(cluster);
      const [nodes, network] = await Promise.all([kube.listNodes(), kube.networkPolicySupport()]);
      const check = checkGpuNodes(nodes, 0);
      lines.push(
        text('cluster.status.nodes', {
          ready: check.ready,
          total: nodes.filter((n) => n.isWorker).length,
          gpus: check.gpus,
          models: check.models.join(', ') || '-',
        }),
      );
      if (network.plugin !== 'unknown') {
        lines.push(
          network.enforced
            ? text('notebook.network.enforced', {})
            : text('notebook.network.notEnforced', { plugin: network.plugin }),
        );
      }
    }
    return {
      private: message('info', lines, {
        title: text('cluster.status.title', { name }),
        fields: [{ label: text('cluster.field.id'), value: verbatim(cluster.clusterId) }],
      }),
    };
  },
});
