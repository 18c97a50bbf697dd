import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createAuditLog, type AuditLog } from '../../src/audit/audit-log.js';
import { createConfirmations } from '../../src/bot/confirmations.js';
import { createCoreHandlers, type CoreHandlerDeps } from '../../src/bot/handle-command.js';
import { createPreferences } from '../../src/bot/preferences.js';
import type { ChatDirectory, CoreHandlers } from '../../src/chat/port.js';
import { createScopeCheck } from '../../src/governance/check-scope.js';
import { createRateLimiter } from '../../src/governance/rate-limit.js';
import { NO_ROLES, type Roles } from '../../src/governance/roles.js';
import { OPEN_SCOPE, type ScopePolicy } from '../../src/governance/scope-policy.js';
import { captureLog } from './capture-log.js';

export interface CoreOptions {
  readonly roles?: Roles;
  readonly scope?: ScopePolicy;
  readonly directory?: ChatDirectory;
  readonly commandsPerMinute?: number;
  readonly supportsActions?: boolean;
  readonly supportsFiles?: boolean;
}

/** The bot's core handlers on a test Redis and prefix, with governance as the composition root wires it. */
export function buildCoreHandlers(
  redis: Redis,
  prefix: string,
  commands: Queue,
  options: CoreOptions = {},
): { handlers: CoreHandlers; audit: AuditLog; deps: CoreHandlerDeps } {
  const log = captureLog().log;
  const roles = options.roles ?? NO_ROLES;
  const perMinute = options.commandsPerMinute ?? 1000;
  const audit = createAuditLog({ redis, prefix, retentionMs: 24 * 3600_000, maxEntries: 10_000, log });
  const deps: CoreHandlerDeps = {
    redis,
    prefix,
    commands,
    preferences: createPreferences(redis, prefix),
    confirmations: createConfirmations(redis, prefix),
    log,
    limits: { maxNodesPerCluster: 40, confirmCreateAboveNodes: 4 },
    roles,
    defaultRegion: 'cn-hangzhou',
    supportsActions: options.supportsActions ?? false,
    supportsFiles: options.supportsFiles ?? false,
    audit,
    rateLimiter: createRateLimiter(redis, prefix, perMinute),
    commandsPerMinute: perMinute,
    checkScope: createScopeCheck({
      policy: options.scope ?? OPEN_SCOPE,
      roles,
      ...(options.directory ? { directory: options.directory } : {}),
      redis,
      prefix,
      cacheSeconds: 60,
      log,
    }),
  };
  return { handlers: createCoreHandlers(deps), audit, deps };
}
