import { randomBytes } from 'node:crypto';

/** 24 random bytes as base64url: 32 URL-safe characters, 192 bits. Lives only in memory and the Secret. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
