import type { Locale } from '../i18n/text.js';

/** Digits only: no sign, decimal point or exponent. Leading zeros are accepted (`02` is 2). */
export function parseWholeNumber(value: string): number | undefined {
  return /^[0-9]+$/.test(value) ? Number(value) : undefined;
}

const LANGUAGES: Readonly<Record<string, Locale>> = {
  en: 'en',
  english: 'en',
  zh: 'zh-CN',
  'zh-cn': 'zh-CN',
  'zh-hans': 'zh-CN',
  chinese: 'zh-CN',
  中文: 'zh-CN',
  英文: 'en',
};

export function parseLanguage(value: string): Locale | undefined {
  return LANGUAGES[value.toLowerCase()];
}
