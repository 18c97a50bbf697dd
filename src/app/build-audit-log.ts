import type { Queue } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import { mirrorToChannel } from '../audit/mirror-to-channel.js';
import type { Platform } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import { createOutboxNotifier } from '../outbox/notifier.js';
import type { Sealer } from '../outbox/seal.js';
import type { QueueSettings } from '../queue/queues.js';

/** Channel copies read best in the language the platform's users mostly speak. */
const MIRROR_LOCALE = { slack: 'en', console: 'en', dingtalk: 'zh-CN' } as const;

/** The audit trail every role appends to, mirrored to GPUBOT_AUDIT_CHANNEL on the configured platform. */
export function buildAuditLog(deps: {
  config: Config;
  log: Logger;
  redis: RedisClient;
  settings: QueueSettings;
  sealer: Sealer;
  outbox: (platform: Platform) => Queue;
}): AuditLog {
  const { config } = deps;
  const channel = config.governance.audit.channel;
  const notifier = createOutboxNotifier({
    redis: deps.redis,
    prefix: deps.settings.prefix,
    outbox: deps.outbox,
    sealer: deps.sealer,
    coalesceMs: { slack: 0, dingtalk: 0, console: 0 },
    retention: config.retention,
  });
  const to = channel
    ? { platform: config.chat, channelId: channel, ...(config.chat === 'dingtalk' ? { extra: { conversationType: '2' } } : {}) }
    : undefined;
  return createAuditLog({
    redis: deps.redis,
    prefix: deps.settings.prefix,
    retentionMs: config.governance.audit.retentionMs,
    maxEntries: config.governance.audit.maxEntries,
    log: deps.log,
    ...(to ? { mirror: mirrorToChannel(notifier, to, MIRROR_LOCALE[config.chat]) } : {}),
  });
}
