import assert from 'node:assert/strict';
import type { Queue } from 'bullmq';
import { parse } from 'yaml';
import type { Requester } from '../../src/chat/port.js';
import { COMMAND_JOB } from '../../src/bot/handle-command.js';
import type { QueuedCommand } from '../../src/commands/types.js';
import { createCommandsQueue } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import type { ConsoleHarness } from '../support/console-harness.js';
import { emulatedCloud } from '../support/emulated-cloud.js';

export const NAMESPACE = 'gpubot-notebooks';

export function clusterIdOf(harness: ConsoleHarness, name: string): string {
  const cluster = harness.bot.emulator?.cloud.clusters().find((c) => c.name === name && c.state === 'running');
  if (!cluster) throw new Error(`no running emulated cluster ${name}`);
  return cluster.clusterId;
}

/** The notebook's objects in the emulated cluster, by kind. */
export function notebookObjects(harness: ConsoleHarness, clusterId: string, name: string): { kind: string; body: unknown }[] {
  const kinds = new Set(['Secret', 'Deployment', 'Service', 'Pod', 'ReplicaSet', 'NetworkPolicy', 'PersistentVolumeClaim']);
  return (harness.bot.emulator?.kube.objects(clusterId) ?? []).filter(
    (o) => o.namespace === NAMESPACE && kinds.has(o.kind) && (o.name === name || o.name.startsWith(`${name}-`)),
  );
}

export function kindsOf(objects: { kind: string }[]): string[] {
  return objects.map((o) => o.kind).sort();
}

export function requester(userId: string): Requester {
  return { platform: 'console', userId, displayName: userId, locale: 'en' };
}

/** Queues a command as someone other than the console user, as the bot would. */
export async function enqueueAs(
  harness: ConsoleHarness,
  who: Requester,
  command: QueuedCommand,
  requestId: string,
  jobId = requestId,
): Promise<ChatRequest> {
  const queue: Queue = createCommandsQueue(harness.bot.settings);
  const request: ChatRequest = {
    requestId,
    command,
    requester: who,
    conversation: { platform: 'console', channelId: '#console' },
    receivedAt: Date.now(),
  };
  try {
    await queue.add(command.kind, request, { ...COMMAND_JOB, jobId });
  } finally {
    await queue.close();
  }
  return request;
}

export function passwordsIn(output: string): string[] {
  return [...output.matchAll(/Password: (\S+)/g)].map((m) => m[1] ?? '');
}

export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/**
 * A pod of some other tool in the `default` namespace, holding one GPU of the cluster: gpubot's
 * ledger does not count it (only its notebooks), the scheduler does.
 */
export async function startForeignGpuPod(harness: ConsoleHarness, clusterId: string): Promise<{ remove(): Promise<void> }> {
  const emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  const kubeconfig = parse(await emulatedCloud(emulator).getKubeconfig({ regionId: 'cn-hangzhou', clusterId })) as {
    clusters: { cluster: { server: string } }[];
    users: { user: { token: string } }[];
  };
  const server = kubeconfig.clusters[0]?.cluster.server ?? assert.fail('no server');
  const headers = { authorization: `Bearer ${kubeconfig.users[0]?.user.token ?? ''}`, 'content-type': 'application/json' };
  const pods = `${server}/api/v1/namespaces/default/pods`;
  const created = await fetch(pods, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'other-tool' },
      spec: {
        containers: [{ name: 'work', image: 'nvidia/cuda:12.4.0-base', resources: { limits: { 'nvidia.com/gpu': '1' } } }],
      },
    }),
  });
  assert.equal(created.status, 201, await created.text());
  return {
    async remove() {
      const gone = await fetch(`${pods}/other-tool?gracePeriodSeconds=0`, { method: 'DELETE', headers });
      assert.ok(gone.ok, await gone.text());
    },
  };
}
