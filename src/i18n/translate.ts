import type { Locale, MessageTable, Params, Text } from './text.js';
import { commandMessages } from './messages/commands.js';
import { clusterMessages } from './messages/cluster.js';
import { clusterNetworkMessages } from './messages/cluster-network.js';
import { clusterScaleMessages } from './messages/cluster-scale.js';
import { coreMessages } from './messages/core.js';
import { dingtalkMessages } from './messages/dingtalk.js';
import { governanceMessages } from './messages/governance.js';
import { lifecycleMessages } from './messages/lifecycle.js';
import { cleanupMessages } from './messages/cleanup.js';
import { notebookMessages } from './messages/notebook.js';
import { operationsMessages } from './messages/operations.js';
import { notebookDataMessages } from './messages/notebook-data.js';
import { reservationMessages } from './messages/reservations.js';
import { scaleMessages } from './messages/scale.js';
import { slackMessages } from './messages/slack.js';
import { spendMessages } from './messages/spend.js';
import { unreadableActivityMessages } from './messages/unreadable-activity.js';

const tables: MessageTable[] = [
  { verbatim: { en: (p) => String(p.value ?? ''), zh: (p) => String(p.value ?? '') } },
  commandMessages,
  clusterMessages,
  clusterNetworkMessages,
  clusterScaleMessages,
  coreMessages,
  dingtalkMessages,
  governanceMessages,
  lifecycleMessages,
  cleanupMessages,
  notebookMessages,
  operationsMessages,
  notebookDataMessages,
  reservationMessages,
  scaleMessages,
  slackMessages,
  spendMessages,
  unreadableActivityMessages,
];

const registry = new Map<string, MessageTable[string]>();
for (const table of tables) {
  for (const [key, translation] of Object.entries(table)) {
    if (registry.has(key)) throw new Error(`duplicate message key ${key}`);
    registry.set(key, translation);
  }
}

/** Makes one interpolated value safe for a chat platform's markup (see each renderer). */
export type EscapeValue = (value: string) => string;

function escapeParams(params: Params, escape: EscapeValue): Params {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? escape(value) : value]),
  );
}

/**
 * Renders a Text in a locale. The message tables are markup written by us; parameters are data
 * (names, nicknames, echoed input, cloud answers), so a renderer passes `escape` to turn whatever
 * markup a value holds into plain text. An unknown key is a programming error and throws.
 */
export function translate(locale: Locale, message: Text, escape?: EscapeValue): string {
  const translation = registry.get(message.key);
  if (!translation) throw new Error(`unknown message key ${message.key}`);
  const raw: Params = message.params ?? {};
  const params = escape ? escapeParams(raw, escape) : raw;
  return locale === 'zh-CN' ? translation.zh(params) : translation.en(params);
}

export function hasMessage(key: string): boolean {
  return registry.has(key);
}
