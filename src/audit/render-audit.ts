import { text, type Text } from '../i18n/text.js';
import { message, type Message } from '../messages/model.js';
import type { AuditEntry } from './audit-event.js';

/** One entry as one line; every value is a parameter, so each renderer escapes it as data. */
export function auditLine(entry: AuditEntry): Text {
  return text('audit.line', {
    time: new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19),
    actor: entry.actor,
    actorName: entry.actorName,
    action: entry.action,
    command: entry.command,
    target: entry.target,
    summary: entry.summary,
    reason: entry.reason,
    channel: entry.channel,
    request: entry.requestId?.slice(0, 8),
    price: entry.pricePerHour,
  });
}

/** The answer to `/gpu-cluster audit`: the newest entries first. */
export function auditPage(entries: readonly AuditEntry[], filter: string | undefined, limit: number): Message {
  const title = text('audit.title', { filter: filter ?? '', count: entries.length, limit });
  if (entries.length === 0) return message('info', [text('audit.empty', { filter: filter ?? '' })], { title });
  return message('info', entries.map(auditLine), { title });
}

/** The mirror copy posted to GPUBOT_AUDIT_CHANNEL. */
export function auditMirrorMessage(entry: AuditEntry): Message {
  const tone = entry.action.endsWith('refused') || entry.action.endsWith('failed') ? 'warning' : 'info';
  return message(tone, [auditLine(entry)]);
}

/** `--json`: the entries as a JSON document (they hold no secrets by construction). */
export function auditJson(entries: readonly AuditEntry[]): string {
  return `${JSON.stringify(
    entries.map((entry) => ({ ...entry, time: new Date(entry.at).toISOString() })),
    null,
    2,
  )}\n`;
}
