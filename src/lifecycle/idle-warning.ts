import { text } from '../i18n/text.js';
import { message, type Message, type MessageAction } from '../messages/model.js';
import type { NotebookRecord } from './notebook-records.js';

/** Lowercase letters only: DingTalk's action card carries them in its track id. */
const KEEP = 'keepnotebook';
const STOP_NOW = 'stopnotebook';
/** Notebook names are DNS labels. */
const NOTEBOOK_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A press on an idle warning's button, about which notebook. */
export type IdleAction = { readonly kind: 'keep' | 'stop'; readonly name: string };

/** Undefined for an action that is not an idle warning's. */
export function parseIdleAction(actionId: string, value: string): IdleAction | undefined {
  if (!NOTEBOOK_NAME.test(value)) return undefined;
  if (actionId === KEEP) return { kind: 'keep', name: value };
  if (actionId === STOP_NOW) return { kind: 'stop', name: value };
  return undefined;
}

function idleActions(name: string): MessageAction[] {
  return [
    {
      id: KEEP,
      label: text('lifecycle.idle.action.keep'),
      value: name,
      style: 'primary',
      command: `/notebook keep ${name}`,
    },
    { id: STOP_NOW, label: text('lifecycle.idle.action.stop'), value: name, style: 'danger', command: `/notebook stop ${name}` },
  ];
}

/**
 * The private warning that a notebook sits idle: since when, when it will be stopped (its disk is
 * kept), and buttons to keep it running or stop it now.
 */
export function idleWarning(
  record: NotebookRecord,
  facts: { readonly idleSince: number; readonly stopAt: number; readonly now: number; readonly timeZone: string },
): Message {
  return message(
    'warning',
    [
      text('lifecycle.idle.body', {
        name: record.name,
        since: facts.idleSince,
        at: facts.stopAt,
        timeZone: facts.timeZone,
        gpus: record.gpus,
      }),
    ],
    {
      title: text('lifecycle.idle.title', { name: record.name, idleMs: facts.now - facts.idleSince }),
      actions: idleActions(record.name),
    },
  );
}

/**
 * The private warning that gpubot cannot tell whether a notebook is in use (its activity has been
 * unreadable for the idle time): since when and why, when it will be stopped, the same buttons.
 */
export function unreadableWarning(
  record: NotebookRecord,
  facts: {
    readonly since: number;
    readonly reason: string;
    readonly stopAt: number;
    readonly now: number;
    readonly timeZone: string;
  },
): Message {
  return message(
    'warning',
    [
      text('lifecycle.unreadable.body', {
        name: record.name,
        since: facts.since,
        forMs: facts.now - facts.since,
        reason: facts.reason.slice(0, 120),
        at: facts.stopAt,
        timeZone: facts.timeZone,
        gpus: record.gpus,
      }),
    ],
    { title: text('lifecycle.unreadable.title', { name: record.name }), actions: idleActions(record.name) },
  );
}
