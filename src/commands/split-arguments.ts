import { closestWords } from '../catalog/edit-distance.js';
import { text, type Text } from '../i18n/text.js';
import { COMMAND_WORDS, type SubcommandSpec } from './command-grammar.js';
import { echoValue } from './echo-value.js';

export interface SplitArguments {
  readonly positionals: readonly string[];
  /** Lowercased option key -> value as typed. */
  readonly options: ReadonlyMap<string, string>;
}

export type SplitResult = { readonly ok: true; readonly args: SplitArguments } | { readonly ok: false; readonly error: Text };

/**
 * Separates plain words from `key=value` options (which may come in any order) and checks the
 * options against the sub-command's grammar. Positional values are checked by the builders.
 */
export function splitArguments(words: readonly string[], spec: SubcommandSpec): SplitResult {
  const positionals: string[] = [];
  const options = new Map<string, string>();
  const where = { command: COMMAND_WORDS[spec.topic], sub: spec.word };
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      positionals.push(word);
      continue;
    }
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    if (value.includes('=')) return fail('cmd.error.optionManyEquals', { word: echoValue(word) });
    if (key.length === 0) return fail('cmd.error.optionNoKey', { word: echoValue(word) });
    if (value.length === 0) return fail('cmd.error.optionNoValue', { key: echoValue(key) });
    const keys = spec.options.map((option) => option.key);
    if (keys.length === 0) return fail('cmd.error.noOptions', { ...where, key: echoValue(key) });
    if (!keys.includes(key)) {
      const suggestion = closestWords(key, keys, 1)[0];
      return fail('cmd.error.unknownOption', { ...where, key: echoValue(key), suggestion, keys: keys.join(',') });
    }
    if (options.has(key)) return fail('cmd.error.duplicateOption', { key });
    options.set(key, value);
  }
  if (positionals.length > spec.positionals.length) {
    const extra = positionals.slice(spec.positionals.length);
    const hintKey = spec.options[0]?.key;
    return fail('cmd.error.extraWords', {
      ...where,
      words: echoValue(extra.join(' ')),
      hintKey,
      hintValue: hintKey === undefined ? undefined : echoValue(extra[0] ?? ''),
    });
  }
  return { ok: true, args: { positionals, options } };
}

function fail(key: string, params: Record<string, string | number | undefined>): SplitResult {
  return { ok: false, error: text(key, params) };
}
