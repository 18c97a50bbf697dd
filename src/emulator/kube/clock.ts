/**
 * One clock for the whole emulator: emulated time runs `timeScale` times faster than real time, so a
 * 60 s image pull takes one real second at the default scale. Timestamps written into objects come from
 * the same clock, so durations read back from them (pull took 1m0s) agree with the delays.
 */
export interface EmulatorClock {
  now(): Date;
  /** Runs `fn` after `emulatedMs` of emulated time. */
  after(emulatedMs: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

export function createScaledClock(timeScale: number, realNow: () => number = Date.now): EmulatorClock {
  if (!(timeScale > 0)) throw new Error(`timeScale must be positive, got ${timeScale}`);
  const realStart = realNow();
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => new Date(realStart + (realNow() - realStart) * timeScale),
    after(emulatedMs, fn) {
      const id = nextId++;
      const timer = setTimeout(
        () => {
          timers.delete(id);
          fn();
        },
        Math.max(0, emulatedMs / timeScale),
      );
      timers.set(id, timer);
      return { id };
    },
    cancel(handle) {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
}

/** Timers owned by one cluster, so removing the cluster (or closing the emulator) stops them all. */
export class TimerGroup {
  private readonly handles = new Set<TimerHandle>();
  private closed = false;

  constructor(private readonly clock: EmulatorClock) {}

  after(emulatedMs: number, fn: () => void): TimerHandle | undefined {
    if (this.closed) return undefined;
    const handle: TimerHandle = this.clock.after(emulatedMs, () => {
      this.handles.delete(handle);
      fn();
    });
    this.handles.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.clock.cancel(handle);
    this.handles.delete(handle);
  }

  cancelAll(): void {
    this.closed = true;
    for (const handle of this.handles) this.clock.cancel(handle);
    this.handles.clear();
  }
}
