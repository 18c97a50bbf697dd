import type { ClusterSummary } from '../cloud/port.js';
import { UserFacingError } from '../errors.js';
import { text, verbatim, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { ownerOf } from '../queue/request.js';
import type { CommandJob } from './command-job.js';
import { tagValue, TAG_OWNER } from './cluster-tags.js';
import { findByName, listManagedClusters, ownedBy } from './find-clusters.js';
import { checkGpuNodes } from './verify-gpu-nodes.js';
import { ownerTotals, usageOf } from './describe-usage.js';

/** A cluster's line, and below it what it has run and cost so far when gpubot meters it. */
function clusterLines(cluster: ClusterSummary, me: string, usage?: ReadonlyMap<string, Text>): Text[] {
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
  return spent ? [listed, spent] : [listed];
}

/** `/gpu-cluster list`: every gpubot cluster, live from ACK, answered privately. */
export const listClusters: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [],
  async run(context, deps) {
    const me = ownerOf(context.request.requester);
    const clusters = (await listManagedClusters(deps.cloud, deps.regions)).sort((a, b) => a.name.localeCompare(b.name));
    const usage = await usageOf(deps, clusters);
    const lines =
      clusters.length === 0
        ? [text('cluster.list.empty')]
        : [...clusters.flatMap((cluster) => clusterLines(cluster, me, usage)), ...(await ownerTotals(deps, clusters))];
    return { private: message('info', lines, { title: text('cluster.list.title') }) };
  },
};

/** `/gpu-cluster status [name]`: one cluster in detail (with its GPU nodes), or the requester's clusters. */
export const clusterStatus: CommandJob = {
  title: () => text('cluster.status.title', { name: '' }),
  steps: [],
  async run(context, deps) {
    const command = context.request.command;
    const name = command.kind === 'cluster.status' ? command.name : undefined;
    const me = ownerOf(context.request.requester);
    const clusters = await listManagedClusters(deps.cloud, deps.regions);
    if (!name) {
      const mine = ownedBy(clusters, me);
      const usage = await usageOf(deps, mine);
      const lines =
        mine.length === 0
          ? [text('cluster.status.none')]
          : [...mine.flatMap((cluster) => clusterLines(cluster, me, usage)), ...(await ownerTotals(deps, mine))];
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
    const found: Text[] = clusterLines(cluster, me, await usageOf(deps, [cluster]));
    if (cluster.state === 'running') {
      const kube = deps.kube.connect(await deps.cloud.getKubeconfig(cluster));
      const [nodes, network] = await Promise.all([kube.listNodes(), kube.networkPolicySupport()]);
      const check = checkGpuNodes(nodes, 0);
      found.push(
        text('cluster.status.nodes', {
          ready: check.ready,
          total: nodes.filter((n) => n.isWorker).length,
          gpus: check.gpus,
          models: check.models.join(', ') || '-',
        }),
      );
      if (network.plugin !== 'unknown') {
        found.push(
          network.enforced
            ? text('notebook.network.enforced', {})
            : text('notebook.network.notEnforced', { plugin: network.plugin }),
        );
      }
    }
    return {
      private: message('info', found, {
        title: text('cluster.status.title', { name }),
        fields: [{ label: text('cluster.field.id'), value: verbatim(cluster.clusterId) }],
      }),
    };
  },
};
