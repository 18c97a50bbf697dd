import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Private messages that carry a secret (a notebook password) wait in the outbox sealed with
 * AES-256-GCM, so Redis and job data only ever hold ciphertext. The key is not stored in Redis.
 */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * `previousKeys` only open: after GPUBOT_SECRET_KEY is rotated, messages sealed with the old key
 * before the restart are still delivered (GPUBOT_SECRET_KEY_PREVIOUS, docs/operations.md).
 */
export function createSealer(secretKey: string, previousKeys: readonly string[] = []): Sealer {
  const derive = (secret: string) => createHash('sha256').update(secret).digest();
  const key = derive(secretKey);
  const openers = [key, ...previousKeys.map(derive)];
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed gpubot message');
      for (const candidate of openers) {
        const decipher = createDecipheriv('aes-256-gcm', candidate, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        try {
          return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
        } catch {
          // GCM's tag did not verify: sealed with another key; try the next one.
        }
      }
      throw new Error('sealed with a key this process does not have (GPUBOT_SECRET_KEY / GPUBOT_SECRET_KEY_PREVIOUS)');
    },
  };
}
