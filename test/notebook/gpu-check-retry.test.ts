import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { startFaultyKube, type FaultyKube } from '../support/faulty-kube.js';

/**
 * The GPU check's exec meets an API server that fails for a moment (the WebSocket upgrade answered
 * 503): it is tried again a poll later instead of being reported failed. An API server that keeps
 * failing is reported after GPU_CHECK_TRIES, and the notebook still serves.
 */
let h: ConsoleHarness;
let kube: FaultyKube;
let execs = 0;

before(async () => {
  kube = await startFaultyKube();
  h = await startConsoleHarness({}, { kube: kube.connector });
  const create = sendAndWatch(h, '/gpu-cluster create 2 gn5 name=gpuchk');
  await create.waitFor(/\[private to alice\] ✅ Your cluster gpuchk is ready/, 60_000);
});
after(async () => {
  await h.stop();
  await kube.close();
});

const isExec = (path: string) => /\/pods\/[^/]+\/exec\?/.test(path);

test('an exec refused once with 503 is tried again: the GPU is seen, not reported unchecked', { timeout: 60_000 }, async () => {
  execs = 0;
  kube.fail((_method, path) => (isExec(path) && ++execs === 1 ? 503 : undefined));
  const start = sendAndWatch(h, '/notebook start name=retried cluster=gpuchk');
  await start.waitFor(/\[private to alice\] {3}Password: /, 45_000);
  assert.equal(execs, 2, 'the check ran again after the refused one');
  assert.match(start.output(), /TensorFlow sees 1 GPU: /);
  assert.doesNotMatch(start.output(), /the TensorFlow GPU check could not run/);
});

test('an exec refused every time is reported after three tries; the notebook is handed over', { timeout: 60_000 }, async () => {
  execs = 0;
  kube.fail((_method, path) => (isExec(path) ? (++execs, 503) : undefined));
  try {
    const start = sendAndWatch(h, '/notebook start name=unchecked cluster=gpuchk');
    await start.waitFor(/\[private to alice\] {3}Password: /, 45_000);
    assert.equal(execs, 3);
    assert.match(start.output(), /the TensorFlow GPU check could not run \(kube\.unavailable\)/);
  } finally {
    kube.fail(undefined);
  }
});
