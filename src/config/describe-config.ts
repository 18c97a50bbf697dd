/**
 * The effective configuration as operators need to see it: every value visible except secrets.
 * A field is a secret when its name says so (token, secret, password, private key, sealing key);
 * paths, ARNs and ids of those secrets are not secrets and stay visible. URLs keep everything
 * but their password, so `REDIS_URL` shows which Redis and which database.
 */
const SECRET_NAME = /secret|token|password|privatekey|secretkey|credential/i;
const NOT_SECRET_NAME = /(file|path|arn|id|endpoint|url|kind|source|name)$/i;
export const REDACTED = '[redacted]';

export function isSecretField(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** `redis://user:pass@host:6379/0` → `redis://user:[redacted]@host:6379/0`; anything else unchanged. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = 'redacted';
    return parsed.toString().replace(':redacted@', `:${REDACTED}@`);
  } catch {
    return url;
  }
}

function describe(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    if (isSecretField(key)) return REDACTED;
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? withoutPassword(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => describe(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, describe(inner, name)]));
  }
  return value;
}

/** A plain copy of the configuration, safe to log and to print: secrets replaced, the rest as is. */
export function describeConfig(config: object): Record<string, unknown> {
  return describe(config, '') as Record<string, unknown>;
}
