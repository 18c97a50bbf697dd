import assert from 'node:assert/strict';
import { test } from 'node:test';
import { text } from '../../src/i18n/text.js';
import { BATCH_FLUSH_MS, ProgressTracker } from '../../src/jobs/progress-tracker.js';
import type { Progress } from '../../src/messages/model.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { pollUntil } from '../support/poll-until.js';

const request: ChatRequest = {
  requestId: 'r-progress',
  command: { kind: 'cluster.list' },
  requester: { platform: 'console', userId: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
  receivedAt: 0,
};

/** The notifier port, recording every edit the tracker publishes. */
function recordingNotifier(): Notifier & { edits: Progress[] } {
  const edits: Progress[] = [];
  return {
    edits,
    progress: (_request, progress) => {
      edits.push(progress);
      return Promise.resolve();
    },
    toConversation: () => Promise.reject(new Error('not used')),
    toRequester: () => Promise.reject(new Error('not used')),
  };
}

const steps = ['schedule', 'pull', 'ready'].map((id) => ({ id, label: text('notebook.step.schedule') }));
const states = (progress: Progress | undefined) => progress?.steps.map((step) => step.state);

test('outside a batch every change is an edit; a batch of changes is one edit with all of them', async () => {
  const notifier = recordingNotifier();
  const tracker = new ProgressTracker(request, notifier, text('notebook.step.schedule'), steps);
  await tracker.start('schedule');
  await tracker.done('schedule');
  assert.equal(notifier.edits.length, 2);
  await tracker.batch(async () => {
    await tracker.done('pull');
    await tracker.start('ready');
    await tracker.done('ready');
  });
  assert.equal(notifier.edits.length, 3);
  assert.deepEqual(states(notifier.edits.at(-1)), ['done', 'done', 'done']);
});

test('a batch that changes nothing edits nothing; one that throws still shows what it changed', async () => {
  const notifier = recordingNotifier();
  const tracker = new ProgressTracker(request, notifier, text('notebook.step.schedule'), steps);
  await tracker.batch(() => tracker.start('schedule'));
  assert.equal(notifier.edits.length, 1);
  await tracker.batch(() => tracker.start('schedule'));
  assert.equal(notifier.edits.length, 1, 'an unchanged step is no edit');
  await assert.rejects(
    tracker.batch(async () => {
      await tracker.done('schedule');
      throw new Error('the look failed');
    }),
    /the look failed/,
  );
  assert.equal(notifier.edits.length, 2);
  assert.deepEqual(states(notifier.edits.at(-1)), ['done', 'pending', 'pending']);
});

test('a long batch still shows its steps: what waited goes out once the last edit is BATCH_FLUSH_MS old', async () => {
  const notifier = recordingNotifier();
  let clock = 0;
  const tracker = new ProgressTracker(request, notifier, text('notebook.step.schedule'), steps, undefined, () => clock);
  let slowCall!: () => void;
  const batch = tracker.batch(async () => {
    await tracker.start('schedule');
    assert.equal(notifier.edits.length, 0, 'a quick change waits for the batch');
    // A slow cloud call: the change made before it goes out while it runs.
    clock = BATCH_FLUSH_MS;
    await new Promise<void>((resolve) => (slowCall = resolve));
    await tracker.done('schedule');
    await tracker.start('pull');
  });
  await pollUntil(
    () => notifier.edits.length === 1,
    () => `${notifier.edits.length} edits during the slow call, not 1`,
  );
  assert.deepEqual(states(notifier.edits[0]), ['running', 'pending', 'pending']);
  slowCall();
  await batch;
  assert.equal(notifier.edits.length, 2, 'the rest is one edit at the end');
  assert.deepEqual(states(notifier.edits[1]), ['done', 'running', 'pending']);
});
