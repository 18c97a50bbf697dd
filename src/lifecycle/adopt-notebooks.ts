import { directConversation } from '../chat/port.js';
import type { ClusterRecord } from './cluster-records.js';
import type { NotebookIdleDeps } from './notebook-idle-deps.js';
import { personOf } from './people.js';

type Deps = Pick<NotebookIdleDeps, 'notebooks' | 'schedule' | 'clock' | 'connections' | 'log' | 'settings'> & {
  readonly namespace: string;
};

/**
 * Every running gpubot notebook on the clusters gpubot tracks is watched for idleness, also those
 * started before the watch existed or whose record a Redis restore lost: such a notebook is
 * watched from now (its owner gets the whole idle time before any warning), its owner read from
 * its owner annotation. A cluster that cannot be reached is skipped until the next reconcile.
 * Every watch is made sure to have its job.
 */
export async function adoptNotebooks(clusters: readonly ClusterRecord[], deps: Deps): Promise<void> {
  const records = await deps.notebooks.all();
  const watched = new Set(records.map((record) => record.name));
  // A watch whose job was lost (given up after its retries) gets one again.
  for (const record of records) {
    if (record.state === 'watching') await deps.schedule.ensure(record.name, deps.clock.now());
  }
  for (const cluster of clusters) {
    if (cluster.state !== 'active') continue;
    let running;
    try {
      const kube = await deps.connections.connect({ clusterId: cluster.clusterId, regionId: cluster.regionId });
      running = (await kube.notebooks.list(deps.namespace)).filter((notebook) => !notebook.stopped);
    } catch (error) {
      deps.log.warn(
        { clusterId: cluster.clusterId, code: (error as { code?: unknown }).code },
        'idle watch: cannot list notebooks',
      );
      continue;
    }
    for (const notebook of running) {
      const person = personOf(notebook.owner ?? '');
      if (watched.has(notebook.name) || !person || !notebook.owner) continue;
      const now = deps.clock.now();
      await deps.notebooks.watch({
        name: notebook.name,
        clusterId: cluster.clusterId,
        regionId: cluster.regionId,
        namespace: deps.namespace,
        gpus: notebook.gpus,
        owner: notebook.owner,
        requester: person,
        conversation: directConversation(person),
        startedAt: now,
      });
      await deps.schedule.lookAt(notebook.name, now + deps.settings.idleMs);
      watched.add(notebook.name);
      deps.log.info({ notebook: notebook.name, clusterId: cluster.clusterId }, 'idle watch: running notebook adopted');
    }
  }
}
