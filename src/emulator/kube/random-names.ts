import { createHash, randomInt } from 'node:crypto';

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alike characters). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A 5-character suffix like the apiserver's `generateName` produces. */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[randomInt(SAFE_ALPHABET.length)];
  return out;
}

/** A stable short hash of a value, spelled like `pod-template-hash` (e.g. `7d9f8b6c5`). */
export function safeHash(value: unknown, length = 10): string {
  const digest = createHash('sha256').update(JSON.stringify(value)).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[(digest[i] ?? 0) % SAFE_ALPHABET.length];
  return out;
}

/** A deterministic UUID-shaped string derived from a seed (for GPU UUIDs and machine ids). */
export function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
