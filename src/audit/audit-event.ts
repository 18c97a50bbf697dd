import type { Platform, Requester } from '../chat/port.js';
import { ownerOf } from '../queue/request.js';

/**
 * One thing that happened, as the audit trail keeps it. Entries are facts (who, what, where,
 * outcome, codes and ids), never message text or secrets: no passwords, tokens, kubeconfigs, and
 * no raw command text (a person may paste anything into a command).
 *
 * `action` names what happened, `area.verb`: `command.accepted`, `command.refused`,
 * `confirmation.asked`, `confirmation.confirmed`, `confirmation.cancelled`, `cloud.create`,
 * `cloud.delete`, `job.succeeded`, `job.failed`; other areas add their own (`approval.granted`,
 * `notebook.idle-stopped`, ...) with one `audit.record(...)` call.
 */
export interface AuditEvent {
  readonly action: string;
  /** `<platform>:<user id>` of the person, or `gpubot` for automatic actions. */
  readonly actor: string;
  /** The person's display name when known (shown, never trusted). */
  readonly actorName?: string;
  readonly platform?: Platform;
  /** The conversation the request came from (Slack channel id, DingTalk conversation id). */
  readonly channel?: string;
  readonly requestId?: string;
  /** The command kind, e.g. `cluster.create`. */
  readonly command?: string;
  /** What it concerns: a cluster or notebook name. */
  readonly target?: string;
  /** A short, secret-free summary: `2 × ecs.gn5-c4g1.xlarge in cn-hangzhou`, a cluster id. */
  readonly summary?: string;
  /** Why, as a stable code: `scope.guest`, `rate_limited`, `notebook.not_owner`... */
  readonly reason?: string;
  /** Hourly price in CNY, when known. */
  readonly pricePerHour?: number;
}

export interface AuditEntry extends AuditEvent {
  /** The Redis stream id (`<ms>-<seq>`), which orders entries. */
  readonly id: string;
  /** Milliseconds since the epoch (from the stream id). */
  readonly at: number;
}

/** The actor fields of a chat requester. */
export function actorOf(requester: Requester): Pick<AuditEvent, 'actor' | 'actorName' | 'platform'> {
  return {
    actor: ownerOf(requester),
    platform: requester.platform,
    ...(requester.displayName ? { actorName: requester.displayName } : {}),
  };
}

/** The actor written for what gpubot does on its own (expiry, cleanup, schedules). */
export const SYSTEM_ACTOR = 'gpubot';
