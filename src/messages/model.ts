import type { Text } from '../i18n/text.js';

/**
 * The neutral message model. The core only ever builds these; each chat platform has one
 * renderer that turns them into its own format (console text, Block Kit, DingTalk markdown).
 */
export type Tone = 'info' | 'success' | 'warning' | 'error';

/** A button guarding a costly or destructive action (rendered where the platform has buttons). */
export interface MessageAction {
  readonly id: string;
  readonly label: Text;
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  /** What to type instead where buttons cannot be shown (e.g. `/gpu-cluster approve <code>`). */
  readonly command?: string;
}

export interface Message {
  readonly tone: Tone;
  readonly title?: Text;
  readonly lines: readonly Text[];
  /** Key/value facts shown as a compact list (cluster id, zone, URL...). */
  readonly fields?: readonly { readonly label: Text; readonly value: Text }[];
  readonly actions?: readonly MessageAction[];
}

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface ProgressStep {
  readonly id: string;
  readonly label: Text;
  readonly state: StepState;
  /** The latest detail for this step, e.g. the cloud's own stage name. */
  readonly detail?: Text;
}

/** One long-running request, shown as a checklist that is edited in place where possible. */
export interface Progress {
  readonly title: Text;
  readonly steps: readonly ProgressStep[];
  readonly state: 'running' | 'succeeded' | 'failed';
  readonly startedAt: number;
  readonly updatedAt: number;
  /** The final outcome or the latest notable event. */
  readonly summary?: Text;
  readonly tone?: Tone;
}

export function message(tone: Tone, lines: readonly Text[], extra: Partial<Omit<Message, 'tone' | 'lines'>> = {}): Message {
  return { tone, lines, ...extra };
}
