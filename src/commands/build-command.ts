import { text } from '../i18n/text.js';
import { buildClusterCreate, parseCount } from './build-cluster-create.js';
import { buildNotebookStart } from './build-notebook-start.js';
import { DEFAULT_REGISTRIES } from './check-image-registry.js';
import { missingArgument, type BuildResult } from './build-result.js';
import { checkClusterName, checkDuration, checkNotebookName } from './check-values.js';
import type { SubcommandId, SubcommandSpec } from './command-grammar.js';
import { echoValue } from './echo-value.js';
import { parseLanguage } from './parse-values.js';
import type { SplitArguments } from './split-arguments.js';
import type { AnswerWord, Command, ParseOptions } from './types.js';

type Builder = (args: SplitArguments, spec: SubcommandSpec, options: ParseOptions) => BuildResult;

/** One builder per grammar row; the Record type makes a row without a builder a compile error. */
const BUILDERS: Readonly<Record<SubcommandId, Builder>> = {
  'cluster.create': buildClusterCreate,
  'cluster.list': () => ok({ kind: 'cluster.list' }),
  'cluster.status': (args) => {
    const name = args.positionals[0];
    if (name === undefined) return ok({ kind: 'cluster.status' });
    return withName(checkClusterName(name), { kind: 'cluster.status', name });
  },
  'cluster.delete': (args, spec) => {
    const name = args.positionals[0];
    if (name === undefined) return missingArgument(spec, 0);
    return withName(checkClusterName(name), { kind: 'cluster.delete', name });
  },
  'cluster.scale': (args, spec, options) => {
    const [name, countWord] = args.positionals;
    if (name === undefined) return missingArgument(spec, 0);
    if (countWord === undefined) return missingArgument(spec, 1);
    const invalid = checkClusterName(name);
    if (invalid) return { ok: false, error: invalid };
    const count = parseCount(countWord, options.maxNodesPerCluster, options.clusterSpec === 'ack.standard');
    return typeof count === 'number' ? ok({ kind: 'cluster.scale', name, count }) : { ok: false, error: count };
  },
  'cluster.extend': (args, spec, options) => {
    const [name, by] = args.positionals;
    if (name === undefined) return missingArgument(spec, 0);
    if (by === undefined) return missingArgument(spec, 1);
    const invalid = checkClusterName(name);
    if (invalid) return { ok: false, error: invalid };
    const byMs = checkDuration(by, options.maxClusterTtlMs);
    return typeof byMs === 'number' ? ok({ kind: 'cluster.extend', name, byMs }) : { ok: false, error: byMs };
  },
  'cluster.keep': (args, spec) => {
    const name = args.positionals[0];
    if (name === undefined) return missingArgument(spec, 0);
    return withName(checkClusterName(name), { kind: 'cluster.keep', name });
  },
  'cluster.audit': buildAudit,
  'cluster.confirm': (args, spec) => buildAnswer('confirm', args, spec),
  'cluster.cancel': (args, spec) => buildAnswer('cancel', args, spec),
  'cluster.approve': (args, spec) => buildAnswer('approve', args, spec),
  'cluster.reject': (args, spec) => buildAnswer('reject', args, spec),
  'cluster.lang': buildLanguage,
  'cluster.help': () => ok({ kind: 'cluster.help' }),
  'notebook.start': (args, _spec, options) => buildNotebookStart(args, options.notebookRegistries ?? DEFAULT_REGISTRIES),
  'notebook.list': () => ok({ kind: 'notebook.list' }),
  'notebook.stop': (args, spec) => {
    const name = args.positionals[0];
    if (name === undefined) return missingArgument(spec, 0);
    return withName(checkNotebookName(name), { kind: 'notebook.stop', name });
  },
  'notebook.delete': (args, spec) => {
    const name = args.positionals[0];
    if (name === undefined) return missingArgument(spec, 0);
    return withName(checkNotebookName(name), { kind: 'notebook.delete', name });
  },
  'notebook.keep': (args, spec) => {
    const name = args.positionals[0];
    if (name === undefined) return missingArgument(spec, 0);
    return withName(checkNotebookName(name), { kind: 'notebook.keep', name });
  },
  'notebook.password': (args, spec) => {
    const name = args.positionals[0];
    if (name === undefined) return missingArgument(spec, 0);
    return withName(checkNotebookName(name), { kind: 'notebook.password', name });
  },
  'notebook.lang': buildLanguage,
  'notebook.help': () => ok({ kind: 'notebook.help' }),
};

export function buildCommand(id: SubcommandId, args: SplitArguments, spec: SubcommandSpec, options: ParseOptions): BuildResult {
  return BUILDERS[id](args, spec, options);
}

/** `confirm|cancel|approve|reject <code>`: the answer to a question on platforms without buttons. */
function buildAnswer(answer: AnswerWord, args: SplitArguments, spec: SubcommandSpec): BuildResult {
  const code = args.positionals[0]?.toLowerCase();
  if (code === undefined) return missingArgument(spec, 0);
  if (!/^[a-z0-9]{8}$/.test(code)) return { ok: false, error: text('cmd.error.invalidCode', { value: echoValue(code) }) };
  return ok({ kind: 'user.answer', answer, code });
}

/** `audit [<name>|<user>] [--json]`, in either order; a user may be written `@name`. */
function buildAudit(args: SplitArguments): BuildResult {
  const json = args.positionals.some((word) => word.toLowerCase() === '--json');
  const filters = args.positionals.filter((word) => word.toLowerCase() !== '--json');
  const filter = filters[0]?.replace(/^@/, '');
  if (filters.length > 1 || (filter !== undefined && !/^[\p{L}\p{N}:._-]{1,64}$/u.test(filter))) {
    return { ok: false, error: text('cmd.error.invalidAuditFilter', { value: echoValue(filters.join(' ')) }) };
  }
  return ok({ kind: 'cluster.audit', json, ...(filter ? { filter } : {}) });
}

function buildLanguage(args: SplitArguments, spec: SubcommandSpec): BuildResult {
  const word = args.positionals[0];
  if (word === undefined) return missingArgument(spec, 0);
  const locale = parseLanguage(word);
  if (!locale) return { ok: false, error: text('cmd.error.invalidLanguage', { value: echoValue(word) }) };
  return ok({ kind: 'user.language', locale });
}

function withName(error: ReturnType<typeof checkClusterName>, command: Command): BuildResult {
  return error ? { ok: false, error } : ok(command);
}

function ok(command: Command): BuildResult {
  return { ok: true, command };
}
