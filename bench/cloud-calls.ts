import type { Emulator } from '../src/emulator/index.js';

/** The call every waiting job shares (one per region per poll interval), counted apart. */
export const SHARED_LISTING_ACTION = 'DescribeClustersForRegion';

export interface Calls {
  /** ACK and ECS calls per action since the mark, the shared listing included. */
  readonly byAction: Readonly<Record<string, number>>;
  /** Every call but the shared listing. */
  readonly besidesListing: number;
  readonly listing: number;
}

/** The ACK and ECS calls the emulator journaled since `from` (an earlier journal length). */
export function callsSince(emulator: Emulator, from: number): Calls {
  const byAction: Record<string, number> = {};
  for (const entry of emulator.cloud.journal().slice(from)) byAction[entry.action] = (byAction[entry.action] ?? 0) + 1;
  const listing = byAction[SHARED_LISTING_ACTION] ?? 0;
  const total = Object.values(byAction).reduce((sum, n) => sum + n, 0);
  return { byAction, besidesListing: total - listing, listing };
}

/** `Action×n` per unit, sorted by count, for the report. */
export function describePerUnit(calls: Calls, units: number): string {
  return Object.entries(calls.byAction)
    .sort((a, b) => b[1] - a[1])
    .map(([action, n]) => `${action} ${(n / units).toFixed(2)}`)
    .join(', ');
}
