import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';
import type { Check } from './checks.js';

export interface EventLoopWatch {
  readonly check: Check;
  stop(): void;
}

/**
 * Liveness: the event loop keeps turning. A loop stuck for good never answers the probe at all
 * (Kubernetes then restarts the pod); this also reports one that was blocked for longer than
 * `blockedMs` within the last window, e.g. by a synchronous loop gone wrong.
 */
export function watchEventLoop(options: { blockedMs?: number; windowMs?: number } = {}): EventLoopWatch {
  const blockedMs = options.blockedMs ?? 5000;
  const windowMs = options.windowMs ?? 30_000;
  let current: ELDHistogram = monitorEventLoopDelay({ resolution: 50 });
  let previousMaxMs = 0;
  current.enable();
  // Two windows, so a block just before a rotation is still seen by the next probe.
  const rotate = setInterval(() => {
    previousMaxMs = current.max / 1e6;
    current.disable();
    current = monitorEventLoopDelay({ resolution: 50 });
    current.enable();
  }, windowMs);
  rotate.unref();
  return {
    check: {
      name: 'event-loop',
      async run() {
        const worstMs = Math.max(previousMaxMs, current.max / 1e6);
        if (worstMs > blockedMs) throw new Error(`blocked for ${Math.round(worstMs)} ms within the last ${windowMs / 1000} s`);
        return `longest delay ${Math.round(worstMs)} ms`;
      },
    },
    stop() {
      clearInterval(rotate);
      current.disable();
    },
  };
}
