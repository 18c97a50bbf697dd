import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Field names that may hold secrets anywhere in a log record; pino replaces them before writing. */
const REDACT = [
  'password',
  'loginPassword',
  'login_password',
  'kubeconfig',
  'config',
  'token',
  'accessToken',
  'accessKeySecret',
  'secret',
  'signingSecret',
  'botToken',
  'appToken',
  'clientSecret',
  'authorization',
  'secretKey',
  'sealed',
];
const paths = REDACT.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]).concat([
  'headers.authorization',
  'req.headers.authorization',
]);

/** Creates the process logger once; everything else gets child loggers from it. */
export function createLogger(options: { level?: string; name?: string } = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      name: options.name ?? 'gpubot',
      level: options.level ?? 'info',
      redact: { paths, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination ?? pino.destination(2),
  );
}
