import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../src/commands/parse-command.js';
import { formatDuration, parseDuration } from '../../src/commands/parse-duration.js';
import { translate } from '../../src/i18n/translate.js';
import { formatSpan } from '../../src/i18n/format-span.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('durations: s, m, h, d everywhere', () => {
  it('parses single and combined units, case-insensitively', () => {
    assert.equal(parseDuration('45s'), 45_000);
    assert.equal(parseDuration('90m'), 90 * MINUTE);
    assert.equal(parseDuration('8h'), 8 * HOUR);
    assert.equal(parseDuration('3d'), 72 * HOUR);
    assert.equal(parseDuration('1h30m'), 90 * MINUTE);
    assert.equal(parseDuration('2D'), 48 * HOUR);
  });

  it('refuses what is not a whole number with a unit, and zero', () => {
    for (const bad of ['', '8', 'h', '1.5h', '-2h', '2 h', '2hours', '0m', '0h0m', '1w', '2h-', 'soon', '1234567h']) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });

  it('formats exactly and shortest, and spans for people in both languages', () => {
    assert.equal(formatDuration(90 * MINUTE), '1h30m');
    assert.equal(formatDuration(72 * HOUR), '3d');
    assert.equal(formatSpan(2 * HOUR + 5 * MINUTE + 30_000, 'en'), '2h 5m');
    assert.equal(formatSpan(26 * HOUR, 'zh'), '1天2小时');
    assert.equal(formatSpan(29 * MINUTE + 57_000, 'en'), '29m 57s');
    assert.equal(formatSpan(-5000, 'en'), '0s');
  });
});

describe('ttl= and extend', () => {
  const options = { maxNodesPerCluster: 40, maxClusterTtlMs: 7 * 24 * HOUR };
  const error = (input: string) => {
    const parsed = parseCommand(input, options);
    assert.equal(parsed.ok, false, input);
    return parsed.ok ? '' : translate('en', parsed.error);
  };

  it('create takes ttl= up to the maximum', () => {
    const parsed = parseCommand('/gpu-cluster create 2 gn5 ttl=3d', options);
    assert.ok(parsed.ok && parsed.command.kind === 'cluster.create');
    assert.equal(parsed.ok && parsed.command.kind === 'cluster.create' ? parsed.command.ttlMs : 0, 72 * HOUR);
    assert.match(error('/gpu-cluster create 2 gn5 ttl=8d'), /`8d` is longer than a cluster may live: at most 7d/);
    assert.match(error('/gpu-cluster create 2 gn5 ttl=forever'), /`forever` is not a duration/);
  });

  it('extend <name> <duration>', () => {
    const parsed = parseCommand('/gpu-cluster extend demo 2h', options);
    assert.deepEqual(parsed.ok && parsed.command, { kind: 'cluster.extend', name: 'demo', byMs: 2 * HOUR });
    assert.match(error('/gpu-cluster extend demo'), /duration/);
    assert.match(error('/gpu-cluster extend demo 2'), /`2` is not a duration/);
    assert.match(error('/gpu-cluster extend Demo! 2h'), /name/i);
    assert.match(error('/gpu-cluster extend demo 30d'), /at most 7d/);
  });
});
