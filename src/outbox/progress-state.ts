import type { RedisClient } from '../queue/redis-connection.js';
import type { PostedMessage } from '../chat/port.js';
import type { Progress } from '../messages/model.js';
import { deliveredKey, progressKey } from './outbox-job.js';

/** What of a request's progress reached the chat, and where. */
export interface DeliveredProgress {
  readonly version: number;
  readonly posted?: PostedMessage;
  /** The step states last shown, to find milestones on platforms that cannot edit messages. */
  readonly states?: Record<string, string>;
  readonly final?: boolean;
  /** When the last version was sent (ms). */
  readonly sentAt?: number;
  /** A new message was being posted under this ticket: after a crash, look for it before posting again. */
  readonly pending?: { readonly id: string; readonly since: number };
  /** Delivery failed for good (e.g. the bot is not in the channel): later versions are not tried. */
  readonly failed?: boolean;
}

export type Snapshot = Progress & { readonly version: number };

export interface ProgressState {
  readonly snapshot?: Snapshot;
  readonly delivered?: DeliveredProgress;
}

/** The newest snapshot of a request's progress and what of it was delivered, in one round trip. */
export async function readProgressState(redis: RedisClient, prefix: string, requestId: string): Promise<ProgressState> {
  const [raw, delivered] = await Promise.all([
    redis.hget(progressKey(prefix, requestId), 'snapshot'),
    redis.get(deliveredKey(prefix, requestId)),
  ]);
  return {
    ...(raw ? { snapshot: JSON.parse(raw) as Snapshot } : {}),
    ...(delivered ? { delivered: JSON.parse(delivered) as DeliveredProgress } : {}),
  };
}

export async function writeDelivered(
  redis: RedisClient,
  prefix: string,
  requestId: string,
  record: DeliveredProgress,
  retentionMs: number,
): Promise<void> {
  await redis.set(deliveredKey(prefix, requestId), JSON.stringify(record), 'PX', retentionMs);
}

/** True while the request's final progress state is still waiting to be shown. */
export function finalProgressPending(state: ProgressState): boolean {
  const { snapshot, delivered } = state;
  if (!snapshot || snapshot.state === 'running' || delivered?.failed) return false;
  return !delivered || delivered.version < snapshot.version;
}
