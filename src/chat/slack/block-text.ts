import type { types } from '@slack/bolt';

/**
 * Block Kit limits we render against (docs.slack.dev/reference/block-kit). Exceeding any of
 * them makes Slack reject the whole message with `invalid_blocks`, so we cut text instead.
 */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** chat.postMessage: `text` "best kept ≤ 4,000 chars". */
  fallbackText: 4000,
} as const;

export type Block = types.KnownBlock;

/** A message ready for chat.postMessage / chat.update / an ack: blocks plus a plain-text fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: Block[];
}

/** Slack parses `&`, `<` and `>` as control characters in mrkdwn (and in the `text` fallback). */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, Math.max(0, max - 1))}…`;
}

export function plainText(value: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(value, max), emoji: true };
}

/**
 * `verbatim: true` turns off Slack's auto-parsing of URLs, `#channel` names and `@here`-style
 * mentions, so text that reached a message as data (a nickname, a name) cannot become a link or
 * a ping; gpubot's own links are written explicitly (`<url>`), which verbatim text still renders.
 */
export function mrkdwn(value: string, max: number): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(value, max), verbatim: true };
}

/**
 * Packs lines into as few sections as possible, each within the section text limit, breaking
 * only between lines (a single over-long line is truncated).
 */
export function sectionsFromLines(lines: readonly string[]): types.SectionBlock[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, LIMITS.sectionText);
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= LIMITS.sectionText) current = `${current}\n${line}`;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks.map((chunk) => ({ type: 'section', text: mrkdwn(chunk, LIMITS.sectionText) }));
}

/**
 * Keeps a message within the block limit: the head (header, text) is cut and marked, while the
 * tail (summary, actions) always survives, since buttons and outcomes matter most.
 */
export function fitBlocks(head: readonly Block[], tail: readonly Block[], truncatedNote: string): Block[] {
  if (head.length + tail.length <= LIMITS.blocks) return [...head, ...tail];
  const room = LIMITS.blocks - tail.length - 1;
  const note: Block = { type: 'context', elements: [mrkdwn(truncatedNote, LIMITS.contextText)] };
  return [...head.slice(0, Math.max(0, room)), note, ...tail];
}

/** The notification/screen-reader text that accompanies blocks. */
export function fallbackText(parts: readonly string[]): string {
  const joined = parts.filter((part) => part.trim() !== '').join('\n');
  return truncate(joined === '' ? '…' : joined, LIMITS.fallbackText);
}
