/**
 * The one table of chat commands. The parser checks input against it and the usage/help texts are
 * rendered from it, so help cannot drift from what the parser accepts.
 */
export type Topic = 'cluster' | 'notebook';

/** Argument kinds; each has a localized placeholder (`<count>` / `<数量>`) in messages/commands.ts. */
export type Placeholder =
  | 'count'
  | 'familyOrType'
  | 'clusterName'
  | 'notebookName'
  | 'region'
  | 'zone'
  | 'gpus'
  | 'image'
  | 'language'
  | 'code'
  | 'auditFilter'
  | 'jsonFlag'
  | 'duration';

export interface PositionalSpec {
  readonly placeholder: Placeholder;
  readonly optional?: boolean;
}

export interface OptionSpec {
  readonly key: string;
  readonly placeholder: Placeholder;
}

export interface SubcommandSpec {
  readonly topic: Topic;
  readonly word: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
}

export const COMMAND_WORDS: Readonly<Record<Topic, string>> = { cluster: 'gpu-cluster', notebook: 'notebook' };

/** Words that ask for help wherever a sub-command or its sole argument is expected. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['help', '--help', '-h', '?', '帮助']);

const none: readonly never[] = [];
const language: readonly PositionalSpec[] = [{ placeholder: 'language' }];

export const GRAMMAR = [
  {
    topic: 'cluster',
    word: 'create',
    positionals: [{ placeholder: 'count' }, { placeholder: 'familyOrType' }],
    options: [
      { key: 'name', placeholder: 'clusterName' },
      { key: 'region', placeholder: 'region' },
      { key: 'zone', placeholder: 'zone' },
      { key: 'ttl', placeholder: 'duration' },
    ],
  },
  { topic: 'cluster', word: 'list', positionals: none, options: none },
  { topic: 'cluster', word: 'status', positionals: [{ placeholder: 'clusterName', optional: true }], options: none },
  { topic: 'cluster', word: 'delete', positionals: [{ placeholder: 'clusterName' }], options: none },
  { topic: 'cluster', word: 'scale', positionals: [{ placeholder: 'clusterName' }, { placeholder: 'count' }], options: none },
  {
    topic: 'cluster',
    word: 'extend',
    positionals: [{ placeholder: 'clusterName' }, { placeholder: 'duration' }],
    options: none,
  },
  { topic: 'cluster', word: 'keep', positionals: [{ placeholder: 'clusterName' }], options: none },
  { topic: 'cluster', word: 'confirm', positionals: [{ placeholder: 'code' }], options: none },
  { topic: 'cluster', word: 'cancel', positionals: [{ placeholder: 'code' }], options: none },
  { topic: 'cluster', word: 'approve', positionals: [{ placeholder: 'code' }], options: none },
  { topic: 'cluster', word: 'reject', positionals: [{ placeholder: 'code' }], options: none },
  {
    topic: 'cluster',
    word: 'audit',
    positionals: [
      { placeholder: 'auditFilter', optional: true },
      { placeholder: 'jsonFlag', optional: true },
    ],
    options: none,
  },
  { topic: 'cluster', word: 'lang', positionals: language, options: none },
  { topic: 'cluster', word: 'help', positionals: none, options: none },
  {
    topic: 'notebook',
    word: 'start',
    positionals: none,
    options: [
      { key: 'cluster', placeholder: 'clusterName' },
      { key: 'gpus', placeholder: 'gpus' },
      { key: 'image', placeholder: 'image' },
      { key: 'name', placeholder: 'notebookName' },
    ],
  },
  { topic: 'notebook', word: 'list', positionals: none, options: none },
  { topic: 'notebook', word: 'stop', positionals: [{ placeholder: 'notebookName' }], options: none },
  { topic: 'notebook', word: 'keep', positionals: [{ placeholder: 'notebookName' }], options: none },
  { topic: 'notebook', word: 'delete', positionals: [{ placeholder: 'notebookName' }], options: none },
  { topic: 'notebook', word: 'password', positionals: [{ placeholder: 'notebookName' }], options: none },
  { topic: 'notebook', word: 'lang', positionals: language, options: none },
  { topic: 'notebook', word: 'help', positionals: none, options: none },
] as const satisfies readonly SubcommandSpec[];

type IdOf<S> = S extends { readonly topic: infer T extends string; readonly word: infer W extends string } ? `${T}.${W}` : never;
/** `cluster.create`, `notebook.stop`, ...: the key that ties grammar rows to builders and summaries. */
export type SubcommandId = IdOf<(typeof GRAMMAR)[number]>;

export function subcommandId(spec: SubcommandSpec): SubcommandId {
  return `${spec.topic}.${spec.word}` as SubcommandId;
}

export function subcommandsOf(topic: Topic): readonly SubcommandSpec[] {
  return GRAMMAR.filter((spec) => spec.topic === topic);
}

export function findSubcommand(topic: Topic, word: string): SubcommandSpec | undefined {
  return GRAMMAR.find((spec) => spec.topic === topic && spec.word === word);
}

export function topicOfCommand(word: string): Topic | undefined {
  if (word === COMMAND_WORDS.cluster) return 'cluster';
  if (word === COMMAND_WORDS.notebook) return 'notebook';
  return undefined;
}
