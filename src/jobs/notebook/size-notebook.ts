import { findInstanceType } from '../../catalog/gpu-catalog.js';
import { notebookShare } from '../../catalog/notebook-share.js';
import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import type { NodeInfo, NotebookResources } from '../../kube/port.js';

/**
 * CPU and memory for a notebook of `gpus` GPUs: it may land on any ready worker with that many GPUs,
 * so it gets the smallest share any of their types offers.
 */
export function sizeNotebook(nodes: readonly NodeInfo[], gpus: number, cluster: string): NotebookResources {
  const candidates = nodes.filter((node) => node.isWorker && node.ready && node.allocatableGpus >= gpus);
  const shares = candidates.map((node) => {
    const type = node.instanceType ? findInstanceType(node.instanceType) : undefined;
    if (!type) {
      throw new UserFacingError(
        'notebook.unknown_node_type',
        text('notebook.error.unknownNodeType', { node: node.name, type: node.instanceType ?? '?', cluster }),
      );
    }
    return notebookShare(type, gpus);
  });
  if (shares.length === 0) throw new Error(`sizeNotebook: no node of ${cluster} offers ${gpus} GPUs`);
  const least = (pick: (share: (typeof shares)[number]) => number) => Math.min(...shares.map(pick));
  return {
    cpuRequest: `${least((s) => s.cpuRequestMillis)}m`,
    cpuLimit: `${least((s) => s.cpuLimitMillis)}m`,
    memoryRequest: `${least((s) => s.memoryRequestMiB)}Mi`,
    memoryLimit: `${least((s) => s.memoryLimitMiB)}Mi`,
  };
}
