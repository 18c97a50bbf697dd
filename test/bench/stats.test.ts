import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, ratio, spread } from '../../bench/stats.js';
import { formatFigure, meets } from '../../bench/report.js';

test('percentile is the nearest rank: p50 of 1..100 is 50, p99 is 99, of one value that value', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(hundred, 0.5), 50);
  assert.equal(percentile(hundred, 0.99), 99);
  assert.equal(percentile(hundred, 1), 100);
  assert.equal(percentile(hundred, 0), 1);
  assert.equal(percentile([7], 0.99), 7);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  // With fewer than 100 values p99 is the largest.
  assert.equal(spread([3, 1, 2]).p99, 3);
  assert.deepEqual(spread([5, 1, 3, 2, 4]), { n: 5, p50: 3, p99: 5, max: 5 });
});

test('a ratio to a missing or zero baseline is not a number, not Infinity', () => {
  assert.equal(ratio(3, 2), 1.5);
  assert.ok(Number.isNaN(ratio(3, 0)));
  assert.ok(Number.isNaN(ratio(3, Number.NaN)));
});

test('a figure is marked PASS at or under its target, MISS above it or when it could not be measured', () => {
  const at = { label: 'ack, p99', value: 90, unit: 'ms', target: { limit: 90, text: '≤ 1.5 × bare Bolt p99' } };
  assert.equal(meets(at), true);
  assert.match(formatFigure(at), /PASS$/);
  assert.equal(meets({ ...at, value: 91 }), false);
  assert.match(formatFigure({ ...at, value: 91 }), /MISS$/);
  assert.equal(meets({ ...at, value: Number.NaN }), false);
  assert.equal(meets({ label: 'no target', value: 1, unit: 's' }), undefined);
  assert.match(formatFigure({ ...at, baseline: { value: 60, name: 'bare Bolt' } }), /1\.50× bare Bolt 60/);
});
