import { businessError } from './api-errors.js';

/** Small readers for untrusted JSON bodies; each throws the 400 ACK would answer. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function missing(field: string): Error {
  return businessError(
    400,
    'MissingParameter',
    `The input parameter "${field}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalid(field: string, why: string): Error {
  return businessError(400, 'InvalidParameter', `The specified parameter "${field}" is not valid: ${why}.`);
}

export function optString(obj: Json, key: string, path = key): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(path, 'must be a string');
  return value;
}

export function reqString(obj: Json, key: string, path = key): string {
  const value = optString(obj, key, path);
  if (value === undefined) throw missing(path);
  return value;
}

export function optBool(obj: Json, key: string, path = key): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
  return value;
}

export function optInt(obj: Json, key: string, path = key): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(path, 'must be an integer');
  return value;
}

export function optStringArray(obj: Json, key: string, path = key): string[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw invalid(path, 'must be an array of non-empty strings');
  }
  return value as string[];
}

export function optObject(obj: Json, key: string, path = key): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(path, 'must be an object');
  return value;
}
