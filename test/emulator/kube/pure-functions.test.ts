import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../../src/emulator/kube/apply-patch.js';
import { parseFieldSelector, parseLabelSelector } from '../../../src/emulator/kube/match-selectors.js';
import { runEmulatedCommand } from '../../../src/emulator/kube/run-emulated-command.js';
import { unschedulableMessage } from '../../../src/emulator/kube/schedule-pods.js';

describe('kube emulator building blocks', () => {
  it('merges patches the three ways', () => {
    const doc = {
      spec: {
        containers: [
          { name: 'a', image: 'x:1' },
          { name: 'b', image: 'y:1' },
        ],
      },
      metadata: { labels: { k: 'v' } },
    };
    assert.deepEqual(mergePatch(doc, { metadata: { labels: { k: null, n: '1' } } }), {
      spec: doc.spec,
      metadata: { labels: { n: '1' } },
    });
    assert.deepEqual(strategicMergePatch(doc, { spec: { containers: [{ name: 'b', image: 'y:2' }] } }), {
      spec: {
        containers: [
          { name: 'a', image: 'x:1' },
          { name: 'b', image: 'y:2' },
        ],
      },
      metadata: doc.metadata,
    });
    assert.deepEqual(mergePatch(doc, { spec: { containers: [{ name: 'b', image: 'y:2' }] } }), {
      spec: { containers: [{ name: 'b', image: 'y:2' }] },
      metadata: doc.metadata,
    });
    const patched = jsonPatch(doc, [
      { op: 'replace', path: '/spec/containers/0/image', value: 'x:2' },
      { op: 'add', path: '/metadata/labels/a~1b', value: 'c' },
      { op: 'remove', path: '/spec/containers/1' },
    ]);
    assert.deepEqual(patched, {
      spec: { containers: [{ name: 'a', image: 'x:2' }] },
      metadata: { labels: { k: 'v', 'a/b': 'c' } },
    });
    assert.throws(() => jsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }]), /missing/);
    assert.equal(doc.spec.containers[0]?.image, 'x:1', 'the input is not modified');
  });

  it('matches equality and set-based label selectors and field selectors', () => {
    const labels = { app: 'nb', tier: 'gpu' };
    assert.equal(parseLabelSelector('app=nb,tier!=cpu')(labels), true);
    assert.equal(parseLabelSelector('app==nb,tier in (cpu, gpu),!missing')(labels), true);
    assert.equal(parseLabelSelector('app notin (nb)')(labels), false);
    assert.equal(parseLabelSelector('missing')(labels), false);
    assert.equal(parseLabelSelector('')(undefined), true);
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { name: 'pod-1' } };
    assert.equal(parseFieldSelector('involvedObject.name=pod-1')(event), true);
    assert.equal(parseFieldSelector('involvedObject.name!=pod-1')(event), false);
  });

  it('words scheduler verdicts like the default scheduler', () => {
    const reasons = new Map([
      ['Insufficient nvidia.com/gpu', 2],
      ['Insufficient cpu', 1],
    ]);
    assert.equal(unschedulableMessage(3, reasons), '0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient nvidia.com/gpu.');
  });

  it('emulates the GPU checks for a pod without GPUs and other models', () => {
    const base = { gpuMemoryGiB: 24, nodeName: 'n', podUid: 'u', now: new Date('2025-01-01T00:00:00Z'), jupyter: undefined };
    const none = runEmulatedCommand(['python3', '-c', 'device_lib.list_local_devices()'], {
      ...base,
      gpuCount: 0,
      gpuModel: undefined,
    });
    assert.equal(none.stdout, '/device:CPU:0|CPU|\n');
    const a10 = runEmulatedCommand(['sh', '-c', 'python -c "...list_local_devices()..."'], {
      ...base,
      gpuCount: 1,
      gpuModel: 'NVIDIA-A10',
    });
    assert.match(
      a10.stdout,
      /\/device:GPU:0\|GPU\|device: 0, name: NVIDIA A10, pci bus id: 0000:00:08.0, compute capability: 8.6\n$/,
    );
    const smi = runEmulatedCommand(['sh', '-c', 'nvidia-smi -L'], { ...base, gpuCount: 1, gpuModel: 'Tesla T4' });
    assert.match(smi.stdout, /^GPU 0: Tesla T4 \(UUID: GPU-/);
    assert.equal(
      runEmulatedCommand(['sh', '-c', 'jupyter lab list'], { ...base, gpuCount: 0, gpuModel: undefined }).stderr,
      'jupyter: command not found\n',
    );
  });
});
