import type { RedisClient } from '../queue/redis-connection.js';
import type { ChatSender, DeliveryTicket } from '../chat/port.js';
import type { Progress } from '../messages/model.js';
import { certainlyNotDelivered } from './deferred.js';
import type { OutboxJob } from './outbox-job.js';
import { readProgressState, writeDelivered, type DeliveredProgress } from './progress-state.js';

export interface ProgressDeliveryDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly sender: ChatSender;
  readonly retentionMs: number;
  readonly now: () => number;
}

function stepStates(progress: Progress): Record<string, string> {
  return Object.fromEntries(progress.steps.map((step) => [step.id, step.state]));
}

/**
 * A milestone is a step that finished or failed, or the end of the request. Not one: the first
 * snapshot before anything finished (the immediate reply already said it was queued), and "every
 * step done" while still running (the final state follows at once).
 */
export function isMilestone(progress: Progress, before: DeliveredProgress | undefined): boolean {
  if (progress.state !== 'running') return true;
  if (progress.steps.every((step) => step.state === 'done' || step.state === 'skipped')) return false;
  return progress.steps.some(
    (step) => (step.state === 'done' || step.state === 'failed') && before?.states?.[step.id] !== step.state,
  );
}

/**
 * Sends the newest progress snapshot of a request: an edit of the message posted before where the
 * platform can edit, otherwise a new message per milestone. A new message is recorded as pending
 * before it is posted, so after a crash the sender looks for it instead of posting it twice.
 */
export function createProgressDelivery(deps: ProgressDeliveryDeps) {
  const { redis, prefix, sender } = deps;
  const save = (requestId: string, record: DeliveredProgress) =>
    writeDelivered(redis, prefix, requestId, record, deps.retentionMs);

  return {
    async deliver(job: OutboxJob & { kind: 'progress' }): Promise<void> {
      const { snapshot, delivered } = await readProgressState(redis, prefix, job.requestId);
      if (!snapshot || delivered?.failed) return;
      if (delivered && (delivered.version >= snapshot.version || delivered.final)) return;
      if (!sender.editsMessages && !isMilestone(snapshot, delivered)) return;
      const previous = sender.editsMessages ? delivered?.posted : undefined;
      let ticket: DeliveryTicket | undefined;
      if (!previous) {
        if (delivered?.pending) ticket = { ...delivered.pending, unconfirmed: true };
        else {
          const id = sender.editsMessages ? `${job.requestId}-progress` : `${job.requestId}-progress-${snapshot.version}`;
          ticket = { id, since: deps.now(), unconfirmed: false };
          await save(job.requestId, { ...(delivered ?? { version: 0 }), pending: { id, since: ticket.since } });
        }
      }
      let posted;
      try {
        posted = await sender.postProgress(job.to, snapshot, job.locale, previous, ticket);
      } catch (error) {
        // Nothing was posted: forget the intent, so the next attempt need not look for it.
        if (ticket && !ticket.unconfirmed && certainlyNotDelivered(error)) await save(job.requestId, delivered ?? { version: 0 });
        throw error;
      }
      await save(job.requestId, {
        version: snapshot.version,
        posted,
        states: stepStates(snapshot),
        final: snapshot.state !== 'running',
        sentAt: deps.now(),
      });
    },

    /** Later versions are not tried once delivery failed for good (one warning, not one per version). */
    async giveUp(requestId: string): Promise<void> {
      const { delivered } = await readProgressState(redis, prefix, requestId);
      await save(requestId, { ...(delivered ?? { version: 0 }), failed: true });
    },
  };
}
