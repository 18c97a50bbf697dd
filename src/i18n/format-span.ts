/**
 * Spans of time and moments as people read them, per language. Messages carry raw milliseconds as
 * parameters and format them here when rendered, so a text stored in Redis renders in whatever
 * language its reader has.
 */
type Lang = 'en' | 'zh';

const UNITS: readonly { ms: number; en: string; zh: string }[] = [
  { ms: 86_400_000, en: 'd', zh: '天' },
  { ms: 3_600_000, en: 'h', zh: '小时' },
  { ms: 60_000, en: 'm', zh: '分钟' },
  { ms: 1000, en: 's', zh: '秒' },
];

/** `1d 3h`, `2h 5m`, `45m`, `30s` (the largest unit and the next one, rounded down); `2小时5分钟` in Chinese. */
export function formatSpan(value: unknown, lang: Lang): string {
  const ms = Math.max(0, Number(value) || 0);
  const first = UNITS.findIndex((unit) => ms >= unit.ms);
  if (first < 0) return lang === 'en' ? '0s' : '0秒';
  const parts: string[] = [];
  let rest = ms;
  for (const unit of UNITS.slice(first, first + 2)) {
    const amount = Math.floor(rest / unit.ms);
    rest -= amount * unit.ms;
    if (amount > 0) parts.push(`${amount}${unit[lang]}`);
  }
  return parts.join(lang === 'en' ? ' ' : '');
}

/** `2026-11-21 09:30 Asia/Shanghai`: a moment in the reader's time zone (UTC when unknown or invalid). */
export function formatMoment(value: unknown, timeZone: unknown): string {
  const zone = typeof timeZone === 'string' && timeZone !== '' ? timeZone : 'UTC';
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(Number(value)));
  } catch {
    return formatMoment(value, 'UTC');
  }
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${zone}`;
}
