import type { MessageTable } from '../text.js';

/** Texts of waiting, shared reads and reservations in the jobs (issue 9). */
export const scaleMessages: MessageTable = {
  'notebook.remove.waiting': {
    en: () => 'Deleted; waiting until it is gone',
    zh: () => '已删除，等待其完全消失',
  },
};
