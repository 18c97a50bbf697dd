import { GpubotError } from '../errors.js';
import type { Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import type { ChatRequest } from '../queue/request.js';
import type { ClusterLifetime } from './cluster-tags.js';
import type { Wait } from './wait.js';

/** Crash-safe progress of one job, saved in the job's data (ids only, never a secret). */
export interface Checkpoint {
  /** The region of the cluster the job works on: every call about it goes to that region's endpoint. */
  readonly regionId?: string;
  /** The zone pre-flight chose. */
  readonly zoneId?: string;
  /** Zones where pre-flight found the instance type in stock, the chosen one first. */
  readonly stockZoneIds?: readonly string[];
  /** Without a configured VPC: the zones ACK creates vSwitches in (`zone_ids`). */
  readonly clusterZoneIds?: readonly string[];
  /** With a configured VPC: its vSwitches in the zones with stock, in that order, for the node pool. */
  readonly poolVswitchIds?: readonly string[];
  readonly clusterId?: string;
  /** The cluster's name, so a re-run names it without asking the cloud. */
  readonly clusterName?: string;
  readonly taskId?: string;
  /** CreateCluster was sent (its answer may have been lost): ask ACK before sending it again. */
  readonly createRequested?: boolean;
  /** The new cluster's time to live and expiry, fixed before CreateCluster, whose tags carry them. */
  readonly lifetime?: ClusterLifetime;
  readonly nodepoolId?: string;
  readonly nodepoolTaskId?: string;
  /** CreateClusterNodePool was sent (its answer may have been lost): look the pool up by name first. */
  readonly nodepoolRequested?: boolean;
  /** The GPU node pool was seen `active`: only the GPU check is left. */
  readonly nodepoolActive?: boolean;
  /** When ACK was last asked about the node pool itself (the listing is read in between). */
  readonly poolLookedAt?: number;
  /** When the job first acted on the cloud or cluster (a create, a delete, an apply). */
  readonly createdAt?: number;
  /** The cloud or cluster was asked to delete (a cluster, a notebook, a disk): look until it is gone. */
  readonly removing?: readonly string[];
  /** When the last of those was asked (a listing from before cannot show it gone). */
  readonly removedAt?: number;
  /** The request that created what this job removes: what it holds is released once that is gone. */
  readonly createdBy?: string;
  /** A notebook's objects were sent to its cluster (the answer may have been lost): a give-up removes them. */
  readonly applyRequested?: boolean;
  /** A start that gave up removed what it made itself: no clean-up is queued. */
  readonly cleanedUp?: boolean;
  /** A scale asked ACK to grow or shrink the node pool (ScaleClusterNodePool / RemoveNodePoolNodes). */
  readonly scaleRequested?: boolean;
  /** A shrink: the instances chosen to go, and the notebooks on them that are stopped first. */
  readonly scaleInstanceIds?: readonly string[];
  readonly scaleStops?: readonly { readonly name: string; readonly requestId?: string }[];
  /** A restarted notebook reattaches its disk, which a failed start must keep. */
  readonly reattach?: boolean;
  /** When each named wait began (`elapsed`), so timeouts survive re-queues and crashes. */
  readonly since?: Readonly<Record<string, number>>;
  /** How often each named step failed transiently (`retryLater`). */
  readonly tries?: Readonly<Record<string, number>>;
  /** The job gave up for good and its failure report began: a re-run only repeats that report. */
  readonly gaveUp?: { readonly code: string; readonly reason: Text };
  /** The adaptive poll interval and what the last poll saw (`pollAgain`). */
  readonly poll?: { readonly intervalMs: number; readonly observed: string };
  /**
   * When the progress this job last published changed (its `updatedAt`): a worker that still has
   * that snapshot in memory resumes from it without reading it back from Redis.
   */
  readonly progressAt?: number;
}

export interface JobContext {
  readonly request: ChatRequest;
  readonly checkpoint: Checkpoint;
  save(update: Checkpoint): Promise<void>;
  readonly log: Logger;
  /** True on the last attempt BullMQ will make, so failures must be reported now. */
  readonly finalAttempt: boolean;
  /**
   * Milliseconds since this job first passed `marker` (0 the first time). Kept in the checkpoint,
   * so a timeout counts from the first attempt across re-queues, restarts and other workers.
   */
  elapsed(marker: string): number;
  /**
   * "Look again later": the job is re-queued after the poll interval, which grows (up to six times
   * the base) while `observed` (what this poll saw) stays the same and snaps back when it changes.
   * `afterMs` sets the delay instead: for looks that cost the cloud nothing, timed to when there is
   * something new to see (the next shared listing). Return it from `run`; the worker slot is free
   * while the job waits.
   */
  pollAgain(observed: string, options?: { readonly afterMs?: number }): Wait;
  /**
   * A transient failure of `marker` (a 5xx whose answer may have been lost): the job comes back
   * later, checking what the failed call may have done before trying again. Throws `error` once
   * `marker` has failed five times.
   */
  retryLater(marker: string, error: GpubotError): Wait;
}

/**
 * Whether `error` ends the job for good: it will not pass by itself, or this run is the last
 * attempt. Anything else is retried by the runner, so what the job holds stays held meanwhile.
 */
export function endsForGood(context: Pick<JobContext, 'finalAttempt'>, error: unknown): boolean {
  return !(error instanceof GpubotError && error.retryable) || context.finalAttempt;
}
