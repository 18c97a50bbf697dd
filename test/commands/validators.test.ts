import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkImageRef, type ImageProblem } from '../../src/commands/validate-image.js';
import { isRegionId, isZoneId, isZoneInRegion } from '../../src/commands/validate-location.js';
import { checkName, suggestName } from '../../src/commands/validate-name.js';
import { normalizeInput, MAX_INPUT_CHARS } from '../../src/commands/normalize-input.js';
import { parseWholeNumber } from '../../src/commands/parse-values.js';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('image references', () => {
  const valid = [
    'tensorflow/tensorflow:1.4.1-gpu-py3',
    'tensorflow/tensorflow',
    'ubuntu',
    'ubuntu:22.04',
    'library/ubuntu:latest',
    'jupyter/tensorflow-notebook:2023-10-20',
    'registry.cn-hangzhou.aliyuncs.com/acs/tensorflow:1.4.1-gpu-py3',
    'localhost:5000/team/image:dev',
    'localhost/image',
    '127.0.0.1:5000/a/b/c:Tag_With.Upper-case',
    `ubuntu@${DIGEST}`,
    `ubuntu:22.04@${DIGEST}`,
    'a__b/c--d/e.f_g:t',
    'nvcr.io/nvidia/pytorch:24.01-py3',
  ];
  for (const ref of valid) it(`valid: ${ref}`, () => assert.equal(checkImageRef(ref), undefined));

  const invalid: [string, ImageProblem][] = [
    ['Tensorflow/tensorflow', 'uppercase'],
    ['tensorflow/TensorFlow:1.0', 'uppercase'],
    ['ubuntu:', 'tag'],
    ['ubuntu:-x', 'tag'],
    ['ubuntu:.x', 'tag'],
    [`ubuntu:${'t'.repeat(129)}`, 'tag'],
    ['ubuntu@sha256:xyz', 'digest'],
    [`ubuntu@md5:${'a'.repeat(32)}`, 'digest'],
    [`ubuntu@${DIGEST.toUpperCase()}`, 'digest'],
    ['', 'format'],
    [':tag', 'format'],
    ['a//b', 'format'],
    ['/a', 'format'],
    ['a/', 'format'],
    ['-a', 'format'],
    ['a_', 'format'],
    ['a___b', 'format'],
    ['bad_host.com:x/img', 'format'],
    ['-bad.com/img', 'format'],
    [`r.io/${'a'.repeat(260)}`, 'too-long'],
  ];
  for (const [ref, problem] of invalid)
    it(`invalid (${problem}): ${ref.slice(0, 40)}`, () => assert.equal(checkImageRef(ref), problem));
});

describe('names', () => {
  it('accepts DNS-1035 labels up to the limit', () => {
    for (const name of ['a', 'a1', 'gpu-test-2', 'a'.repeat(63)]) assert.equal(checkName(name, 63), undefined, name);
  });
  it('names the first problem', () => {
    assert.deepEqual(checkName('a'.repeat(41), 40), { problem: 'too-long', length: 41 });
    assert.deepEqual(checkName('', 40), { problem: 'start' });
    assert.deepEqual(checkName('Abc', 40), { problem: 'uppercase' });
    assert.deepEqual(checkName('a.b', 40), { problem: 'char', char: '.' });
    assert.deepEqual(checkName('9a', 40), { problem: 'start' });
    assert.deepEqual(checkName('-a', 40), { problem: 'start' });
    assert.deepEqual(checkName('a-', 40), { problem: 'end' });
    assert.deepEqual(checkName('help', 40), { problem: 'reserved' });
  });
  it('suggests a close valid name when there is one', () => {
    assert.equal(suggestName('My_GPU', 63), 'my-gpu');
    assert.equal(suggestName('1st-cluster', 63), 'st-cluster');
    assert.equal(suggestName('集群', 63), undefined);
    assert.equal(suggestName('help', 63), undefined);
    assert.equal(suggestName(`${'a'.repeat(39)}-b`, 40), 'a'.repeat(39));
  });
});

describe('regions and zones', () => {
  it('recognizes region ids', () => {
    for (const id of ['cn-hangzhou', 'ap-southeast-1', 'cn-shanghai-finance-1', 'us-west-1']) assert.ok(isRegionId(id), id);
    for (const id of ['hangzhou', 'CN-hangzhou', 'cn_hangzhou', 'cn-', 'c-hangzhou', `cn-${'a'.repeat(70)}`])
      assert.ok(!isRegionId(id), id);
  });
  it('recognizes zone ids and their region', () => {
    for (const id of ['cn-hangzhou-h', 'ap-southeast-1a', 'cn-shanghai-finance-1z', 'cn-beijing-a']) assert.ok(isZoneId(id), id);
    for (const id of ['cn-hangzhou', 'ap-southeast-1', 'h', 'cn-hangzhou-1']) assert.ok(!isZoneId(id), id);
    assert.ok(isZoneInRegion('cn-hangzhou-h', 'cn-hangzhou'));
    assert.ok(isZoneInRegion('ap-southeast-1a', 'ap-southeast-1'));
    assert.ok(!isZoneInRegion('cn-hangzhou-h', 'cn-beijing'));
  });
});

describe('input normalization and numbers', () => {
  it('counts the limit in characters, not UTF-16 units', () => {
    assert.ok(normalizeInput('集'.repeat(MAX_INPUT_CHARS)).ok);
    assert.ok(normalizeInput('😀'.repeat(MAX_INPUT_CHARS)).ok);
    assert.ok(!normalizeInput('😀'.repeat(MAX_INPUT_CHARS + 1)).ok);
  });
  it('folds full-width forms and drops zero-width characters', () => {
    assert.deepEqual(normalizeInput('／ｎｏｔｅｂｏｏｋ\u3000ｌｉｓｔ\u200b'), { ok: true, text: '/notebook list' });
  });
  it('parses digits only', () => {
    assert.equal(parseWholeNumber('007'), 7);
    for (const bad of ['', '+1', '-1', '1.0', '1e3', ' 1', '١']) assert.equal(parseWholeNumber(bad), undefined, bad);
  });
});
