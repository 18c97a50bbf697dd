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
import { createDecisions } from '../../src/approvals/decisions.js';
import type { SpendLimits } from '../../src/config/config.js';
import { createQuoter, type PriceLookup } from '../../src/pricing/quote-request.js';
import { createReservations } from '../../src/reservations/reservations.js';
import { createSpendLedger } from '../../src/spend/spend-ledger.js';

export interface CoreOptions {
  readonly roles?: Roles;
  readonly scope?: ScopePolicy;
  readonly directory?: ChatDirectory;
  readonly commandsPerMinute?: number;
  readonly supportsActions?: boolean;
  readonly supportsFiles?: boolean;
  /** Instance prices (DescribePrice through the real adapter, e.g. `emulatedCloud(emulator)`); needed for creates. */
  readonly prices?: PriceLookup;
  /** Per-user and workspace limits; generous unless a test is about them. */
  readonly limits?: Partial<SpendLimits>;
  readonly confirmAbove?: number;
  readonly approveAbove?: number;
}

/** Limits high enough that only the tests about limits meet them. */
export const GENEROUS_LIMITS: SpendLimits = {
  userGpus: 10_000,
  userClusters: 10_000,
  userNotebooks: 10_000,
  userGpuHoursPerDay: 1_000_000,
  workspaceGpus: 100_000,
  workspaceSpendPerDay: 100_000_000,
};

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
  const ledger = createSpendLedger({
    redis,
    prefix,
    reservations: createReservations({ redis, prefix }),
    limits: { ...GENEROUS_LIMITS, ...options.limits },
    now: Date.now,
  });
  const deps: CoreHandlerDeps = {
    redis,
    prefix,
    commands,
    preferences: createPreferences(redis, prefix),
    confirmations: createConfirmations(redis, prefix),
    log,
    limits: { maxNodesPerCluster: 40 },
    spending: {
      ledger,
      decisions: createDecisions({
        redis,
        prefix,
        times: { confirmMs: 15 * 60_000, approvalMs: 8 * 3600_000, keepMs: 24 * 3600_000 },
        now: Date.now,
      }),
      quote: createQuoter({
        lookup:
          options.prices ??
          (() => Promise.reject(new Error('this test gave buildCoreHandlers no prices: pass emulatedCloud(...).instancePrice'))),
        table: { clusterFee: 0.64, natGateway: 0.25, eip: 0.02, apiServerLb: 0.1, notebookLb: 0.1 },
        redis,
        prefix,
        cacheMs: 60_000,
        timeoutMs: 2000,
        log,
      }),
      confirmAbove: options.confirmAbove ?? 1_000_000,
      approveAbove: options.approveAbove ?? 1_000_000,
      approvers: roles.approvers,
      approvalMs: 8 * 3600_000,
    },
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
