/**
 * User-facing text travels as a key plus parameters (never as a rendered string), so that a
 * progress snapshot stored in Redis can be rendered later in the requester's language.
 */
export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export type Params = Record<string, string | number | boolean | undefined>;

/** A localizable piece of text: a message key and its parameters. */
export interface Text {
  readonly key: string;
  readonly params?: Params;
}

/** Every message exists in both languages; the type makes a missing translation a compile error. */
export interface Translation {
  readonly en: (p: Params) => string;
  readonly zh: (p: Params) => string;
}

export type MessageTable = Record<string, Translation>;

export function text(key: string, params?: Params): Text {
  return params === undefined ? { key } : { key, params };
}

/** Text that is already final (a cluster name, a URL), passed through untranslated. */
export function verbatim(value: string): Text {
  return { key: 'verbatim', params: { value } };
}
