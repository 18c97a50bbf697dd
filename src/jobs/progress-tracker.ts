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
 * Keeps the checklist of one request and publishes it after every change. A rerun after a crash
 * resumes from the checkpointed snapshot, so the message keeps its history and start time.
 */
export class ProgressTracker {
  #progress: Progress;
  /** Inside `batch`: changes wait here and go out as one edit at its end. */
  #batching: { changed: boolean } | undefined;

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
    if (this.#batching) this.#batching.changed = true;
    else await this.notifier.progress(this.request, this.#progress);
  }

  /**
   * Runs `steps` and publishes what they changed as one edit: a look that sees a notebook
   * scheduled, pulled and ready at once is one message edit, not three.
   */
  async batch(steps: () => Promise<void>): Promise<void> {
    if (this.#batching) return steps();
    const batching = { changed: false };
    this.#batching = batching;
    try {
      await steps();
    } finally {
      this.#batching = undefined;
      if (batching.changed) await this.notifier.progress(this.request, this.#progress);
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
    await this.notifier.progress(this.request, this.#progress);
  }
}
