import type { MessageTable } from '../text.js';

/** Parser errors, usage and help texts. */
export const commandMessages: MessageTable = {};
