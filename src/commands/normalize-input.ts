import { text, type Text } from '../i18n/text.js';

/** Longest command we read; chat payloads are small and anything longer is a paste accident. */
export const MAX_INPUT_CHARS = 500;

/** Zero-width characters chat clients and copy-paste sprinkle in; invisible and harmless, so dropped. */
// eslint-disable-next-line no-misleading-character-class -- each listed code point is dropped on its own, ZWJ included
const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF]/gu;
/** Controls, format characters (bidi overrides...), lone surrogates, replacement and non-characters. */
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Cs}\uFFFD\uFFFE\uFFFF]/u;

export type NormalizeResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: Text };

/**
 * Makes chat text safe to tokenize. NFKC folds full-width forms (`／`, `＝`, `２`, U+3000) and other
 * compatibility spaces to ASCII so IME input parses like typed ASCII.
 */
export function normalizeInput(raw: string): NormalizeResult {
  const chars = [...raw];
  if (chars.length > MAX_INPUT_CHARS) {
    return { ok: false, error: text('cmd.error.tooLong', { length: chars.length, max: MAX_INPUT_CHARS }) };
  }
  const visible = raw.replace(ZERO_WIDTH, '');
  const bad = FORBIDDEN.exec(visible);
  if (bad) {
    const position = [...visible.slice(0, bad.index)].length + 1;
    const codePoint = bad[0].codePointAt(0) ?? 0;
    const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
    return { ok: false, error: text('cmd.error.controlChar', { codePoint: hex, position }) };
  }
  return { ok: true, text: visible.normalize('NFKC') };
}
