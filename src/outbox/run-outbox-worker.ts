import { stallCheckIntervalMs } from '../queue/lock-timing.js';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { ChatSender } from '../chat/port.js';
import { GpubotError } from '../errors.js';
import type { Logger } from '../log.js';
import { message } from '../messages/model.js';
import { outboxQueueName, type QueueSettings } from '../queue/queues.js';
import { DEFAULT_RETENTION, type Retention } from '../queue/retention.js';
import { DeliveryDeferred } from './deferred.js';
import { createDeliveryRecords } from './delivery-records.js';
import { createMessageDelivery } from './deliver-message.js';
import { createProgressDelivery } from './deliver-progress.js';
import type { OutboxJob } from './outbox-job.js';
import { finalProgressPending, readProgressState } from './progress-state.js';
import type { Sealer } from './seal.js';

export { isMilestone } from './deliver-progress.js';

export interface OutboxWorkerDeps {
  readonly settings: QueueSettings;
  readonly redis: RedisClient;
  readonly sender: ChatSender;
  readonly sealer: Sealer;
  readonly log: Logger;
  readonly concurrency?: number;
  readonly retention?: Retention;
  /** A delivery whose process stops heart-beating this long is taken over by another bot process. */
  readonly lockMs?: number;
  readonly now?: () => number;
}

/** A closing post waits this long at most for its request's final progress edit (then goes anyway). */
const ORDER_WAIT_MAX_MS = 10 * 60_000;
const ORDER_RECHECK_MS = 500;
/**
 * A bot process that dies (or is redeployed) mid-delivery stalls the job; that must never drop the
 * message. Only a message that kills its process again and again (a poison message) gives up.
 */
const MAX_STALLS = 1000;

/**
 * Backoff after a failed call: what the platform or the shared gate asked for (Retry-After, the
 * outage probe interval), else doubling from 1 s up to 30 s. Parked deliveries (closed gate,
 * pacing, ordering) never get here: they are delayed without counting an attempt.
 */
export function deliveryBackoff(attemptsMade: number, error?: Error): number {
  if (error instanceof GpubotError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * The bot-side consumer of a platform's outbox: renders and sends what workers queued. A crash, a
 * rate limit or an outage delays a message; it never drops or duplicates one (as far as the
 * platform can tell us what it already has; see the README's reliability section).
 */
export function runOutboxWorker(deps: OutboxWorkerDeps): Worker {
  const { redis, sender, settings } = deps;
  const now = deps.now ?? Date.now;
  const retention = deps.retention ?? DEFAULT_RETENTION;
  const progress = createProgressDelivery({ redis, prefix: settings.prefix, sender, retentionMs: retention.completedMs, now });
  const messages = createMessageDelivery({
    sender,
    records: createDeliveryRecords(redis, settings.prefix, retention.completedMs, now),
    sealer: deps.sealer,
  });

  async function deliver(job: Job<OutboxJob>): Promise<void> {
    const data = job.data;
    if (data.kind === 'progress') return progress.deliver(data);
    if (data.kind === 'private') return messages.private(messageId(job), data);
    // The closing post reads best after the progress message shows the final state.
    if (
      now() - job.timestamp < ORDER_WAIT_MAX_MS &&
      finalProgressPending(await readProgressState(redis, settings.prefix, data.requestId))
    ) {
      throw new DeliveryDeferred('waiting for the final progress edit', ORDER_RECHECK_MS);
    }
    return messages.conversation(messageId(job), data);
  }

  /** The notifier names a message's job after its delivery id (`messageDeliveryId`). */
  const messageId = (job: Job<OutboxJob>): string => String(job.id);

  async function giveUp(job: Job<OutboxJob>, error: unknown): Promise<never> {
    const data = job.data;
    if (data.kind === 'progress') await progress.giveUp(data.requestId);
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

  async function process(job: Job<OutboxJob>, token?: string): Promise<void> {
    try {
      await deliver(job);
    } catch (error) {
      if (error instanceof DeliveryDeferred) {
        // An internal wait, not an attempt: park the job until the gate, the pace or the order allows.
        await job.moveToDelayed(now() + (error.retryAfterMs ?? ORDER_RECHECK_MS), token);
        throw new DelayedError();
      }
      if (error instanceof GpubotError && error.retryable) {
        if (now() - job.timestamp <= retention.completedMs) throw error;
        deps.log.error(
          { requestId: job.data.requestId, kind: job.data.kind },
          'chat delivery still failing after the retention period',
        );
      }
      return giveUp(job, error);
    }
  }

  const lockMs = deps.lockMs ?? 30_000;
  const worker = new Worker<OutboxJob>(outboxQueueName(sender.platform), process, {
    connection: settings.connection,
    prefix: settings.prefix,
    concurrency: deps.concurrency ?? 20,
    lockDuration: lockMs,
    stalledInterval: stallCheckIntervalMs(lockMs),
    maxStalledCount: MAX_STALLS,
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
