import type { AuditEntry } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditJson, auditPage } from '../audit/render-audit.js';
import type { ImmediateReply } from '../chat/port.js';
import type { ClusterAudit } from '../commands/types.js';
import { text } from '../i18n/text.js';
import { message } from '../messages/model.js';

/** A page is what fits comfortably in one chat message; an export is for reading elsewhere. */
export const AUDIT_PAGE = 20;
export const AUDIT_EXPORT = 1000;

/** Whether an entry concerns the filter: a cluster or notebook, a principal, a user id or display name. */
export function matchesAuditFilter(filter: string): (entry: AuditEntry) => boolean {
  const wanted = filter.toLowerCase();
  return (entry) =>
    [entry.target, entry.actor, entry.actor.split(':').slice(1).join(':'), entry.actorName]
      .filter((value): value is string => value !== undefined)
      .some((value) => value.toLowerCase() === wanted);
}

/** `/gpu-cluster audit [<filter>] [--json]` for an admin: a page, or (where files can be sent) a JSON file. */
export async function answerAudit(command: ClusterAudit, audit: AuditLog, supportsFiles: boolean): Promise<ImmediateReply> {
  const exporting = command.json && supportsFiles;
  const entries = await audit.recent({
    limit: exporting ? AUDIT_EXPORT : AUDIT_PAGE,
    ...(command.filter ? { match: matchesAuditFilter(command.filter) } : {}),
    scan: exporting ? 50_000 : 10_000,
  });
  if (exporting) {
    return {
      message: message('info', [text('audit.json.sent', { count: entries.length })]),
      rejected: false,
      privateOnly: true,
      attachment: {
        filename: `gpubot-audit${command.filter ? `-${command.filter.replace(/[^\w.-]/g, '_')}` : ''}.json`,
        title: `gpubot audit${command.filter ? ` ${command.filter}` : ''}`,
        content: auditJson(entries),
      },
    };
  }
  const page = auditPage(entries, command.filter, AUDIT_PAGE);
  const lines = command.json ? [text('audit.json.unavailable'), ...page.lines] : page.lines;
  return { message: { ...page, lines }, rejected: false, privateOnly: true };
}
