import { findInstanceType } from '../catalog/gpu-catalog.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { ownerOf, type ChatRequest } from '../queue/request.js';
import type { Reservations } from '../reservations/reservations.js';
import { dayOf, userGpuMinutes, workspaceSpend, type Day } from '../reservations/resources.js';
import { dailyExpiry, dayBounds, daysBetween } from './day-window.js';
import { gpusOf } from './gpus-of.js';
import type { MeteredRequest, SpendLedger } from './spend-ledger.js';
import { workspaceOf } from './workspace-of.js';
import { fenPerHour } from '../pricing/price-quote.js';
import { ADD_SEGMENT, usedBetween, type RateSegment } from './rate-segments.js';

/** One running cluster as the meter sees it. */
export interface MeteredCluster extends MeteredRequest {
  readonly clusterId: string;
  readonly regionId: string;
  /** When it was created (ms): billing and the meter start here. */
  readonly since: number;
  /** When it was deleted, once it is. */
  readonly until?: number;
  readonly currency?: string;
  /** Its sizes over time, oldest first; `gpus` and `fenPerHour` are the last one's (what it costs now). */
  readonly segments: readonly RateSegment[];
}

/** How long a cluster ran and what it cost so far. */
export interface ClusterUsage {
  readonly clusterId: string;
  readonly owner: string;
  readonly hours: number;
  /** GPU-hours: each size's GPUs times how long it had them. */
  readonly gpuHours: number;
  /** CNY; absent when the price was not known at request time. */
  readonly spend?: number;
  readonly pricePerHour?: number;
  readonly currency?: string;
}

/**
 * GPU-hours and spend accrue as time passes: every running cluster is metered from its creation,
 * and each tick adds what it used since (per UTC day) to the owner's GPU-minutes and the
 * workspace's spend of that day, and books the next hour of today (see SpendLedger). Accruals
 * are totals per request and day, so ticks from several workers, or repeated ones, never count twice.
 */
export interface UsageMeter {
  /** The request's cluster exists from `since`; idempotent. */
  start(request: ChatRequest, cluster: { clusterId: string; regionId: string }, since: number): Promise<void>;
  /**
   * A scale of the request's cluster completed: from `at` it has `nodes` workers of `instanceType`,
   * billed at the created price per worker. Keyed by the scale's request (`by`): a re-run adds
   * nothing. A stopped meter is left alone.
   */
  rescale(
    requestId: string,
    change: { readonly by: string; readonly at: number; readonly nodes: number; readonly instanceType: string },
  ): Promise<'added' | 'known' | 'stopped' | 'missing'>;
  /** The cluster is gone at `at`: final accrual, then every hold of its request is given back. */
  stop(clusterId: string, at: number): Promise<MeteredCluster | undefined>;
  /** Accrues every running cluster up to `now` and books today's next hour for each. */
  tick(now: number): Promise<void>;
  running(): Promise<MeteredCluster[]>;
  usage(clusterId: string, now: number): Promise<ClusterUsage | undefined>;
}

export interface UsageMeterDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly reservations: Reservations;
  readonly ledger: SpendLedger;
}

const HISTORY_S = 7 * 24 * 3600;

function parse(fields: Record<string, string>): MeteredCluster | undefined {
  if (!fields.requestId || !fields.clusterId) return undefined;
  const since = Number(fields.since ?? 0);
  const gpus = Number(fields.gpus ?? 0);
  const fen = Number(fields.fenPerHour ?? 0);
  // A meter written before segments ran at one size all along.
  const segments = fields.segments
    ? (JSON.parse(fields.segments) as RateSegment[])
    : [{ at: since, gpus, fen, by: fields.requestId }];
  return {
    requestId: fields.requestId,
    clusterId: fields.clusterId,
    regionId: fields.regionId ?? '',
    owner: fields.owner ?? '',
    workspace: fields.workspace ?? '',
    gpus: Number(fields.gpus ?? 0),
    fenPerHour: Number(fields.fenPerHour ?? 0),
    ...(fields.currency ? { currency: fields.currency } : {}),
    since: Number(fields.since ?? 0),
    ...(fields.until ? { until: Number(fields.until) } : {}),
    segments,
  };
}

/**
 * The hourly price (fen) of `nodes` workers: the cluster's own part plus the created price per
 * worker. A meter from before this was kept charged everything per worker.
 */
function priceOf(fields: Record<string, string>, nodes: number, gpusPerNode: number): number {
  const first = Number(fields.fenPerHour ?? 0);
  if (first === 0) return 0;
  const created = fields.nodes ? Number(fields.nodes) : Math.max(1, Math.round(Number(fields.gpus ?? 0) / gpusPerNode));
  const nodeFen = fields.nodeFen ? Number(fields.nodeFen) : first / created;
  return Math.ceil(Number(fields.clusterFen ?? 0) + nodes * nodeFen - 1e-9);
}

export function createUsageMeter(deps: UsageMeterDeps): UsageMeter {
  const { redis, prefix, reservations, ledger } = deps;
  const meterKey = (requestId: string) => `${prefix}:spend:meter:${requestId}`;
  const runningKey = `${prefix}:spend:meters`;
  const byClusterKey = (clusterId: string) => `${prefix}:spend:by-cluster:${clusterId}`;

  async function read(requestId: string): Promise<MeteredCluster | undefined> {
    return parse(await redis.hgetall(meterKey(requestId)));
  }

  async function byCluster(clusterId: string): Promise<MeteredCluster | undefined> {
    const requestId = await redis.get(byClusterKey(clusterId));
    return requestId ? read(requestId) : undefined;
  }

  /**
   * Raises each day's totals to what the cluster used on that day up to `to`, each size at its own
   * rate. Totals only grow with `to`, so racing or repeated accruals never count twice.
   */
  async function accrue(metered: MeteredCluster, to: number): Promise<void> {
    const priced = metered.segments.some((segment) => segment.fen > 0);
    for (const day of daysBetween(metered.since, to)) {
      // A day whose totals have expired is history: nothing reads it any more.
      if (dailyExpiry(day) <= to) continue;
      const { start, end } = dayBounds(day);
      const used = usedBetween(metered.segments, Math.max(start, metered.since), Math.min(end, to));
      const expireAt = dailyExpiry(day);
      const minutes = Math.floor(used.gpuMs / 60_000);
      await reservations.accrue(userGpuMinutes(metered.owner, day), metered.requestId, minutes, { expireAt });
      if (priced) {
        const fen = Math.floor(used.fenMs / 3_600_000);
        await reservations.accrue(workspaceSpend(metered.workspace, day), metered.requestId, fen, { expireAt });
      }
    }
  }

  return {
    async start(request, cluster, since) {
      const command = request.command;
      if (command.kind !== 'cluster.create') return;
      const fen = request.quote ? fenPerHour(request.quote) : 0;
      const fields = {
        requestId: request.requestId,
        clusterId: cluster.clusterId,
        regionId: cluster.regionId,
        owner: ownerOf(request.requester),
        workspace: workspaceOf(request.requester),
        gpus: gpusOf(command),
        fenPerHour: fen,
        currency: request.quote?.currency ?? '',
        since,
        // What a scale's new price is made of: the cluster's part and the price of one worker.
        nodes: command.count,
        clusterFen: (request.quote?.cluster ?? 0) * 100,
        nodeFen: ((request.quote?.workers ?? 0) * 100) / command.count,
        segments: JSON.stringify([{ at: since, gpus: gpusOf(command), fen, by: request.requestId }]),
      };
      // HSETNX on the first field keeps the first start's values if two workers race.
      if ((await redis.hsetnx(meterKey(request.requestId), 'requestId', request.requestId)) === 1) {
        await redis.hset(meterKey(request.requestId), fields);
      }
      await redis.set(byClusterKey(cluster.clusterId), request.requestId);
      await redis.sadd(runningKey, request.requestId);
    },

    async rescale(requestId, change) {
      const fields = await redis.hgetall(meterKey(requestId));
      if (!fields.requestId) return 'missing';
      const type = findInstanceType(change.instanceType);
      if (!type) throw new Error(`catalog: unknown instance type ${change.instanceType}`);
      const gpus = change.nodes * type.gpuCount;
      const fen = priceOf(fields, change.nodes, type.gpuCount);
      const args = [change.by, change.at, gpus, fen];
      return (await runScript(redis, ADD_SEGMENT, [meterKey(requestId)], args)) as 'added' | 'known' | 'stopped' | 'missing';
    },

    async stop(clusterId, at) {
      const metered = await byCluster(clusterId);
      if (!metered) return undefined;
      if (metered.until === undefined) {
        await accrue(metered, at);
        await redis.hset(meterKey(metered.requestId), 'until', at);
      }
      await redis.srem(runningKey, metered.requestId);
      await redis.expire(meterKey(metered.requestId), HISTORY_S);
      await redis.expire(byClusterKey(clusterId), HISTORY_S);
      await ledger.release(metered.requestId);
      return { ...metered, until: metered.until ?? at };
    },

    async tick(now) {
      const today: Day = dayOf(now);
      for (const requestId of await redis.smembers(runningKey)) {
        const metered = await read(requestId);
        if (!metered || metered.until !== undefined) {
          await redis.srem(runningKey, requestId);
          continue;
        }
        await accrue(metered, now);
        await ledger.bookDay(metered, today);
      }
    },

    async running() {
      const ids = await redis.smembers(runningKey);
      const found = await Promise.all(ids.map(read));
      return found.filter((m): m is MeteredCluster => m !== undefined && m.until === undefined);
    },

    async usage(clusterId, now) {
      const metered = await byCluster(clusterId);
      if (!metered) return undefined;
      const end = metered.until ?? now;
      const used = usedBetween(metered.segments, metered.since, end);
      const priced = metered.segments.some((segment) => segment.fen > 0);
      return {
        clusterId,
        owner: metered.owner,
        hours: Math.max(0, end - metered.since) / 3_600_000,
        gpuHours: used.gpuMs / 3_600_000,
        ...(priced ? { spend: used.fenMs / 3_600_000 / 100, pricePerHour: metered.fenPerHour / 100 } : {}),
        ...(metered.currency ? { currency: metered.currency } : {}),
      };
    },
  };
}
