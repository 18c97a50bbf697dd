import {
  findFamily,
  findInstanceType,
  MIN_WORKER_MEMORY_GIB,
  MIN_WORKER_VCPU,
  resolveWorkerType,
} from '../catalog/gpu-catalog.js';
import type { WorkerTypeError } from '../catalog/types.js';
import { text, type Text } from '../i18n/text.js';
import { checkClusterName, checkDuration, checkRegion, checkZone } from './check-values.js';
import { missingArgument, type BuildResult } from './build-result.js';
import type { SubcommandSpec } from './command-grammar.js';
import { describeFamilies } from './describe-families.js';
import { echoValue } from './echo-value.js';
import { parseWholeNumber } from './parse-values.js';
import type { SplitArguments } from './split-arguments.js';
import type { ClusterCreate, ParseOptions } from './types.js';

export function buildClusterCreate(args: SplitArguments, spec: SubcommandSpec, options: ParseOptions): BuildResult {
  const [countWord, workerWord] = args.positionals;
  if (countWord === undefined) return missingArgument(spec, 0);
  if (workerWord === undefined) {
    // `/gpu-cluster create gn5`: the type is there, the count is not.
    if (isWorkerToken(countWord))
      return { ok: false, error: text('cmd.error.missingCount', { worker: countWord.toLowerCase() }) };
    return missingArgument(spec, 1);
  }
  if (parseWholeNumber(countWord) === undefined && isWorkerToken(countWord) && parseWholeNumber(workerWord) !== undefined) {
    return {
      ok: false,
      error: text('cmd.error.swappedArguments', { count: echoValue(workerWord), worker: countWord.toLowerCase() }),
    };
  }
  const count = parseCount(countWord, options.maxNodesPerCluster, options.clusterSpec === 'ack.standard');
  if (typeof count !== 'number') return { ok: false, error: count };

  const worker = resolveWorkerType(workerWord);
  if (!worker.ok) return { ok: false, error: describeWorkerTypeError(worker.error) };

  const name = args.options.get('name');
  const region = args.options.get('region')?.toLowerCase();
  const zone = args.options.get('zone')?.toLowerCase();
  const invalid =
    (name !== undefined ? checkClusterName(name) : undefined) ??
    (region !== undefined ? checkRegion(region, options.regions) : undefined) ??
    (zone !== undefined ? checkZone(zone, region) : undefined);
  if (invalid) return { ok: false, error: invalid };
  const ttlWord = args.options.get('ttl');
  const ttlMs = ttlWord !== undefined ? checkDuration(ttlWord, options.maxClusterTtlMs) : undefined;
  if (ttlMs !== undefined && typeof ttlMs !== 'number') return { ok: false, error: ttlMs };

  const command: ClusterCreate = {
    kind: 'cluster.create',
    count,
    instanceType: worker.type.id,
    ...(name !== undefined ? { name } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(zone !== undefined ? { zone } : {}),
    ...(ttlMs !== undefined ? { ttlMs } : {}),
  };
  return { ok: true, command };
}

function isWorkerToken(word: string): boolean {
  return findFamily(word) !== undefined || findInstanceType(word) !== undefined;
}

/** A number of workers, 1 to the per-cluster limit (ACK Basic's own limit on ack.standard). */
export function parseCount(word: string, max: number, basic: boolean): number | Text {
  const count = parseWholeNumber(word);
  if (count === undefined) return text('cmd.error.countNotNumber', { value: echoValue(word), max });
  if (count < 1) return text('cmd.error.countTooSmall', { max });
  if (count > max) {
    const key = basic ? 'cmd.error.countAboveBasicLimit' : 'cmd.error.countAboveLimit';
    return text(key, { count: echoValue(word.replace(/^0+/, '')), max });
  }
  return count;
}

function describeWorkerTypeError(error: WorkerTypeError): Text {
  switch (error.reason) {
    case 'unknown':
      return text('cmd.error.unknownWorkerType', {
        token: echoValue(error.token),
        suggestions: error.suggestions.length > 0 ? error.suggestions.join(',') : undefined,
        families: describeFamilies(),
      });
    case 'too-small':
      return text('cmd.error.workerTooSmall', {
        type: error.type.id,
        vcpu: error.type.vcpu,
        memory: error.type.memoryGiB,
        minVcpu: MIN_WORKER_VCPU,
        minMemory: MIN_WORKER_MEMORY_GIB,
        alternative: error.alternative,
        family: error.type.family,
      });
    case 'vgpu':
      return text('cmd.error.vgpuFamily', { token: echoValue(error.token), families: describeFamilies() });
  }
}
