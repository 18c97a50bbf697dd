import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { CallGuard, ChatReceiver, ChatSender } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';

export interface ChatIO {
  readonly input: Readable;
  readonly output: Writable;
  readonly onEnd?: () => void;
  readonly betweenCommands?: () => Promise<void>;
  readonly user?: string;
}

function consoleUser(): string {
  try {
    return process.env.GPUBOT_CONSOLE_USER ?? userInfo().username;
  } catch {
    return 'you';
  }
}

/**
 * The chat platform this bot process serves, as its receiving and sending halves. Only the
 * configured platform's adapter is loaded: Bolt and the DingTalk stream client cost tens of MB each.
 */
export async function buildChat(
  config: Config,
  log: Logger,
  io?: ChatIO,
  guard?: CallGuard,
): Promise<{ receiver: ChatReceiver; sender: ChatSender }> {
  const shared = guard ? { guard } : {};
  if (config.chat === 'slack' && config.slack) {
    const [{ createSlackReceiver }, { createSlackSender }] = await Promise.all([
      import('../chat/slack/create-slack-receiver.js'),
      import('../chat/slack/create-slack-sender.js'),
    ]);
    return {
      receiver: createSlackReceiver(config.slack, log, { host: config.slack.host }),
      sender: createSlackSender(config.slack, log, shared),
    };
  }
  if (config.chat === 'dingtalk' && config.dingtalk) {
    const { createDingTalkReceiver, createDingTalkSender } = await import('../chat/dingtalk/index.js');
    return { receiver: createDingTalkReceiver(config.dingtalk, log), sender: createDingTalkSender(config.dingtalk, log, shared) };
  }
  const { createConsoleChat } = await import('../chat/console/console-chat.js');
  return createConsoleChat({
    input: io?.input ?? process.stdin,
    output: io?.output ?? process.stdout,
    user: io?.user ?? consoleUser(),
    locale: /^zh/i.test(process.env.LANG ?? '') ? 'zh-CN' : 'en',
    ...(io?.onEnd ? { onEnd: io.onEnd } : {}),
    ...(io?.betweenCommands ? { betweenCommands: io.betweenCommands } : {}),
  });
}
