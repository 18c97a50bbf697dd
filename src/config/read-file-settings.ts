import { readFileSync } from 'node:fs';
import { ConfigError } from './env-fields.js';

/**
 * `<NAME>_FILE` for every setting: the value is read from that file (a mounted Kubernetes or
 * Docker Secret), so no secret has to sit in the process environment. Trailing whitespace
 * (the newline editors and `echo` add) is dropped. Setting both `<NAME>` and `<NAME>_FILE` is
 * refused: which one wins would be a guess.
 */
export function readFileSettings(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const name of names) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      throw new ConfigError(`${name} and ${name}_FILE are both set: keep one (${name}_FILE reads the value from a file)`);
    }
    let value: string;
    try {
      value = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`${name}_FILE=${path}: cannot read the file (${code}); mount the Secret there or unset ${name}_FILE`);
    }
    resolved[name] = value.replace(/\s+$/, '');
  }
  return resolved;
}
