import type { Locale, MessageTable, Params, Text } from './text.js';
import { commandMessages } from './messages/commands.js';
import { clusterMessages } from './messages/cluster.js';
import { clusterNetworkMessages } from './messages/cluster-network.js';
import { coreMessages } from './messages/core.js';
import { dingtalkMessages } from './messages/dingtalk.js';
import { notebookMessages } from './messages/notebook.js';
import { notebookDataMessages } from './messages/notebook-data.js';
import { reservationMessages } from './messages/reservations.js';
import { slackMessages } from './messages/slack.js';

const tables: MessageTable[] = [
  { verbatim: { en: (p) => String(p.value ?? ''), zh: (p) => String(p.value ?? '') } },
  commandMessages,
  clusterMessages,
  clusterNetworkMessages,
  coreMessages,
  dingtalkMessages,
  notebookMessages,
  notebookDataMessages,
  reservationMessages,
  slackMessages,
];

const registry = new Map<string, MessageTable[string]>();
for (const table of tables) {
  for (const [key, translation] of Object.entries(table)) {
    if (registry.has(key)) throw new Error(`duplicate message key ${key}`);
    registry.set(key, translation);
  }
}

/** Renders a Text in a locale. An unknown key is a programming error and throws. */
export function translate(locale: Locale, message: Text): string {
  const translation = registry.get(message.key);
  if (!translation) throw new Error(`unknown message key ${message.key}`);
  const params: Params = message.params ?? {};
  return locale === 'zh-CN' ? translation.zh(params) : translation.en(params);
}

export function hasMessage(key: string): boolean {
  return registry.has(key);
}
