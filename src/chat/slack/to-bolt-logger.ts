import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log.js';

const PINO_TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/**
 * SDK debug lines that embed whole request/response bodies or envelopes: a DM body (and Slack's
 * echo of it) can carry a notebook password, an envelope a response_url. pino's redaction works
 * on fields, not inside these strings, so they are dropped.
 */
const CARRIES_PAYLOAD = [
  'http request body',
  'http request result',
  'Received a message on the WebSocket',
  'Unable to parse an incoming WebSocket message',
  'Calling ack()',
  'Sending a WebSocket message',
];

/** Bolt and the Slack SDK log through our pino logger (same redaction, same sink). */
export function toBoltLogger(logger: Logger): BoltLogger {
  let current = logger;
  const line = (msg: unknown[]): string => msg.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: (...msg: unknown[]) => {
      if (typeof msg[0] === 'string' && CARRIES_PAYLOAD.some((prefix) => (msg[0] as string).startsWith(prefix))) return;
      current.debug(line(msg));
    },
    info: (...msg: unknown[]) => current.info(line(msg)),
    warn: (...msg: unknown[]) => current.warn(line(msg)),
    error: (...msg: unknown[]) => current.error(line(msg)),
    // The level is owned by LOG_LEVEL; Bolt's setLevel calls are ignored on purpose.
    setLevel: () => undefined,
    getLevel: () => PINO_TO_BOLT[current.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      current = logger.child({ component: name });
    },
  };
}
