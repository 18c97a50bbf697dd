import type { FaultInjector, FaultKind, FaultSpec } from './types.js';

const KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'quota', 'stock-out', 'forbidden', 'insufficient-balance'];

interface Armed {
  readonly api: string;
  readonly fault: FaultKind;
  remaining: number;
  readonly rate: number;
  /** The next of a fixed sequence of draws in [0, 1): the same calls are hit on every run. */
  readonly draw: () => number;
}

/** mulberry32: a small seeded generator, so a fault rate hits the same calls each run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Armed faults, consumed per matching call; the oldest matching fault fires first. */
export class FaultBook implements FaultInjector {
  private armed: Armed[] = [];
  private count = 0;

  inject(spec: FaultSpec): void {
    if (!KINDS.includes(spec.fault)) throw new Error(`unknown fault kind ${String(spec.fault)}`);
    if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new Error('fault times must be a positive integer');
    }
    if (spec.rate !== undefined && !(spec.rate > 0 && spec.rate <= 1)) throw new Error('fault rate must be in (0, 1]');
    this.armed.push({
      api: spec.api,
      fault: spec.fault,
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
      rate: spec.rate ?? 1,
      draw: seeded(spec.seed ?? 1),
    });
  }

  clear(): void {
    this.armed = [];
  }

  fired(): number {
    return this.count;
  }

  /** Consumes and returns the fault that applies to this call of `api`, if any. */
  take(api: string, accept: (fault: FaultKind) => boolean = () => true): FaultKind | undefined {
    const hit = this.armed.find((f) => (f.api === api || f.api === '*') && accept(f.fault) && (f.rate >= 1 || f.draw() < f.rate));
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((f) => f !== hit);
    this.count += 1;
    return hit.fault;
  }
}
