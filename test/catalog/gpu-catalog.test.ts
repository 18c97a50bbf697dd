import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultSystemDisk,
  findFamily,
  findInstanceType,
  isWorkerCapable,
  listFamilies,
  listInstanceTypes,
  nearest,
  resolveWorkerType,
  systemDiskCategories,
} from '../../src/catalog/gpu-catalog.js';
import { closestWords, editDistance } from '../../src/catalog/edit-distance.js';

describe('gpu catalog data', () => {
  it('lists the seven families in order with their GPU', () => {
    assert.deepEqual(
      listFamilies().map((f) => `${f.name}:${f.gpuModel}:${f.gpuMemoryGiB}`),
      ['gn5:P100:16', 'gn5i:P4:8', 'gn6i:T4:16', 'gn6v:V100:16', 'gn6e:V100:32', 'gn7i:A10:24', 'gn7:A100:40'],
    );
  });

  it('derives each default as the smallest single-GPU type with >= 4 vCPU and >= 8 GiB', () => {
    const defaults = Object.fromEntries(listFamilies().map((f) => [f.name, f.defaultType]));
    assert.deepEqual(defaults, {
      gn5: 'ecs.gn5-c4g1.xlarge',
      gn5i: 'ecs.gn5i-c4g1.xlarge',
      gn6i: 'ecs.gn6i-c4g1.xlarge',
      gn6v: 'ecs.gn6v-c8g1.2xlarge',
      gn6e: 'ecs.gn6e-c12g1.3xlarge',
      gn7i: 'ecs.gn7i-c8g1.2xlarge',
      gn7: 'ecs.gn7-c12g1.3xlarge',
    });
  });

  it('keeps ids unique, prefixed, and inside their family', () => {
    const ids = listInstanceTypes().map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const type of listInstanceTypes()) {
      assert.ok(type.id.startsWith(`ecs.${type.family}-`), type.id);
      assert.ok(type.gpuCount >= 1 && type.gpuCount <= 8, type.id);
    }
  });

  it('matches the documented gn5 table', () => {
    assert.deepEqual(findInstanceType('ecs.gn5-c8g1.14xlarge'), {
      id: 'ecs.gn5-c8g1.14xlarge',
      family: 'gn5',
      vcpu: 54,
      memoryGiB: 480,
      gpuModel: 'P100',
      gpuCount: 8,
      gpuMemoryGiB: 16,
    });
    assert.equal(listInstanceTypes().filter((t) => t.family === 'gn5').length, 8);
  });
});

describe('lookups', () => {
  it('finds families and types case-insensitively, with or without the ecs. prefix', () => {
    assert.equal(findFamily('GN6I')?.name, 'gn6i');
    assert.equal(findFamily('gn9'), undefined);
    assert.equal(findInstanceType('ECS.GN6I-C4G1.XLARGE')?.id, 'ecs.gn6i-c4g1.xlarge');
    assert.equal(findInstanceType('gn6i-c4g1.xlarge')?.id, 'ecs.gn6i-c4g1.xlarge');
    assert.equal(findInstanceType('ecs.g6.large'), undefined);
  });

  it('system disks: gn5/gn5i have no ESSD, newer families prefer ESSD', () => {
    assert.equal(defaultSystemDisk('ecs.gn5-c4g1.xlarge'), 'cloud_ssd');
    assert.deepEqual(systemDiskCategories('ecs.gn5i-c4g1.xlarge'), ['cloud_ssd', 'cloud_efficiency']);
    assert.equal(defaultSystemDisk('ecs.gn7i-c8g1.2xlarge'), 'cloud_essd');
    assert.deepEqual(systemDiskCategories('ecs.gn6v-c8g1.2xlarge'), ['cloud_essd', 'cloud_ssd', 'cloud_efficiency']);
    assert.throws(() => defaultSystemDisk('ecs.nope'), /unknown instance type/);
  });
});

describe('resolveWorkerType', () => {
  it('resolves a family to its default type', () => {
    const result = resolveWorkerType('gn5');
    assert.ok(result.ok);
    assert.equal(result.type.id, 'ecs.gn5-c4g1.xlarge');
  });

  it('accepts an explicit capable type', () => {
    const result = resolveWorkerType('ecs.gn6i-c4g1.xlarge');
    assert.ok(result.ok);
    assert.equal(result.type.family, 'gn6i');
  });

  it('rejects a known type below the ACK worker minimum and offers the family default', () => {
    const small = findInstanceType('ecs.gn5i-c2g1.large');
    assert.ok(small && !isWorkerCapable(small));
    const result = resolveWorkerType('ecs.gn5i-c2g1.large');
    assert.deepEqual(result, { ok: false, error: { reason: 'too-small', type: small, alternative: 'ecs.gn5i-c4g1.xlarge' } });
  });

  it('rejects vGPU families with their own reason', () => {
    assert.deepEqual(resolveWorkerType('vgn6i'), { ok: false, error: { reason: 'vgpu', token: 'vgn6i' } });
  });

  it('rejects unknown tokens with suggestions', () => {
    assert.deepEqual(resolveWorkerType('gn55'), {
      ok: false,
      error: { reason: 'unknown', token: 'gn55', suggestions: ['gn5', 'gn5i'] },
    });
  });
});

describe('nearest', () => {
  const cases: [string, string[]][] = [
    ['gn5x', ['gn5', 'gn5i']],
    ['gni5', ['gn5', 'gn5i']],
    ['GN6', ['gn6i', 'gn6v', 'gn6e']],
    ['t4', ['gn6i']],
    ['V100', ['gn6v', 'gn6e']],
    ['a100', ['gn7']],
    ['ecs.gn5-c4g1.xlarg', ['ecs.gn5-c4g1.xlarge', 'ecs.gn5-c4g1.2xlarge', 'ecs.gn5i-c4g1.xlarge']],
    ['kubernetes', []],
    ['x', []],
    ['gpu', []],
    ['p100', ['gn5']],
  ];
  for (const [token, expected] of cases) {
    it(`${token} -> ${expected.join(', ') || '(nothing)'}`, () => assert.deepEqual(nearest(token), expected));
  }
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('gn5', 'gn5i'), 1);
    assert.equal(editDistance('gni5', 'gn5i'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.deepEqual(closestWords('lsit', ['create', 'list', 'status']), ['list']);
  });
});
