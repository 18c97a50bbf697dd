import type { ImmediateReply } from '../chat/port.js';
import type { Text } from '../i18n/text.js';
import { message } from '../messages/model.js';

/** An immediate answer; what went wrong is the requester's business alone, so refusals are private. */
export const reply = (
  lines: Text[],
  rejected = false,
  tone: 'info' | 'error' | 'warning' = rejected ? 'error' : 'info',
): ImmediateReply => ({
  message: message(tone, lines),
  rejected,
  ...(rejected ? { privateOnly: true } : {}),
});
