import type { JobsOptions, Queue } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { Message, Progress } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import { jobRetention, type Retention } from '../queue/retention.js';
import { messageDeliveryId, progressKey, type OutboxJob } from './outbox-job.js';
import type { Sealer } from './seal.js';
import type { ConversationRef, Platform } from '../chat/port.js';
import type { Locale } from '../i18n/text.js';

/** How workers talk to chat: through the platform's outbox queue, never directly. */
export interface Notifier {
  /** Publishes the latest state of the request's progress message (coalesced, edited in place). */
  progress(request: ChatRequest, progress: Progress): Promise<void>;
  /** Posts into the request's conversation, once per (request, key) however often it is called. */
  toConversation(request: ChatRequest, key: string, message: Message): Promise<void>;
  /** Sends a private message to the requester, once per (request, key). `secret` seals it. */
  toRequester(request: ChatRequest, key: string, message: Message, options?: { secret?: boolean }): Promise<void>;
}

/** Posts that belong to no request. */
export interface ChannelPoster {
  /**
   * Posts into a channel no request came from (e.g. GPUBOT_AUDIT_CHANNEL), once per `key` (letters,
   * digits, `-` and `_`). Never for secrets: the message waits in Redis unsealed.
   */
  toChannel(to: ConversationRef, key: string, message: Message, locale: Locale): Promise<void>;
}

export interface OutboxNotifierDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly outbox: (platform: Platform) => Queue;
  readonly sealer: Sealer;
  /** Per platform, the delay before a progress edit goes out, so a burst of steps becomes one edit. */
  readonly coalesceMs: Readonly<Record<Platform, number>>;
  readonly retention: Retention;
}

/**
 * Retries are the outbox's to decide (it gives up only on permanent errors or after the retention
 * period), so the attempt count is effectively unbounded; waits inside the outbox never count.
 */
const ATTEMPTS = 1_000_000;

export function createOutboxNotifier(deps: OutboxNotifierDeps): Notifier & ChannelPoster {
  const delivery: JobsOptions = { attempts: ATTEMPTS, backoff: { type: 'custom' }, ...jobRetention(deps.retention) };
  const add = (platform: Platform, job: OutboxJob, options: JobsOptions) =>
    deps.outbox(platform).add(job.kind, job, { ...delivery, ...options });
  return {
    async progress(request, progress) {
      const key = progressKey(deps.prefix, request.requestId);
      const version = await deps.redis.hincrby(key, 'version', 1);
      await deps.redis
        .multi()
        .hset(key, 'snapshot', JSON.stringify({ ...progress, version }))
        .pexpire(key, deps.retention.completedMs)
        .exec();
      const final = progress.state !== 'running';
      // One progress job per request at a time: while it waits, later versions fold into it (it sends
      // the newest snapshot); while it runs, one follow-up is kept. The final state goes out at once.
      await add(
        request.conversation.platform,
        {
          kind: 'progress',
          requestId: request.requestId,
          to: request.conversation,
          locale: request.requester.locale,
          requester: request.requester,
        },
        {
          jobId: `${request.requestId}-progress-${version}`,
          delay: final ? 0 : deps.coalesceMs[request.conversation.platform],
          deduplication: { id: `${request.requestId}-progress`, keepLastIfActive: true, ...(final ? { reschedule: true } : {}) },
        },
      );
    },
    async toConversation(request, key, message) {
      const job: OutboxJob = {
        kind: 'conversation',
        requestId: request.requestId,
        to: request.conversation,
        locale: request.requester.locale,
        message,
        requester: request.requester,
      };
      await add(request.conversation.platform, job, { jobId: messageDeliveryId(request.requestId, 'conversation', key) });
    },
    async toRequester(request, key, message, options = {}) {
      const body = options.secret ? { sealed: deps.sealer.seal(JSON.stringify(message)) } : { message };
      const job: OutboxJob = {
        kind: 'private',
        requestId: request.requestId,
        to: request.requester,
        fallback: request.conversation,
        ...body,
      };
      await add(request.conversation.platform, job, { jobId: messageDeliveryId(request.requestId, 'private', key) });
    },
    async toChannel(to, key, message, locale) {
      const job: OutboxJob = { kind: 'conversation', requestId: `channel-${key}`, to, locale, message };
      await add(to.platform, job, { jobId: `channel-${key}` });
    },
  };
}
