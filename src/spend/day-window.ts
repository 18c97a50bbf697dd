import { dayOf, type Day } from '../reservations/resources.js';

const DAY_MS = 24 * 3600_000;

/** When a (UTC) day begins and ends, in ms. */
export function dayBounds(day: Day): { readonly start: number; readonly end: number } {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return { start, end: start + DAY_MS };
}

/** Daily totals are kept two days past their day, for `status` and refusals that name yesterday. */
export function dailyExpiry(day: Day): number {
  return dayBounds(day).end + 2 * DAY_MS;
}

/** The days that [from, to) touches, oldest first. */
export function daysBetween(from: number, to: number): Day[] {
  const days: Day[] = [];
  for (let at = Date.parse(`${dayOf(from)}T00:00:00.000Z`); at < Math.max(to, from + 1); at += DAY_MS) days.push(dayOf(at));
  return days;
}
