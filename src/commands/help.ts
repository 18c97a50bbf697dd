import { text, type Text } from '../i18n/text.js';
import { subcommandsOf, type Topic } from './command-grammar.js';
import { describeFamilies } from './describe-families.js';

/**
 * The lines answering `/gpu-cluster help` or `/notebook help`: one entry per grammar row (usage
 * rendered from the grammar plus a summary), then topic notes and examples.
 */
export function helpText(topic: Topic): Text[] {
  const entries = subcommandsOf(topic).map((spec) => text('cmd.help.entry', { topic: spec.topic, sub: spec.word }));
  const notes = topic === 'cluster' ? [text('cmd.help.families', { families: describeFamilies() })] : [];
  return [text('cmd.help.title', { topic }), ...entries, ...notes, text('cmd.help.examples', { topic })];
}
