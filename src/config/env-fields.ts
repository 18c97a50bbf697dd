import { z } from 'zod';

/** Field types shared by every area of the configuration. */

/** A comma-separated list; blanks dropped. */
export const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const optionalString = z.string().trim().min(1).optional().catch(undefined);
export const endpoint = z.string().regex(/^https?:\/\/[^\s/]+(\/.*)?$/, 'must be an http:// or https:// URL');

export function isCidr(value: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (v4) return v4.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(v4[5]) <= 32;
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(value);
  return Boolean(v6?.[1]?.includes(':')) && Number(v6?.[2]) <= 128;
}

/** What one area's fields parse to. */
export type EnvOf<Shape extends z.ZodRawShape> = z.infer<z.ZodObject<Shape>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function required(value: string | undefined, name: string, why: string): string {
  if (!value) throw new ConfigError(`${name} is required ${why}`);
  return value;
}
