import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { countingKube } from '../support/counting-kube.js';
import { seedGpubotCluster } from '../support/emulated-cloud.js';
import { pollUntil } from '../support/poll-until.js';
import { clusterIdOf, enqueueAs, requester } from './helpers.js';

/** Enough clusters of one person that probing each would show: every probe costs a kubeconfig and four reads. */
const CLUSTERS = 50;

const kube = countingKube();
let harness: ConsoleHarness;

/** The clusters whose own ACK paths (`/clusters/<id>`, its kubeconfig, its details) were called since `from`. */
function clustersCalledSince(from: number): Set<string> {
  const ids = (harness.bot.emulator?.cloud.journal() ?? [])
    .slice(from)
    .flatMap((entry) => /\/(?:k8s|clusters)\/(c[0-9a-f]+)/.exec(entry.path)?.[1] ?? []);
  return new Set(ids);
}

/** How often an action was called since `from`. */
function callsSince(from: number, action: string): number {
  return (harness.bot.emulator?.cloud.journal() ?? []).slice(from).filter((entry) => entry.action === action).length;
}

const journalLength = () => harness.bot.emulator?.cloud.journal().length ?? 0;

before(async () => {
  harness = await startConsoleHarness({}, { kube: kube.connector });
  const emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  emulator.cloud.setQuota({ clusters: 1000, managedClusters: 1000 });
  // The oldest and the newest of alice's clusters have GPU workers; the ones between are seeded.
  await sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=old').waitFor(/Your cluster old is ready/, 60_000);
  for (let i = 1; i <= CLUSTERS - 2; i++) await seedGpubotCluster(emulator, `seeded${i}`, 'console:alice');
  await sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=new').waitFor(/Your cluster new is ready/, 60_000);
  await pollUntil(
    () => emulator.cloud.clusters().filter((c) => c.state === 'running').length === CLUSTERS,
    () => `not all ${CLUSTERS} clusters are running`,
    30_000,
  );
});
after(async () => {
  await harness.stop();
});

test(`/notebook start with ${CLUSTERS} clusters looks at one cluster, the newest, and fetches at most one kubeconfig`, async () => {
  kube.reset();
  const from = journalLength();
  const [, name, cluster] = await sendAndWatch(harness, '/notebook start').waitFor(
    /\[#console\] ✅ alice's notebook (nb-[0-9a-z]+) is running on (\S+) with/,
    60_000,
  );
  assert.equal(cluster, 'new', `${name} went on alice's newest running cluster`);
  assert.deepEqual([...kube.calls().keys()], [clusterIdOf(harness, cluster ?? '')], 'only that cluster was asked anything');
  // Cloud calls about clusters concern only that one (the lifecycle may still be tagging it).
  assert.deepEqual(
    [...clustersCalledSince(from)].filter((id) => id !== clusterIdOf(harness, cluster ?? '')),
    [],
  );
  assert.ok(callsSince(from, 'DescribeClusterUserKubeconfig') <= 1);
});

test('a stopped notebook on an older cluster restarts there, found through the index, not by asking every cluster', async () => {
  const older = clusterIdOf(harness, 'old');
  await sendAndWatch(harness, '/notebook start name=work cluster=old').waitFor(/alice's notebook work is running on old/, 60_000);
  await sendAndWatch(harness, '/notebook stop work').waitFor(/Notebook work on old was stopped .* its disk is kept/, 60_000);
  kube.reset();
  const from = journalLength();
  const restart = sendAndWatch(harness, '/notebook start name=work');
  await restart.waitFor(/\[private to alice\] {3}The disk of work \(20 GiB\) is attached again/, 60_000);
  await restart.waitFor(/alice's notebook work is running on old/);
  assert.deepEqual([...kube.calls().keys()], [older]);
  assert.deepEqual(
    [...clustersCalledSince(from)].filter((id) => id !== older),
    [],
  );
  assert.ok(callsSince(from, 'DescribeClusterUserKubeconfig') <= 1);
});

test("someone else's start of a name in use is refused after looking at the one cluster that has it", async () => {
  kube.reset();
  await enqueueAs(harness, requester('bob'), { kind: 'notebook.start', name: 'work', gpus: 1 }, 'req-bob-work');
  await harness.waitFor(/A notebook named work already exists on old \(owner: alice\)/, 60_000);
  assert.deepEqual([...kube.calls().keys()], [clusterIdOf(harness, 'old')]);
});

test('a cluster= nobody has is refused with the newest few of your running clusters, without asking any cluster', async () => {
  kube.reset();
  const [, names] = await sendAndWatch(harness, '/notebook start cluster=nope').waitFor(
    /There is no gpubot cluster named nope\. Your running clusters: ([^\n]*)\./,
  );
  assert.match(
    names ?? '',
    new RegExp(`^new, seeded${CLUSTERS - 2}, seeded${CLUSTERS - 3}, [^,]+, [^,]+ \\(\\+${CLUSTERS - 5}\\)$`),
  );
  assert.deepEqual([...kube.calls().keys()], []);
});
