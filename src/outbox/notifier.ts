import type { Queue } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { Message, Progress } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import { KEEP_COMPLETED, KEEP_FAILED } from '../queue/queues.js';
import { progressKey, type OutboxJob } from './outbox-job.js';
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
}

const PROGRESS_TTL_S = 30 * 24 * 3600;
const DELIVERY = {
  attempts: 1000,
  backoff: { type: 'custom' },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
} as const;

export function createOutboxNotifier(deps: OutboxNotifierDeps): Notifier & ChannelPoster {
  const add = (request: ChatRequest, jobId: string, job: OutboxJob, delay = 0) =>
    deps.outbox(request.conversation.platform).add(job.kind, job, { ...DELIVERY, jobId, delay });
  return {
    async progress(request, progress) {
      const key = progressKey(deps.prefix, request.requestId);
      const version = await deps.redis.hincrby(key, 'version', 1);
      await deps.redis
        .multi()
        .hset(key, 'snapshot', JSON.stringify({ ...progress, version }))
        .expire(key, PROGRESS_TTL_S)
        .exec();
      const final = progress.state !== 'running';
      await add(
        request,
        `${request.requestId}-progress-${version}`,
        {
          kind: 'progress',
          requestId: request.requestId,
          to: request.conversation,
          locale: request.requester.locale,
          version,
          requester: request.requester,
        },
        final ? 0 : deps.coalesceMs[request.conversation.platform],
      );
    },
    async toConversation(request, key, message) {
      await add(request, `${request.requestId}-conversation-${key}`, {
        kind: 'conversation',
        requestId: request.requestId,
        to: request.conversation,
        locale: request.requester.locale,
        message,
        requester: request.requester,
      });
    },
    async toRequester(request, key, message, options = {}) {
      const body = options.secret ? { sealed: deps.sealer.seal(JSON.stringify(message)) } : { message };
      await add(request, `${request.requestId}-private-${key}`, {
        kind: 'private',
        requestId: request.requestId,
        to: request.requester,
        fallback: request.conversation,
        ...body,
      });
    },
    async toChannel(to, key, message, locale) {
      const job: OutboxJob = { kind: 'conversation', requestId: `channel-${key}`, to, locale, message };
      await deps.outbox(to.platform).add(job.kind, job, { ...DELIVERY, jobId: `channel-${key}` });
    },
  };
}
