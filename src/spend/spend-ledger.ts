import type { SpendLimits } from '../config/spend-config.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { ownerOf, type ChatRequest } from '../queue/request.js';
import type { Claim, Refusal, Reservations } from '../reservations/reservations.js';
import {
  dayOf,
  parseResource,
  type Day,
  userClusters,
  userGpuMinutes,
  userGpus,
  userNotebooks,
  workspaceGpus,
  workspaceSpend,
} from '../reservations/resources.js';
import { notebookNameFor } from '../jobs/notebook/notebook-name.js';
import { dailyExpiry } from './day-window.js';
import { gpusOf } from './gpus-of.js';
import { workspaceOf } from './workspace-of.js';

export type Admission = { readonly status: 'admitted' } | Refusal;

/** What the daily bookings of a running cluster need to know about its request. */
export interface MeteredRequest {
  readonly requestId: string;
  readonly owner: string;
  readonly workspace: string;
  readonly gpus: number;
  readonly fenPerHour: number;
}

/**
 * Per-user and per-workspace limits, held atomically in the reservations ledger at request time.
 * Every hold a request makes is listed under the request, so any process can give all of it back
 * when the request is refused, cancelled, rejected, expires or fails, or its cluster is deleted.
 *
 * Hold ids (all `spend:…`, so other users of the ledger keep their own ids): `spend:<request>` (live
 * clusters and GPUs), `spend:<request>:min:<day>` (GPU-minutes of a day), `spend:<request>:fen:<day>`
 * (workspace spend of a day), `spend:nb:<owner>:<name>` (a notebook).
 * The daily holds are one hour of the request's GPUs and price: what it will use next, booked so
 * that parallel requests cannot overshoot; the usage meter adds what was really used.
 */
export interface SpendLedger {
  /** Before any price lookup: clusters, GPUs, notebooks and today's GPU-hours. */
  admit(request: ChatRequest): Promise<Admission>;
  /** Once the price is known: an hour of it against the workspace's budget for today. */
  admitSpend(request: ChatRequest, fenPerHour: number): Promise<Admission>;
  /**
   * Books an hour of the request's GPUs and price on `day`, counted but not limited (a cluster lives
   * on); a booking made before a scale is set to the rate the cluster has now.
   */
  bookDay(metered: MeteredRequest, day: Day): Promise<void>;
  /** Gives back every hold the request made; false when it held nothing. */
  release(requestId: string): Promise<boolean>;
  /** The request is done with: what it holds now belongs to its notebook (`spend:nb:…`), not to it. */
  forget(requestId: string): Promise<void>;
  /** A notebook was stopped or deleted: its hold goes, whoever stopped it. */
  releaseNotebook(name: string, stoppedBy: string): Promise<boolean>;
  /** The notebook the request started lives on `clusterId`: deleting that cluster frees it too. */
  placeNotebook(request: ChatRequest, clusterId: string): Promise<void>;
  /** The cluster is gone: every notebook hold on it is freed. */
  releaseClusterNotebooks(clusterId: string): Promise<number>;
  /** How many notebooks hold GPUs on the cluster now. */
  clusterNotebooks(clusterId: string): Promise<number>;
  /**
   * A scale that grew a cluster succeeded: its holds now belong to the cluster's create request, so
   * they are given back with the cluster's own when it is deleted.
   */
  joinHolds(requestId: string, intoRequestId: string): Promise<void>;
  /**
   * A scale of the cluster `createRequestId` made has completed: the GPUs its hold counts against
   * the person's and the workspace's limits become `gpus`, what it has now (a shrink frees the
   * removed nodes' GPUs there and then), and what the scale held itself (a growth's GPUs and its
   * booked hour) goes, the cluster's holds now counting it. Absolute and by id: a re-run changes nothing.
   */
  resizeCluster(createRequestId: string, scaleRequestId: string, gpus: number): Promise<void>;
}

export interface SpendLedgerDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly reservations: Reservations;
  readonly limits: SpendLimits;
  readonly now: () => number;
}

/** What a cluster's hold counts of its GPUs (the rest, its one cluster, does not change with its size). */
const GPU_KINDS: readonly string[] = ['user-gpus', 'workspace-gpus'];
const notebookHold = (owner: string, name: string) => `spend:nb:${owner}:${name}`;
const liveHold = (requestId: string) => `spend:${requestId}`;
const dayHold = (requestId: string, unit: 'min' | 'fen', day: Day) => `spend:${requestId}:${unit}:${day}`;
/** A notebook on a cluster, as the cluster's set lists it (owners may contain `:`). */
const placement = (owner: string, name: string) => JSON.stringify([owner, name]);

export function createSpendLedger(deps: SpendLedgerDeps): SpendLedger {
  const { redis, prefix, reservations, limits } = deps;
  const holdsKey = (requestId: string) => `${prefix}:spend:holds:${requestId}`;
  const ownersKey = (name: string) => `${prefix}:spend:nb-owners:${name}`;
  const clusterNotebooksKey = (clusterId: string) => `${prefix}:spend:cluster-notebooks:${clusterId}`;

  /** Reserves and lists the hold under the request in one atomic step; a hold the request already made answers admitted. */
  async function hold(requestId: string, id: string, claims: Claim[], expireAt?: number): Promise<Admission> {
    const outcome = await reservations.reserve(id, claims, {
      listIn: holdsKey(requestId),
      ...(expireAt === undefined ? {} : { expireAt }),
    });
    return outcome.status === 'refused' ? outcome : { status: 'admitted' };
  }

  /** Holds a day's booking, or sets the one held already to `claim` (the rate may have changed with a scale). */
  async function book(requestId: string, id: string, claim: Claim, expireAt: number): Promise<void> {
    const outcome = await reservations.reserve(id, [claim], { expireAt, listIn: holdsKey(requestId) });
    if (outcome.status === 'already-held') await reservations.resize(id, [claim]);
  }

  async function release(requestId: string): Promise<boolean> {
    const ids = await redis.smembers(holdsKey(requestId));
    for (const id of ids) await reservations.release(id);
    await redis.del(holdsKey(requestId));
    return ids.length > 0;
  }

  return {
    async admit(request) {
      const owner = ownerOf(request.requester);
      const command = request.command;
      if (command.kind === 'notebook.start') {
        const name = notebookNameFor(command, request.requestId);
        const admitted = await hold(request.requestId, notebookHold(owner, name), [
          { resource: userNotebooks(owner), amount: 1, limit: limits.userNotebooks },
        ]);
        if (admitted.status === 'admitted') await redis.sadd(ownersKey(name), owner);
        return admitted;
      }
      if (command.kind === 'cluster.scale') {
        // Growing: the added workers' GPUs count against the same limits as a create's.
        const added = command.count - (command.target?.from ?? command.count);
        if (added <= 0 || !command.target) return { status: 'admitted' };
        const gpus = gpusOf({ count: added, instanceType: command.target.instanceType });
        const workspace = workspaceOf(request.requester);
        return hold(request.requestId, liveHold(request.requestId), [
          { resource: userGpus(owner), amount: gpus, limit: limits.userGpus },
          { resource: workspaceGpus(workspace), amount: gpus, limit: limits.workspaceGpus },
        ]);
      }
      if (command.kind !== 'cluster.create') return { status: 'admitted' };
      const gpus = gpusOf(command);
      const workspace = workspaceOf(request.requester);
      const live = await hold(request.requestId, liveHold(request.requestId), [
        { resource: userClusters(owner), amount: 1, limit: limits.userClusters },
        { resource: userGpus(owner), amount: gpus, limit: limits.userGpus },
        { resource: workspaceGpus(workspace), amount: gpus, limit: limits.workspaceGpus },
      ]);
      if (live.status !== 'admitted') return live;
      const day = dayOf(deps.now());
      const today = await hold(
        request.requestId,
        dayHold(request.requestId, 'min', day),
        [{ resource: userGpuMinutes(owner, day), amount: gpus * 60, limit: limits.userGpuHoursPerDay * 60 }],
        dailyExpiry(day),
      );
      // Holding clusters while refusing on GPU-hours would block someone else's request for nothing.
      if (today.status !== 'admitted') await release(request.requestId);
      return today;
    },

    async admitSpend(request, fenPerHour) {
      const day = dayOf(deps.now());
      const admitted = await hold(
        request.requestId,
        dayHold(request.requestId, 'fen', day),
        [
          {
            resource: workspaceSpend(workspaceOf(request.requester), day),
            amount: fenPerHour,
            limit: limits.workspaceSpendPerDay * 100,
          },
        ],
        dailyExpiry(day),
      );
      return admitted;
    },

    async bookDay(metered, day) {
      const { requestId } = metered;
      const expireAt = dailyExpiry(day);
      const minutes = { resource: userGpuMinutes(metered.owner, day), amount: metered.gpus * 60 };
      await book(requestId, dayHold(requestId, 'min', day), minutes, expireAt);
      const spend = { resource: workspaceSpend(metered.workspace, day), amount: metered.fenPerHour };
      if (metered.fenPerHour > 0) await book(requestId, dayHold(requestId, 'fen', day), spend, expireAt);
    },

    release,

    async clusterNotebooks(clusterId) {
      // Placements outlive a stop (they are cleared with the cluster): count those still held.
      let held = 0;
      for (const member of await redis.smembers(clusterNotebooksKey(clusterId))) {
        const [owner, name] = JSON.parse(member) as [string, string];
        if ((await redis.sismember(ownersKey(name), owner)) === 1) held += 1;
      }
      return held;
    },

    async joinHolds(requestId, intoRequestId) {
      const ids = await redis.smembers(holdsKey(requestId));
      if (ids.length > 0) await redis.sadd(holdsKey(intoRequestId), ...ids);
      await redis.del(holdsKey(requestId));
    },

    async resizeCluster(createRequestId, scaleRequestId, gpus) {
      const held = await reservations.holding(liveHold(createRequestId));
      // No hold for the cluster (gone, or its create's holds were lost): the growth keeps its own.
      if (!held) return;
      const counted = held.claims.filter((claim) => GPU_KINDS.includes(parseResource(claim.resource)?.kind ?? ''));
      await reservations.resize(
        liveHold(createRequestId),
        counted.map((claim) => ({ resource: claim.resource, amount: gpus })),
      );
      // After the resize: a crash in between counts the growth twice for a moment, never not at all.
      await release(scaleRequestId);
    },

    async forget(requestId) {
      await redis.del(holdsKey(requestId));
    },

    async releaseNotebook(name, stoppedBy) {
      const owners = await redis.smembers(ownersKey(name));
      // An admin may stop someone else's notebook: with one owner of that name the hold is theirs.
      const owner = owners.includes(stoppedBy) ? stoppedBy : owners.length === 1 ? owners[0] : undefined;
      if (owner === undefined) return false;
      await redis.srem(ownersKey(name), owner);
      return reservations.release(notebookHold(owner, name));
    },

    async placeNotebook(request, clusterId) {
      const command = request.command;
      if (command.kind !== 'notebook.start') return;
      const name = notebookNameFor(command, request.requestId);
      await redis.sadd(clusterNotebooksKey(clusterId), placement(ownerOf(request.requester), name));
    },

    async releaseClusterNotebooks(clusterId) {
      const placed = await redis.smembers(clusterNotebooksKey(clusterId));
      let released = 0;
      for (const member of placed) {
        const [owner, name] = JSON.parse(member) as [string, string];
        if (await reservations.release(notebookHold(owner, name))) released += 1;
        await redis.srem(ownersKey(name), owner);
      }
      await redis.del(clusterNotebooksKey(clusterId));
      return released;
    },
  };
}
