import type { Locale } from '../../i18n/text.js';
import { text } from '../../i18n/text.js';
import { translate } from '../../i18n/translate.js';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "45s", "2m 05s", "1h 02m": precise while short, coarse once it runs for hours. */
export function formatElapsed(ms: number, locale: Locale): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return translate(locale, text('slack.elapsed.s', { s: total }));
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return translate(locale, text('slack.elapsed.ms', { m: minutes, s: pad2(total % 60) }));
  return translate(locale, text('slack.elapsed.hm', { h: Math.floor(minutes / 60), m: pad2(minutes % 60) }));
}
