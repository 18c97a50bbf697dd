export { createDingTalkReceiver, type DingTalkReceiverOptions } from './dingtalk-receiver.js';
export { createDingTalkSender } from './dingtalk-sender.js';
export { resolveDingTalkSettings, DEFAULT_DINGTALK_API_URL, type DingTalkSettings } from './settings.js';
export { renderMessage, renderProgress, type DingTalkMarkdown } from './render-markdown.js';
