import type { Text } from '../i18n/text.js';
import type { Progress, ProgressStep, StepState, Tone } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import type { ChatRequest } from '../queue/request.js';

function sameText(a: Text | undefined, b: Text | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface StepDefinition {
  readonly id: string;
  readonly label: Text;
}

/**
 * Inside a batch, changes go out at most this often: a long batch (a slow cloud call) still shows
 * its steps as they happen, while a quick one is a single edit.
 */
export const BATCH_FLUSH_MS = 1000;

interface Batch {
  /** Something changed that is not published yet. */
  changed: boolean;
  /** When the batch began or last published. */
  since: number;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps the checklist of one request and publishes it after every change. A rerun after a crash
 * resumes from the checkpointed snapshot, so the message keeps its history and start time.
 */
export class ProgressTracker {
  #progress: Progress;
  /** Inside `batch`: changes wait here and go out as one edit at its end, or BATCH_FLUSH_MS after the last edit. */
  #batching: Batch | undefined;
  /** Publishes go out one after another, so an older state never lands after a newer one. */
  #published: Promise<void> = Promise.resolve();

  constructor(
    private readonly request: ChatRequest,
    private readonly notifier: Notifier,
    title: Text,
    steps: readonly StepDefinition[],
    resumeFrom?: Progress,
    private readonly now: () => number = Date.now,
  ) {
    this.#progress = resumeFrom ?? {
      title,
      steps: steps.map((step) => ({ id: step.id, label: step.label, state: 'pending' })),
      state: 'running',
      startedAt: request.receivedAt,
      updatedAt: now(),
    };
  }

  get snapshot(): Progress {
    return this.#progress;
  }

  stateOf(stepId: string): StepState | undefined {
    return this.#progress.steps.find((step) => step.id === stepId)?.state;
  }

  /**
   * Publishes only a real change: a job runs again after every wait and repeats its steps' calls,
   * which must not become a stream of identical edits. A done step never goes back to running.
   */
  async #set(stepId: string, state: StepState, detail?: Text): Promise<void> {
    const current = this.#progress.steps.find((step) => step.id === stepId);
    if (!current) return;
    if (current.state === 'done' && state === 'running') return;
    const unchanged = current.state === state && (detail === undefined || sameText(current.detail, detail));
    if (unchanged) return;
    const steps = this.#progress.steps.map((step): ProgressStep => {
      if (step.id !== stepId) return step;
      const keep = detail ?? (state === step.state ? step.detail : undefined);
      return keep ? { ...step, state, detail: keep } : { id: step.id, label: step.label, state };
    });
    this.#progress = { ...this.#progress, steps, updatedAt: this.now() };
    if (this.#batching) this.#defer(this.#batching);
    else await this.#publish();
  }

  #publish(): Promise<void> {
    const snapshot = this.#progress;
    const published = this.#published.then(() => this.notifier.progress(this.request, snapshot));
    this.#published = published.catch(() => undefined);
    return published;
  }

  /** A batch's change waits for its end, or goes out by itself once the last edit is BATCH_FLUSH_MS old. */
  #defer(batching: Batch): void {
    batching.changed = true;
    if (batching.timer) return;
    const flush = () => {
      batching.timer = undefined;
      if (!batching.changed || this.#batching !== batching) return;
      batching.changed = false;
      batching.since = this.now();
      // A failed edit is carried by the next one (the batch's end publishes again).
      this.#publish().catch(() => (batching.changed = true));
    };
    batching.timer = setTimeout(flush, Math.max(0, batching.since + BATCH_FLUSH_MS - this.now()));
    batching.timer.unref();
  }

  /**
   * Runs `steps` and publishes what they changed as one edit: a look that sees a notebook
   * scheduled, pulled and ready at once is one message edit, not three, and a job's run that
   * chooses a cluster and creates a notebook in a moment is one edit, not four.
   */
  async batch<T>(steps: () => Promise<T>): Promise<T> {
    if (this.#batching) return steps();
    const batching: Batch = { changed: false, since: this.now() };
    this.#batching = batching;
    try {
      return await steps();
    } finally {
      clearTimeout(batching.timer);
      this.#batching = undefined;
      if (batching.changed) await this.#publish();
    }
  }

  start(stepId: string, detail?: Text): Promise<void> {
    return this.#set(stepId, 'running', detail);
  }

  /** Updates the detail of the running step without changing its state (e.g. a new cloud stage). */
  detail(stepId: string, detail: Text): Promise<void> {
    return this.#set(stepId, this.stateOf(stepId) ?? 'running', detail);
  }

  done(stepId: string, detail?: Text): Promise<void> {
    return this.#set(stepId, 'done', detail);
  }

  skip(stepId: string, detail?: Text): Promise<void> {
    return this.#set(stepId, 'skipped', detail);
  }

  async finish(state: 'succeeded' | 'failed', summary: Text, tone?: Tone): Promise<void> {
    const steps = this.#progress.steps.map((step): ProgressStep =>
      state === 'failed' && step.state === 'running' ? { ...step, state: 'failed' } : step,
    );
    this.#progress = {
      ...this.#progress,
      steps,
      state,
      summary,
      updatedAt: this.now(),
      tone: tone ?? (state === 'succeeded' ? 'success' : 'error'),
    };
    await this.#publish();
  }
}
