import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { ChatSender, PostedMessage } from '../chat/port.js';
import { GpubotError, RetryableError } from '../errors.js';
import { text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import { message, type Message, type Progress } from '../messages/model.js';
import { outboxQueueName, type QueueSettings } from '../queue/queues.js';
import { deliveredKey, progressKey, type OutboxJob } from './outbox-job.js';
import type { Sealer } from './seal.js';

export interface OutboxWorkerDeps {
  readonly settings: QueueSettings;
  readonly redis: RedisClient;
  readonly sender: ChatSender;
  readonly sealer: Sealer;
  readonly log: Logger;
  readonly concurrency?: number;
}

interface Delivered {
  readonly version: number;
  readonly posted?: PostedMessage;
  /** The step states last shown, to find milestones on platforms that cannot edit messages. */
  readonly states?: Record<string, string>;
  readonly final?: boolean;
}

/** Exponential backoff from 1 s to 5 min, or exactly what the platform asked for (Retry-After). */
export function deliveryBackoff(attemptsMade: number, error?: Error): number {
  if (error instanceof GpubotError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
}

function stepStates(progress: Progress): Record<string, string> {
  return Object.fromEntries(progress.steps.map((step) => [step.id, step.state]));
}

/**
 * A milestone is a step that finished or failed, or the end of the request. Not one: the first
 * snapshot before anything finished (the immediate reply already said it was queued), and "every
 * step done" while still running (the final state follows at once).
 */
export function isMilestone(progress: Progress, before: Delivered | undefined): boolean {
  if (progress.state !== 'running') return true;
  if (progress.steps.every((step) => step.state === 'done' || step.state === 'skipped')) return false;
  return progress.steps.some(
    (step) => (step.state === 'done' || step.state === 'failed') && before?.states?.[step.id] !== step.state,
  );
}

/**
 * The bot-side consumer of a platform's outbox: renders and sends what workers queued. A crash
 * or a rate limit delays a message (BullMQ retries with the platform's Retry-After); it never
 * drops one. Progress is coalesced: only the newest snapshot is sent, and older jobs are skipped.
 */
export function runOutboxWorker(deps: OutboxWorkerDeps): Worker {
  const { redis, sender, sealer, settings } = deps;
  const lockOwner = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  /** The newest progress snapshot of a request and what of it was last delivered. */
  async function progressState(requestId: string): Promise<{ snapshot?: Progress & { version: number }; before?: Delivered }> {
    const [raw, delivered] = await Promise.all([
      redis.hget(progressKey(settings.prefix, requestId), 'snapshot'),
      redis.get(deliveredKey(settings.prefix, requestId)),
    ]);
    return {
      ...(raw ? { snapshot: JSON.parse(raw) as Progress & { version: number } } : {}),
      ...(delivered ? { before: JSON.parse(delivered) as Delivered } : {}),
    };
  }

  async function deliverProgress(job: OutboxJob & { kind: 'progress' }): Promise<void> {
    const lock = `${deliveredKey(settings.prefix, job.requestId)}:lock`;
    if ((await redis.set(lock, lockOwner, 'PX', 30_000, 'NX')) !== 'OK') {
      throw new RetryableError('outbox.busy', 'another delivery of this progress message is in flight', { retryAfterMs: 250 });
    }
    try {
      const { snapshot, before } = await progressState(job.requestId);
      if (!snapshot) return;
      if (before && (before.version >= snapshot.version || before.final)) return;
      if (!sender.editsMessages && !isMilestone(snapshot, before)) return;
      const posted = await sender.postProgress(job.to, snapshot, job.locale, sender.editsMessages ? before?.posted : undefined);
      const record: Delivered = {
        version: snapshot.version,
        posted,
        states: stepStates(snapshot),
        final: snapshot.state !== 'running',
      };
      await redis.set(deliveredKey(settings.prefix, job.requestId), JSON.stringify(record), 'EX', 30 * 24 * 3600);
    } finally {
      if ((await redis.get(lock)) === lockOwner) await redis.del(lock);
    }
  }

  async function finalProgressPending(requestId: string): Promise<boolean> {
    const { snapshot, before } = await progressState(requestId);
    if (!snapshot || snapshot.state === 'running') return false;
    return !before || before.version < snapshot.version;
  }

  async function deliverPrivate(job: OutboxJob & { kind: 'private' }): Promise<void> {
    const content: Message = job.sealed ? (JSON.parse(sealer.open(job.sealed)) as Message) : (job.message as Message);
    try {
      await sender.sendPrivate(job.to, content);
    } catch (error) {
      if (error instanceof GpubotError && !error.retryable) {
        // Tell the conversation that a private message could not be delivered, never what it said.
        const note = message('warning', [
          text('outbox.privateUndeliverable', { user: job.to.displayName ?? job.to.userId, reason: error.message }),
        ]);
        await sender.postToConversation(job.fallback, note, job.to.locale);
      }
      throw error;
    }
  }

  async function deliver(job: Job<OutboxJob>): Promise<void> {
    const data = job.data;
    try {
      if (data.kind === 'progress') await deliverProgress(data);
      else if (data.kind === 'conversation') {
        // The closing post reads best after the progress message shows the final state: give that a moment.
        if (job.attemptsMade < 20 && (await finalProgressPending(data.requestId))) {
          throw new RetryableError('outbox.after_progress', 'waiting for the final progress edit', { retryAfterMs: 250 });
        }
        await sender.postToConversation(data.to, data.message, data.locale);
      } else await deliverPrivate(data);
    } catch (error) {
      if (error instanceof GpubotError && error.retryable) throw error;
      if (data.kind !== 'private' && data.requester && error instanceof GpubotError && error.userMessage) {
        // The conversation is unreachable (e.g. the bot is not in the channel): tell the requester how to fix it.
        await sender.sendPrivate(data.requester, message('warning', [error.userMessage])).catch(() => undefined);
      }
      deps.log.error(
        { err: error instanceof Error ? error.message : String(error), kind: data.kind, requestId: data.requestId },
        'chat delivery failed for good',
      );
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
  }

  const worker = new Worker<OutboxJob>(outboxQueueName(sender.platform), deliver, {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: deps.concurrency ?? 20,
    settings: { backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) => deliveryBackoff(attemptsMade, error) },
  });
  worker.on('failed', (job, error) => {
    if (error instanceof GpubotError && error.retryable) {
      deps.log.debug(
        { kind: job?.data.kind, code: error.code, attempts: job?.attemptsMade },
        'chat delivery delayed, will retry',
      );
    }
  });
  worker.on('error', (error) => deps.log.error({ err: error.message }, 'outbox worker error'));
  return worker;
}
