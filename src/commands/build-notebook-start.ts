import { text } from '../i18n/text.js';
import type { BuildResult } from './build-result.js';
import { checkClusterName, checkImage, checkNotebookName, checkRegistry } from './check-values.js';
import { echoValue } from './echo-value.js';
import { parseWholeNumber } from './parse-values.js';
import type { SplitArguments } from './split-arguments.js';
import type { NotebookStart } from './types.js';

/** A notebook is one pod on one node, and the largest GPU types in the catalog carry 8 GPUs. */
export const MAX_NOTEBOOK_GPUS = 8;

export function buildNotebookStart(args: SplitArguments, registries: readonly string[]): BuildResult {
  const cluster = args.options.get('cluster');
  const gpusWord = args.options.get('gpus');
  const image = args.options.get('image');
  const name = args.options.get('name');

  let gpus = 1;
  if (gpusWord !== undefined) {
    const parsed = parseWholeNumber(gpusWord);
    if (parsed === undefined || parsed < 1 || parsed > MAX_NOTEBOOK_GPUS) {
      return { ok: false, error: text('cmd.error.invalidGpus', { value: echoValue(gpusWord), max: MAX_NOTEBOOK_GPUS }) };
    }
    gpus = parsed;
  }
  const invalid =
    (cluster !== undefined ? checkClusterName(cluster) : undefined) ??
    (image !== undefined ? (checkImage(image) ?? checkRegistry(image, registries)) : undefined) ??
    (name !== undefined ? checkNotebookName(name) : undefined);
  if (invalid) return { ok: false, error: invalid };

  const command: NotebookStart = {
    kind: 'notebook.start',
    gpus,
    ...(cluster !== undefined ? { cluster } : {}),
    ...(image !== undefined ? { image } : {}),
    ...(name !== undefined ? { name } : {}),
  };
  return { ok: true, command };
}
