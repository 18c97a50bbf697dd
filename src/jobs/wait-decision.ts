import type { Text } from '../i18n/text.js';

/**
 * What one look at something being waited on found: it is ready (with what was read), still
 * pending (with what to show and a fingerprint of what was seen, for the poll interval), or
 * failed (with the reason to tell). Each wait is a "check once" function returning this, so a
 * thin loop, or a job that re-queues itself, can drive it.
 */
export type WaitDecision<T> =
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'pending'; readonly detail: Text; readonly observed: string }
  | { readonly kind: 'failed'; readonly code: string; readonly reason: Text };

export const ready = <T>(value: T): WaitDecision<T> => ({ kind: 'ready', value });
export const pending = <T>(detail: Text, observed: string): WaitDecision<T> => ({ kind: 'pending', detail, observed });
export const failed = <T>(code: string, reason: Text): WaitDecision<T> => ({ kind: 'failed', code, reason });
