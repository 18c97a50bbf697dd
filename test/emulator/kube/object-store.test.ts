import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScaledClock } from '../../../src/emulator/kube/clock.js';
import { ObjectStore } from '../../../src/emulator/kube/object-store.js';
import { R } from '../../../src/emulator/kube/resources.js';

/**
 * Controllers read stored objects in place (`view`) on every reconcile pass; that is only sound
 * because a write replaces a stored object and never changes it, and because a status write that
 * changes nothing writes nothing (no new resourceVersion, no reconcile).
 */
const pod = (name: string, app: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', labels: { app } },
  spec: { containers: [] },
});

test('a view is a snapshot: writes replace stored objects, never change them', () => {
  let changes = 0;
  const store = new ObjectStore(createScaledClock(1), () => (changes += 1));
  store.create(R.pods, pod('a', 'x'));
  store.create(R.pods, pod('b', 'y'));
  const [seen] = store.view(R.pods, 'ns', (p) => p.metadata.labels?.['app'] === 'x');
  assert.equal(seen?.metadata.name, 'a');

  store.mutate(R.pods, 'ns', 'a', (p) => {
    p.metadata.labels = { app: 'z' };
  });
  assert.equal(seen?.metadata.labels?.['app'], 'x', 'what was viewed is unchanged');
  assert.deepEqual(
    store.view(R.pods, 'ns', (p) => p.metadata.labels?.['app'] === 'z').map((p) => p.metadata.name),
    ['a'],
  );
  const [copied] = store.list(R.pods, 'ns', (p) => p.metadata.name === 'b');
  assert.ok(copied);
  copied.metadata.labels = { app: 'changed by a caller' };
  assert.equal(store.find(R.pods, 'ns', 'b')?.metadata.labels?.['app'], 'y', 'list still hands out copies');
  assert.equal(changes, 3);
});

test('a status write that changes nothing writes nothing', () => {
  let changes = 0;
  const store = new ObjectStore(createScaledClock(1), () => (changes += 1));
  store.create(R.pods, pod('a', 'x'));
  store.writeStatus(R.pods, 'ns', 'a', { phase: 'Running' });
  const version = store.resourceVersion;
  store.writeStatus(R.pods, 'ns', 'a', { phase: 'Running' });
  assert.equal(store.resourceVersion, version);
  assert.equal(changes, 2);
  store.writeStatus(R.pods, 'ns', 'a', { phase: 'Succeeded' });
  assert.deepEqual(store.find(R.pods, 'ns', 'a')?.['status'], { phase: 'Succeeded' });
  assert.equal(changes, 3);
});
