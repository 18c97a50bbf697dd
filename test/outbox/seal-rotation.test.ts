import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSealer } from '../../src/outbox/seal.js';
import { loadConfig } from '../../src/config/config.js';
import { describeConfig } from '../../src/config/describe-config.js';

test('after a key rotation, messages sealed with the previous key still open; others are refused', () => {
  const sealedBefore = createSealer('old-key').seal('notebook password: hunter2');
  const rotated = createSealer('new-key', ['old-key']);
  assert.equal(rotated.open(sealedBefore), 'notebook password: hunter2');
  assert.equal(rotated.open(rotated.seal('new message')), 'new message', 'new messages use the new key');
  assert.throws(() => createSealer('new-key').open(sealedBefore), /GPUBOT_SECRET_KEY_PREVIOUS/);
  assert.throws(() => createSealer('old-key').open(rotated.seal('x')), /a key this process does not have/);
});

test('GPUBOT_SECRET_KEY_PREVIOUS is read and never shown', () => {
  const config = loadConfig({ GPUBOT_SECRET_KEY: 'new-key', GPUBOT_SECRET_KEY_PREVIOUS: 'old-key' });
  assert.equal(config.secretKeyPrevious, 'old-key');
  const shown = JSON.stringify(describeConfig(config));
  assert.ok(!shown.includes('old-key') && !shown.includes('new-key'), shown);
});
