import type { MessageTable } from '../text.js';

/** Texts about how gpubot itself is deployed and run: credentials, shutdown. */
export const operationsMessages: MessageTable = {
  'cloud.error.credentialsUnavailable': {
    en: (p) =>
      `gpubot could not get Alibaba Cloud credentials right now, so your request is waiting. If this lasts, the operator must check ${String(p.source)}.`,
    zh: (p) => `gpubot 暂时无法获取阿里云凭证，你的请求正在等待。如果持续出现，请运维检查 ${String(p.source)}。`,
  },
};
