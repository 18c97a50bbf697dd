import type { ChatRequest } from '../queue/request.js';
import { gpusOf } from './gpus-of.js';
import type { SpendLedger } from './spend-ledger.js';
import type { UsageMeter } from './usage-meter.js';

/** A scale's node pool reached its new size: `nodes` workers, billed at the new rate from `at`. */
export interface ScaleDone {
  readonly nodes: number;
  readonly at: number;
}

/**
 * Spend follows a completed scale at once, not when the cluster is deleted: the meter opens a
 * segment at the new rate and the cluster's GPU holds become its new size. Both are keyed by the
 * scale's request, so the job's re-run after a crash counts nothing twice.
 */
export function settleScale(deps: {
  readonly meter: Pick<UsageMeter, 'rescale'>;
  readonly ledger: Pick<SpendLedger, 'resizeCluster'>;
}): (request: ChatRequest, done: ScaleDone) => Promise<void> {
  return async (request, done) => {
    const command = request.command;
    if (command.kind !== 'cluster.scale' || !command.target) return;
    const { createRequestId, instanceType } = command.target;
    await deps.meter.rescale(createRequestId, { by: request.requestId, at: done.at, nodes: done.nodes, instanceType });
    await deps.ledger.resizeCluster(createRequestId, request.requestId, gpusOf({ count: done.nodes, instanceType }));
  };
}
