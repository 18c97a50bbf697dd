import type { RobotMessage } from './parse-robot-message.js';

const COMMAND_WORDS = /^(gpu-cluster|notebook)(\s|$)/i;

/**
 * Cleans what a person typed into the command text the core parses. DingTalk usually removes the
 * robot's own @mention but leaves a leading space, and clients differ: strip any `@name` followed by
 * U+2005 (the four-per-em space DingTalk puts after mentions) or whitespace, normalise full-width
 * slashes and spaces, and add the slash people often leave out.
 */
export function cleanCommandText(raw: string): string {
  let value = raw
    .replace(/\uFF0F/g, '/')
    .replace(/[\u2005\u3000\u00A0]/g, ' ')
    .replace(/(^|\s)@\S+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (COMMAND_WORDS.test(value)) value = `/${value}`;
  return value.replace(/^\/\s+/, '/');
}

/** The text content of a text or rich-text message; undefined for pictures, voice, files... */
function rawText(message: RobotMessage): string | undefined {
  if (message.msgtype === 'text') return message.text?.content;
  if (message.msgtype === 'richText') {
    const parts = (message.content as { richText?: unknown } | undefined)?.richText;
    if (!Array.isArray(parts)) return undefined;
    const texts = parts.flatMap((part: unknown) => {
      const value = (part as { text?: unknown } | null)?.text;
      return typeof value === 'string' ? [value] : [];
    });
    return texts.length > 0 ? texts.join(' ') : undefined;
  }
  return undefined;
}

/** The command text of a message, or undefined when there is nothing to run (non-text or empty). */
export function extractCommandText(message: RobotMessage): string | undefined {
  const raw = rawText(message);
  if (raw === undefined) return undefined;
  const cleaned = cleanCommandText(raw);
  return cleaned === '' ? undefined : cleaned;
}
