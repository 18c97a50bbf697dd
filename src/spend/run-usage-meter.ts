import type { CloudProvider } from '../cloud/port.js';
import { isLive } from '../jobs/cluster-tags.js';
import type { Logger } from '../log.js';
import type { RedisClient } from '../queue/redis-connection.js';
import type { SpendLedger } from './spend-ledger.js';
import type { UsageMeter } from './usage-meter.js';

export interface MeterLoopDeps {
  readonly meter: UsageMeter;
  readonly ledger: SpendLedger;
  readonly cloud: Pick<CloudProvider, 'listClusters'>;
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly intervalMs: number;
  /** A cluster younger than this is not taken for gone when a listing lacks it (listings lag creates). */
  readonly graceMs: number;
  readonly log: Logger;
  readonly now: () => number;
}

/**
 * One round of metering: accrue every running cluster, then stop the meters (and free the
 * limits) of clusters that are gone without gpubot deleting them: deleted in the console, or by
 * a failed create that cleaned up after itself.
 */
export async function meterOnce(deps: MeterLoopDeps): Promise<{ stopped: number }> {
  const now = deps.now();
  await deps.meter.tick(now);
  const running = await deps.meter.running();
  let stopped = 0;
  for (const regionId of new Set(running.map((m) => m.regionId).filter(Boolean))) {
    const live = new Set((await deps.cloud.listClusters(regionId)).filter(isLive).map((c) => c.clusterId));
    for (const metered of running.filter((m) => m.regionId === regionId)) {
      if (live.has(metered.clusterId) || now - metered.since < deps.graceMs) continue;
      await deps.meter.stop(metered.clusterId, now);
      await deps.ledger.releaseClusterNotebooks(metered.clusterId);
      deps.log.info(
        { clusterId: metered.clusterId, requestId: metered.requestId },
        'cluster is gone: metering stopped, limits freed',
      );
      stopped += 1;
    }
  }
  return { stopped };
}

/**
 * Meters every `intervalMs` in whichever worker process takes the round's lock (ticks are
 * idempotent anyway; the lock saves the listings).
 */
export function runUsageMeter(deps: MeterLoopDeps): { stop(): Promise<void> } {
  const lock = `${deps.prefix}:spend:meter-lock`;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = (async () => {
      if ((await deps.redis.set(lock, '1', 'PX', Math.max(1, Math.floor(deps.intervalMs * 0.9)), 'NX')) !== 'OK') return;
      await meterOnce(deps);
    })().catch((error: unknown) =>
      deps.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'metering round failed; the next one catches up',
      ),
    );
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
