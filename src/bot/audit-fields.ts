import type { AuditEvent } from '../audit/audit-event.js';
import { actorOf } from '../audit/audit-event.js';
import type { IncomingAction, IncomingCommand } from '../chat/port.js';
import { formatDuration } from '../commands/parse-duration.js';
import type { Command } from '../commands/types.js';
import type { PriceQuote } from '../pricing/price-quote.js';
import { requestIdFor } from '../queue/request.js';

type CommandFields = Pick<AuditEvent, 'command' | 'target' | 'summary' | 'pricePerHour'>;

/**
 * What an audit entry says about a parsed command: its kind, what it names, a short summary, and
 * the hourly price quoted for it when there is one.
 */
export function commandFields(command: Command, quote?: Pick<PriceQuote, 'perHour'>): CommandFields {
  const fields = describeCommand(command);
  return quote ? { ...fields, pricePerHour: quote.perHour } : fields;
}

function describeCommand(command: Command): CommandFields {
  switch (command.kind) {
    case 'cluster.create':
      return {
        command: command.kind,
        ...(command.name ? { target: command.name } : {}),
        summary:
          `${command.count} × ${command.instanceType}${command.region ? ` in ${command.region}` : ''}` +
          (command.ttlMs ? `, ttl ${formatDuration(command.ttlMs)}` : ''),
      };
    case 'notebook.start':
      return {
        command: command.kind,
        ...(command.name ? { target: command.name } : {}),
        summary: `${command.gpus} GPU${command.cluster ? ` on ${command.cluster}` : ''}`,
      };
    case 'cluster.scale':
      return {
        command: command.kind,
        target: command.name,
        summary: command.target
          ? `${command.name}: ${command.target.from} → ${command.count} × ${command.target.instanceType}`
          : `${command.name} → ${command.count}`,
      };
    case 'cluster.delete':
    case 'notebook.stop':
    case 'notebook.keep':
    case 'cluster.keep':
    case 'notebook.delete':
    case 'notebook.password':
      return { command: command.kind, target: command.name };
    case 'cluster.status':
      return { command: command.kind, ...(command.name ? { target: command.name } : {}) };
    case 'cluster.extend':
      return { command: command.kind, target: command.name, summary: `+${formatDuration(command.byMs)}` };
    case 'cluster.audit':
      return { command: command.kind, ...(command.filter ? { target: command.filter } : {}) };
    default:
      return { command: command.kind };
  }
}

/**
 * The command words of text that did not parse, e.g. `gpu-cluster crate`: enough to see what was
 * tried, never the arguments (people paste anything into a chat box).
 */
export function attemptedCommand(text: string): string | undefined {
  const words = text
    .replace(/^[/／]\s*/, '')
    .split(/\s+/)
    .slice(0, 2)
    .filter((word) => /^[a-z][a-z-]{0,19}$/i.test(word));
  return words.length > 0 ? words.join(' ').toLowerCase() : undefined;
}

/** Who, where and which request: the fields every bot-side entry shares. */
export function deliveryFields(delivery: IncomingCommand | IncomingAction): AuditEvent & { action: '' } {
  return {
    action: '',
    ...actorOf(delivery.requester),
    channel: delivery.conversation.channelId,
    requestId: requestIdFor(delivery.requester.platform, delivery.deliveryId),
  };
}
