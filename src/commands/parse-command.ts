import { closestWords } from '../catalog/edit-distance.js';
import { text, type Text } from '../i18n/text.js';
import { buildCommand } from './build-command.js';
import {
  COMMAND_WORDS,
  findSubcommand,
  HELP_WORDS,
  subcommandId,
  subcommandsOf,
  topicOfCommand,
  type Topic,
} from './command-grammar.js';
import { echoValue } from './echo-value.js';
import { normalizeInput } from './normalize-input.js';
import { splitArguments } from './split-arguments.js';
import { tokenize } from './tokenize.js';
import type { ParseOptions, ParseResult } from './types.js';
import { overviewUsage, topicUsage, usageOf } from './usage.js';

/** Words people try for the two commands; only used to suggest the right one. */
const COMMAND_ALIASES: Readonly<Record<string, string>> = {
  cluster: COMMAND_WORDS.cluster,
  clusters: COMMAND_WORDS.cluster,
  gpu: COMMAND_WORDS.cluster,
  jupyter: COMMAND_WORDS.notebook,
  notebooks: COMMAND_WORDS.notebook,
  nb: COMMAND_WORDS.notebook,
};

/**
 * Parses the whole command text, e.g. `/gpu-cluster create 2 gn5`. Pure and total: any string
 * yields a command or an error with usage; it never throws on user input.
 */
export function parseCommand(input: string, options: ParseOptions): ParseResult {
  const normalized = normalizeInput(input);
  if (!normalized.ok) return fail(normalized.error, overviewUsage());
  // `/ gpu-cluster list`: a detached slash is still just the slash.
  const words = tokenize(normalized.text);
  if (words[0] === '/') words.shift();
  const first = words[0]?.replace(/^\//, '').toLowerCase() ?? '';
  if (first.length === 0) return fail(text('cmd.error.empty'), overviewUsage());

  const topic = topicOfCommand(first);
  if (!topic) return fail(unknownCommand(first), overviewUsage());

  const subWord = words[1]?.toLowerCase();
  if (subWord === undefined || HELP_WORDS.has(subWord)) return helpFor(topic);
  const spec = findSubcommand(topic, subWord);
  if (!spec) return fail(unknownSubcommand(topic, subWord), topicUsage(topic));

  const rest = words.slice(2);
  if (rest.some((word) => word.startsWith('-') && HELP_WORDS.has(word.toLowerCase()))) return helpFor(topic);
  if (rest.length === 1 && HELP_WORDS.has((rest[0] ?? '').toLowerCase())) return helpFor(topic);

  const split = splitArguments(rest, spec);
  if (!split.ok) return fail(split.error, usageOf(spec));
  const built = buildCommand(subcommandId(spec), split.args, spec, options);
  return built.ok ? built : fail(built.error, usageOf(spec));
}

function helpFor(topic: Topic): ParseResult {
  return { ok: true, command: { kind: topic === 'cluster' ? 'cluster.help' : 'notebook.help' } };
}

function fail(error: Text, usage: Text): ParseResult {
  return { ok: false, error, usage };
}

function unknownCommand(word: string): Text {
  const known = Object.values(COMMAND_WORDS);
  const suggestion = COMMAND_ALIASES[word] ?? closestWords(word, known, 1)[0];
  return text('cmd.error.unknownCommand', { word: echoValue(word), suggestion });
}

function unknownSubcommand(topic: Topic, word: string): Text {
  const choices = subcommandsOf(topic).map((spec) => spec.word);
  return text('cmd.error.unknownSubcommand', {
    command: COMMAND_WORDS[topic],
    word: echoValue(word),
    suggestion: closestWords(word, choices, 1)[0],
    choices: choices.join(','),
  });
}
