import type { CoreV1Event } from '@kubernetes/client-node';

const MAX_WARNINGS = 3;
const MAX_CHARS = 300;

/**
 * The latest distinct Warning events of a Service (this Service, not an earlier one of the same
 * name), oldest first, as `Reason: message`. Event messages name cloud resources, never secrets.
 */
export function describeServiceWarnings(events: readonly CoreV1Event[], uid: string | undefined): string[] {
  const at = (event: CoreV1Event) => new Date(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? 0).getTime() || 0;
  const lines = events
    .filter((event) => event.type === 'Warning')
    .filter((event) => uid === undefined || event.involvedObject.uid === undefined || event.involvedObject.uid === uid)
    .sort((a, b) => at(a) - at(b))
    .map((event) => `${event.reason ?? 'Warning'}: ${event.message ?? ''}`.slice(0, MAX_CHARS));
  return [...new Set(lines)].slice(-MAX_WARNINGS);
}
