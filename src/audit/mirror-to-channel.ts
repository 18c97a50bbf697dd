import type { ConversationRef } from '../chat/port.js';
import type { Locale } from '../i18n/text.js';
import type { ChannelPoster } from '../outbox/notifier.js';
import type { AuditEntry } from './audit-event.js';
import { auditMirrorMessage } from './render-audit.js';

/**
 * A copy of every entry for GPUBOT_AUDIT_CHANNEL, delivered by the outbox like any other post (so
 * a chat outage or rate limit delays copies, never loses them), once per entry id.
 */
export function mirrorToChannel(
  notifier: ChannelPoster,
  to: ConversationRef,
  locale: Locale,
): (entry: AuditEntry) => Promise<void> {
  return (entry) => notifier.toChannel(to, `audit-${entry.id}`, auditMirrorMessage(entry), locale);
}
