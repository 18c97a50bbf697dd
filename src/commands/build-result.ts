import { text, type Text } from '../i18n/text.js';
import { COMMAND_WORDS, type SubcommandSpec } from './command-grammar.js';
import type { Command } from './types.js';

/** A builder's answer; parse-command attaches the sub-command's usage to errors. */
export type BuildResult = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: Text };

export function missingArgument(spec: SubcommandSpec, index: number): BuildResult {
  const placeholder = spec.positionals[index]?.placeholder;
  if (placeholder === undefined) throw new Error(`grammar: ${spec.word} has no positional ${index}`);
  return {
    ok: false,
    error: text('cmd.error.missingArgument', { command: COMMAND_WORDS[spec.topic], sub: spec.word, arg: placeholder }),
  };
}
