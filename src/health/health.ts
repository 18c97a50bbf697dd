import { renderResults, runChecks, type Check } from './checks.js';
import { watchEventLoop } from './event-loop-watch.js';

export interface ProbeAnswer {
  readonly ok: boolean;
  readonly body: string;
}

/**
 * The process's liveness and readiness. Liveness: the process runs and its event loop turns.
 * Readiness: everything this process's roles need answers (Redis, the chat receiver, the cloud
 * credentials), registered by the roles as they start; not ready before start and while stopping,
 * so a Service sends it nothing it could not finish.
 */
export interface Health {
  addReadinessCheck(check: Check): void;
  markStarted(): void;
  markStopping(): void;
  liveness(): Promise<ProbeAnswer>;
  readiness(): Promise<ProbeAnswer>;
  close(): void;
}

export function createHealth(options: { blockedMs?: number } = {}): Health {
  const loop = watchEventLoop(options.blockedMs === undefined ? {} : { blockedMs: options.blockedMs });
  const readiness: Check[] = [];
  let phase: 'starting' | 'started' | 'stopping' = 'starting';
  const lifecycle: Check = {
    name: 'lifecycle',
    async run() {
      if (phase !== 'started') throw new Error(phase === 'starting' ? 'still starting' : 'shutting down');
      return 'started';
    },
  };
  return {
    addReadinessCheck: (check) => void readiness.push(check),
    markStarted: () => void (phase = 'started'),
    markStopping: () => void (phase = 'stopping'),
    liveness: async () => renderResults('healthz', await runChecks([loop.check])),
    readiness: async () => renderResults('readyz', await runChecks([lifecycle, ...readiness])),
    close: () => loop.stop(),
  };
}
