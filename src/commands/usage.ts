import { text, type Text } from '../i18n/text.js';
import type { SubcommandSpec, Topic } from './command-grammar.js';

/** Usage of one sub-command; rendered from the grammar in messages/commands.ts. */
export function usageOf(spec: SubcommandSpec): Text {
  return text('cmd.usage', { topic: spec.topic, sub: spec.word });
}

/** Usage of a command when the sub-command is unknown: the list of its sub-commands. */
export function topicUsage(topic: Topic): Text {
  return text('cmd.usage', { topic });
}

/** When not even the command word is known. */
export function overviewUsage(): Text {
  return text('cmd.usage.overview');
}
