import { text, type Text } from '../i18n/text.js';
import { message, type Message } from '../messages/model.js';
import type { ClusterRecord } from './cluster-records.js';
import { expiryActions } from './expiry-actions.js';
import type { SpendReader } from './spend-reader.js';

export type Usage = Awaited<ReturnType<SpendReader['usage']>>;

/**
 * "Spend so far": the quoted price for every hour the cluster has run, in lifecycle time (so an
 * emulated demo adds up like a real day); said to be unknown, never guessed, without a price.
 */
export function spendLine(usage: Usage, ranMs: number): Text {
  if (usage?.pricePerHour === undefined) return text('lifecycle.spend.unknown');
  const spend = (usage.pricePerHour * Math.max(0, ranMs)) / 3_600_000;
  return text('lifecycle.spend.known', { spend, price: usage.pricePerHour, currency: usage.currency ?? 'CNY' });
}

/**
 * The private warning before a cluster expires: when, how long it has run, what it cost so far, and
 * buttons to extend it (as far as the maximum lifetime allows) or to delete it now.
 */
export function expiryWarning(
  record: ClusterRecord,
  facts: { readonly now: number; readonly timeZone: string; readonly maxTtlMs: number; readonly usage: Usage },
): Message {
  const latest = record.createdAt + facts.maxTtlMs;
  const roomMs = latest - record.expiresAt;
  const actions = expiryActions(record, roomMs);
  const lines: Text[] = [
    text('lifecycle.warn.body', { at: record.expiresAt, timeZone: facts.timeZone, ageMs: facts.now - record.createdAt }),
    spendLine(facts.usage, facts.now - record.createdAt),
  ];
  if (actions.length < 3) lines.push(text('lifecycle.warn.cap', { at: latest, timeZone: facts.timeZone, maxMs: facts.maxTtlMs }));
  return message('warning', lines, {
    title: text('lifecycle.warn.title', { name: record.name, leftMs: record.expiresAt - facts.now }),
    actions,
  });
}
