import type { TimeOfDay } from '../config/lifecycle-config.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function localParts(instant: number, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** How far the zone's clock is ahead of UTC at that instant (whole minutes). */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(instant / MINUTE) * MINUTE;
}

/** The instant the zone's clock shows that date and time (the later reading across a DST change). */
function zonedInstant(year: number, month: number, day: number, at: TimeOfDay, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, at.hour, at.minute);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(first, timeZone);
  return Math.max(first, second);
}

/** The next moment after `now` at which the clock in `timeZone` shows `at`. */
export function nextTimeOfDay(now: number, timeZone: string, at: TimeOfDay): number {
  const today = localParts(now, timeZone);
  for (let ahead = 0; ahead <= 2; ahead++) {
    const candidate = zonedInstant(today.year, today.month, today.day + ahead, at, timeZone);
    if (candidate > now) return candidate;
  }
  return now + DAY;
}

/** The date the clock in `timeZone` shows at `instant`, as `YYYY-MM-DD`. */
export function localDate(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
