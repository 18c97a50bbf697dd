import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RetryableError } from '../../src/errors.js';
import { text } from '../../src/i18n/text.js';
import type { Progress, StepState } from '../../src/messages/model.js';
import { deliveryBackoff, isMilestone } from '../../src/outbox/run-outbox-worker.js';

function progress(states: StepState[], state: Progress['state'] = 'running'): Progress {
  return {
    title: text('verbatim', { value: 't' }),
    steps: states.map((s, i) => ({ id: `s${i}`, label: text('verbatim', { value: `step ${i}` }), state: s })),
    state,
    startedAt: 0,
    updatedAt: 1,
  };
}

test('milestones: finished or failed steps and the end, not polls, not the empty start, not "all done" before the end', () => {
  assert.equal(isMilestone(progress(['running', 'pending']), undefined), false);
  assert.equal(isMilestone(progress(['done', 'running']), undefined), true);
  assert.equal(isMilestone(progress(['done', 'running']), { version: 1, states: { s0: 'done', s1: 'running' } }), false);
  assert.equal(isMilestone(progress(['done', 'failed']), { version: 1, states: { s0: 'done', s1: 'running' } }), true);
  assert.equal(isMilestone(progress(['done', 'done']), { version: 1, states: { s0: 'done', s1: 'running' } }), false);
  assert.equal(isMilestone(progress(['done', 'done'], 'succeeded'), { version: 1, states: { s0: 'done', s1: 'done' } }), true);
});

test('delivery backoff follows Retry-After or the shared gate when given, else doubles up to 30 s', () => {
  assert.equal(deliveryBackoff(3, new RetryableError('chat.rate_limited', 'x', { retryAfterMs: 7000 })), 7000);
  assert.equal(deliveryBackoff(1, new Error('x')), 1000);
  assert.equal(deliveryBackoff(4, new Error('x')), 8000);
  assert.equal(deliveryBackoff(30, new Error('x')), 30_000);
});
