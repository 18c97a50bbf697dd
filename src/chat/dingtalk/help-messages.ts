import { text } from '../../i18n/text.js';
import type { Message } from '../../messages/model.js';

/** The reply to a picture, voice note, file... : the robot only understands typed commands. */
export const NON_TEXT_HELP: Message = {
  tone: 'info',
  title: text('dingtalk.help.title'),
  lines: [
    text('dingtalk.help.text_only'),
    text('dingtalk.help.examples'),
    text('dingtalk.help.example_create'),
    text('dingtalk.help.example_notebook'),
    text('dingtalk.help.more'),
  ],
};

export const INTERNAL_ERROR: Message = { tone: 'error', lines: [text('dingtalk.error.internal')] };

/** People from other organisations have no staffId, so nothing could be sent to them one to one. */
export const EXTERNAL_USER: Message = { tone: 'warning', lines: [text('dingtalk.error.external_user')] };

/** A for-you-only answer could not go one to one; the group hears that, not what it said. */
export const PRIVATE_FAILED: Message = { tone: 'warning', lines: [text('dingtalk.error.private_failed')] };
