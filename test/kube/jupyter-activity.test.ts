import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { usesGpu } from '../../src/kube/client-node-cluster.js';
import { parseJupyterActivity, READ_ACTIVITY_COMMAND } from '../../src/kube/notebook/read-jupyter-activity.js';

/** What the activity reader prints, as a real jupyter_server 2.x answers (microseconds, `+00:00`). */
const printed = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    now: '2026-11-29T12:00:00.000000+00:00',
    status: { started: '2026-11-29T08:00:00.000000Z', last_activity: '2026-11-29T09:30:00.123456Z', connections: 0, kernels: 1 },
    kernels: [
      {
        id: 'a1',
        name: 'python3',
        last_activity: '2026-11-29T09:30:00.123456Z',
        execution_state: 'idle',
        connections: 0,
      },
    ],
    terminals: [],
    ...over,
  });

test('idle since the latest last_activity of the server, its kernels and terminals, on the container clock', () => {
  assert.deepEqual(parseJupyterActivity({ stdout: `${printed()}\n`, stderr: '', exitCode: 0 }), {
    kind: 'seen',
    idleForMs: 2.5 * 3_600_000 - 123,
    busyKernels: 0,
    terminals: 0,
  });
  const terminal = printed({ terminals: [{ name: '1', last_activity: '2026-11-29T11:00:00Z' }] });
  const seen = parseJupyterActivity({ stdout: terminal, stderr: '', exitCode: 0 });
  assert.deepEqual(seen, { kind: 'seen', idleForMs: 3_600_000, busyKernels: 0, terminals: 1 });
  const busy = printed({ kernels: [{ id: 'a1', last_activity: '2026-11-29T09:00:00Z', execution_state: 'busy' }] });
  assert.equal((parseJupyterActivity({ stdout: busy, stderr: '', exitCode: 0 }) as { busyKernels: number }).busyKernels, 1);
});

test('the very line the reader printed against jupyter_server 2.21 (password login, a terminal open)', () => {
  const line =
    '{"now": "2026-11-29T09:07:42.043260+00:00", "status": {"connections": 0, "kernels": 0, "last_activity": "2026-11-29T09:07:39.805677Z", "started": "2026-11-29T09:07:29.225971Z"}, "kernels": [], "terminals": [{"name": "1", "last_activity": "2026-11-29T09:07:40.218966Z"}]}';
  assert.deepEqual(parseJupyterActivity({ stdout: `${line}\n`, stderr: '', exitCode: 0 }), {
    kind: 'seen',
    idleForMs: 1825,
    busyKernels: 0,
    terminals: 1,
  });
});

test('what cannot be read is never taken for idleness', () => {
  const failed = parseJupyterActivity({
    stdout: '',
    stderr: 'Traceback (most recent call last):\nurllib.error.HTTPError: HTTP Error 403: Forbidden\n',
    exitCode: 1,
  });
  assert.deepEqual(failed, { kind: 'unreadable', reason: 'exit 1: urllib.error.HTTPError: HTTP Error 403: Forbidden' });
  assert.equal(parseJupyterActivity({ stdout: 'not json', stderr: '', exitCode: 0 }).kind, 'unreadable');
  const noTimes = JSON.stringify({ now: '2026-11-29T12:00:00Z', status: {}, kernels: [], terminals: [] });
  assert.equal(parseJupyterActivity({ stdout: noTimes, stderr: '', exitCode: 0 }).kind, 'unreadable');
});

test("the reader logs in with the container's own password and reads without counting as activity", () => {
  const program = READ_ACTIVITY_COMMAND.at(-1) ?? '';
  assert.match(program, /os\.environ\.get\('PASSWORD', ''\)/);
  assert.match(program, /\/api\/kernels\?no_track_activity=1/);
  assert.match(program, /\/api\/terminals\?no_track_activity=1/);
  assert.doesNotMatch(program, /\bf['"]/, 'no f-strings: Python 3.5 images');
  assert.doesNotMatch(READ_ACTIVITY_COMMAND.join(' '), /token=/, 'no credential on the command line');
});

test('a GPU pod is one that asks for nvidia.com/gpu and is neither finished nor being deleted', () => {
  const pod = (resources: Record<string, Record<string, string>>, status?: string, deleting?: boolean): V1Pod => ({
    metadata: { name: 'p', ...(deleting ? { deletionTimestamp: new Date() } : {}) },
    spec: { containers: [{ name: 'c', resources }] },
    ...(status ? { status: { phase: status } } : {}),
  });
  assert.equal(usesGpu(pod({ limits: { 'nvidia.com/gpu': '1' } }, 'Running')), true);
  assert.equal(usesGpu(pod({ requests: { 'nvidia.com/gpu': '2' } }, 'Pending')), true, 'waiting for a GPU counts');
  assert.equal(usesGpu(pod({ limits: { cpu: '2' } }, 'Running')), false);
  assert.equal(usesGpu(pod({ limits: { 'nvidia.com/gpu': '0' } }, 'Running')), false);
  assert.equal(usesGpu(pod({ limits: { 'nvidia.com/gpu': '1' } }, 'Succeeded')), false);
  assert.equal(usesGpu(pod({ limits: { 'nvidia.com/gpu': '1' } }, 'Running', true)), false);
});
