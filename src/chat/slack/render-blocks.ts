import type { types } from '@slack/bolt';
import type { Locale, Text } from '../../i18n/text.js';
import { text } from '../../i18n/text.js';
import { translate } from '../../i18n/translate.js';
import type { Message, Progress, ProgressStep, StepState, Tone } from '../../messages/model.js';
import type { Block, SlackMessage } from './block-text.js';
import { LIMITS, escapeMrkdwn, fallbackText, fitBlocks, mrkdwn, plainText, sectionsFromLines } from './block-text.js';
import { formatElapsed } from './format-elapsed.js';
import { renderButtons } from './render-buttons.js';

export type { SlackMessage } from './block-text.js';

const TONE_EMOJI: Record<Tone, string> = {
  info: '',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
};

const STEP_EMOJI: Record<StepState, string> = {
  done: ':white_check_mark:',
  running: ':arrows_counterclockwise:',
  pending: ':white_circle:',
  failed: ':x:',
  skipped: ':heavy_minus_sign:',
};

const PROGRESS_EMOJI: Record<Progress['state'], string> = {
  running: ':hourglass_flowing_sand:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
};

const withEmoji = (emoji: string, value: string): string => (emoji === '' ? value : `${emoji} ${value}`);

/**
 * A field value in mrkdwn. Verbatim single tokens (ids, names, passwords) go in inline code so
 * Slack's formatting cannot eat characters like `_` or `*` out of a password; URLs stay clickable.
 */
function renderValue(value: Text, locale: Locale): string {
  const rendered = translate(locale, value);
  if (value.key !== 'verbatim') return escapeMrkdwn(rendered);
  if (/^https?:\/\/\S+$/.test(rendered)) return `<${escapeMrkdwn(rendered)}>`;
  if (/^[^\s`]+$/.test(rendered)) return `\`${escapeMrkdwn(rendered)}\``;
  return escapeMrkdwn(rendered);
}

function fieldSections(message: Message, locale: Locale): types.SectionBlock[] {
  const fields = (message.fields ?? []).map((field) =>
    mrkdwn(`*${escapeMrkdwn(translate(locale, field.label))}*\n${renderValue(field.value, locale)}`, LIMITS.fieldText),
  );
  const sections: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    sections.push({ type: 'section', fields: fields.slice(i, i + LIMITS.sectionFields) });
  }
  return sections;
}

/** A neutral Message → Block Kit: header (title), text sections, field sections, buttons. */
export function renderMessageBlocks(message: Message, locale: Locale): SlackMessage {
  const emoji = TONE_EMOJI[message.tone];
  const title = message.title === undefined ? undefined : translate(locale, message.title);
  const lines = message.lines.map((line) => escapeMrkdwn(translate(locale, line)));
  if (title === undefined && lines.length > 0) lines[0] = withEmoji(emoji, lines[0] ?? '');

  const head: Block[] = [];
  if (title !== undefined) head.push({ type: 'header', text: plainText(withEmoji(emoji, title), LIMITS.headerText) });
  head.push(...sectionsFromLines(lines), ...fieldSections(message, locale));
  const tail: Block[] = message.actions?.length ? [renderButtons(message.actions, locale)] : [];

  return {
    // Fields stay out of the fallback: it is what phone notifications and lock screens show,
    // and a field may be a password.
    text: fallbackText([title === undefined ? '' : withEmoji(emoji, escapeMrkdwn(title)), ...lines]),
    blocks: fitBlocks(head, tail, translate(locale, text('slack.truncated'))),
  };
}

function stepLine(step: ProgressStep, locale: Locale): string {
  const label = escapeMrkdwn(translate(locale, step.label));
  const shown = step.state === 'running' ? `*${label}*` : label;
  const detail = step.detail === undefined ? '' : ` — ${escapeMrkdwn(translate(locale, step.detail))}`;
  return `${STEP_EMOJI[step.state]} ${shown}${detail}`;
}

/** The step worth naming: the one running, else (while running) the next pending, else the failed one. */
function currentStep(progress: Progress): number {
  const running = progress.steps.findIndex((step) => step.state === 'running');
  if (running >= 0) return running;
  if (progress.state === 'running') return progress.steps.findIndex((step) => step.state === 'pending');
  if (progress.state === 'failed') return progress.steps.findIndex((step) => step.state === 'failed');
  return -1;
}

function statusLine(progress: Progress, locale: Locale): string {
  const parts = [translate(locale, text(`slack.progress.${progress.state}`))];
  const index = currentStep(progress);
  const step = progress.steps[index];
  if (step !== undefined) {
    parts.push(
      translate(
        locale,
        text('slack.progress.step', { index: index + 1, total: progress.steps.length, label: translate(locale, step.label) }),
      ),
    );
  }
  const elapsed = formatElapsed(progress.updatedAt - progress.startedAt, locale);
  parts.push(
    translate(locale, text(progress.state === 'running' ? 'slack.progress.elapsed' : 'slack.progress.took', { elapsed })),
  );
  return escapeMrkdwn(parts.join(' · '));
}

/**
 * A Progress → one Block Kit message that is edited in place: header with the title and overall
 * state, a checklist (one line per step with its state and detail), the summary, and a context
 * line with the current step and elapsed time.
 */
export function renderProgressBlocks(progress: Progress, locale: Locale): SlackMessage {
  const title = translate(locale, progress.title);
  const headerText = withEmoji(PROGRESS_EMOJI[progress.state], title);
  const checklist = progress.steps.map((step) => stepLine(step, locale));
  const status = statusLine(progress, locale);
  const summary =
    progress.summary === undefined
      ? undefined
      : withEmoji(TONE_EMOJI[progress.tone ?? 'info'], escapeMrkdwn(translate(locale, progress.summary)));

  const head: Block[] = [{ type: 'header', text: plainText(headerText, LIMITS.headerText) }, ...sectionsFromLines(checklist)];
  const tail: Block[] = [];
  if (summary !== undefined) tail.push(...sectionsFromLines([summary]));
  tail.push({ type: 'context', elements: [mrkdwn(status, LIMITS.contextText)] });

  return {
    text: fallbackText([`${PROGRESS_EMOJI[progress.state]} ${escapeMrkdwn(title)} — ${status}`, summary ?? '']),
    blocks: fitBlocks(head, tail, translate(locale, text('slack.truncated'))),
  };
}
