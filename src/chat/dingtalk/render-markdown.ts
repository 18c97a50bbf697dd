import type { Locale, Text } from '../../i18n/text.js';
import { text } from '../../i18n/text.js';
import { translate } from '../../i18n/translate.js';
import type { Message, Progress, StepState, Tone } from '../../messages/model.js';
import { escapeMarkdownValue, renderVerbatim } from './escape-markdown.js';

/** A DingTalk markdown message: `title` is what notifications and the chat list show, `text` the body. */
export interface DingTalkMarkdown {
  readonly title: string;
  readonly text: string;
}

const TONE_MARK: Record<Tone, string> = { info: 'ℹ️', success: '✅', warning: '⚠️', error: '❌' };
const STEP_MARK: Record<StepState, string> = { pending: '⬜', running: '⏳', done: '✅', failed: '❌', skipped: '⏭️' };
const STATE_MARK: Record<Progress['state'], string> = { running: '⏳', succeeded: '✅', failed: '❌' };

/** DingTalk shows at most a line or so of the title; keep it plain and short. */
const TITLE_LIMIT = 60;

function plainTitle(value: string): string {
  const flat = value
    .replace(/[`*_#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > TITLE_LIMIT ? `${flat.slice(0, TITLE_LIMIT - 1)}…` : flat;
}

/** Field values are single-line facts; a newline would break the list item. */
function oneLine(value: string): string {
  return value.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Renders a neutral Message as DingTalk markdown. DingTalk's markdown joins single newlines, so
 * paragraphs are separated by blank lines. Markdown has no buttons: an action that can be typed
 * instead is shown as its command (action cards render the buttons themselves: action-card.ts).
 */
export function renderMessage(message: Message, locale: Locale): DingTalkMarkdown {
  const t = (value: Text): string => translate(locale, value, escapeMarkdownValue);
  const fieldValue = (value: Text): string =>
    value.key === 'verbatim' ? renderVerbatim(String(value.params?.value ?? '')) : t(value);
  const lines = message.lines.map(t);
  const heading = message.title ? t(message.title) : undefined;
  const blocks: string[] = [];
  if (heading) blocks.push(`#### ${TONE_MARK[message.tone]} ${heading}`);
  else if (message.tone !== 'info' && lines.length > 0) lines[0] = `${TONE_MARK[message.tone]} ${lines[0]}`;
  blocks.push(...lines);
  if (message.fields && message.fields.length > 0) {
    const colon = locale === 'zh-CN' ? '：' : ': ';
    blocks.push(
      message.fields.map((field) => `- **${oneLine(t(field.label))}**${colon}${oneLine(fieldValue(field.value))}`).join('\n'),
    );
  }
  const typed = (message.actions ?? []).filter((action) => action.command);
  if (typed.length > 0) {
    const colon = locale === 'zh-CN' ? '：' : ': ';
    blocks.push(typed.map((action) => `- ${t(action.label)}${colon}\`${action.command}\``).join('\n'));
  }
  return { title: plainTitle(heading ?? lines[0] ?? 'gpubot'), text: blocks.join('\n\n') };
}

/** Renders a progress checklist: one line per step with its mark, then the state and elapsed time. */
export function renderProgress(progress: Progress, locale: Locale): DingTalkMarkdown {
  const t = (value: Text): string => translate(locale, value, escapeMarkdownValue);
  const plain = (value: Text): string => translate(locale, value);
  const heading = t(progress.title);
  const steps = progress.steps.map((step) => {
    const detail = step.detail ? ` · ${oneLine(t(step.detail))}` : '';
    return `- ${STEP_MARK[step.state]} ${oneLine(t(step.label))}${detail}`;
  });
  const elapsedSeconds = Math.max(0, Math.round((progress.updatedAt - progress.startedAt) / 1000));
  const status = plain(
    text('dingtalk.progress.status', {
      state: plain(text(`dingtalk.progress.${progress.state}`)),
      elapsed: plain(text('dingtalk.duration', { seconds: elapsedSeconds })),
    }),
  );
  const blocks = [`#### ${STATE_MARK[progress.state]} ${heading}`];
  if (steps.length > 0) blocks.push(steps.join('\n'));
  blocks.push(status);
  if (progress.summary) blocks.push(`> ${oneLine(t(progress.summary))}`);
  return { title: plainTitle(heading), text: blocks.join('\n\n') };
}
