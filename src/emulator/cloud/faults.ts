import type { FaultInjector, FaultKind, FaultSpec } from './types.js';

const KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'quota', 'stock-out', 'forbidden', 'insufficient-balance'];

/** Armed faults, consumed per matching call; the oldest matching fault fires first. */
export class FaultBook implements FaultInjector {
  private armed: { api: string; fault: FaultKind; remaining: number }[] = [];

  inject(spec: FaultSpec): void {
    if (!KINDS.includes(spec.fault)) throw new Error(`unknown fault kind ${String(spec.fault)}`);
    if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new Error('fault times must be a positive integer');
    }
    this.armed.push({ api: spec.api, fault: spec.fault, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** Consumes and returns the fault that applies to this call of `api`, if any. */
  take(api: string, accept: (fault: FaultKind) => boolean = () => true): FaultKind | undefined {
    const hit = this.armed.find((f) => (f.api === api || f.api === '*') && accept(f.fault));
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed = this.armed.filter((f) => f !== hit);
    return hit.fault;
  }
}
