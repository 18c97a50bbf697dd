import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Locale } from '../../i18n/text.js';
import type { Progress } from '../../messages/model.js';
import type { ChatReceiver, ChatSender, ConversationRef, CoreHandlers, PostedMessage, Requester } from '../port.js';
import { formatElapsed, renderMessageText, renderProgressText, renderStepText, translate } from './render-text.js';

export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly user: string;
  readonly locale: Locale;
  /** Called when the input ends (a piped script finished); the demo then waits for its work. */
  readonly onEnd?: () => void;
  /**
   * For scripts: awaited before each command after the first, so a script can create a cluster
   * and then start a notebook on it, as a person would wait for the ready message.
   */
  readonly betweenCommands?: () => Promise<void>;
}

export const CONSOLE_CHANNEL = '#console';

/**
 * The default chat: one local user typing commands. Channel posts, private messages and replies
 * only the user sees are prefixed differently so the demo shows who would see what.
 */
export function createConsoleChat(options: ConsoleOptions): { receiver: ChatReceiver; sender: ChatSender } {
  const write = (prefix: string, lines: string[]) => {
    for (const line of lines) options.output.write(`${prefix} ${line}\n`);
  };
  const shown = new Map<string, Progress>();
  let readline: ReturnType<typeof createInterface> | undefined;

  const receiver: ChatReceiver = {
    platform: 'console',
    supportsActions: false,
    async start(handlers: CoreHandlers) {
      readline = createInterface({ input: options.input, terminal: false });
      const requester: Requester = {
        platform: 'console',
        userId: options.user,
        displayName: options.user,
        locale: options.locale,
      };
      const conversation: ConversationRef = { platform: 'console', channelId: CONSOLE_CHANNEL };
      let pending = Promise.resolve();
      let first = true;
      readline.on('line', (raw) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        const wait = first ? undefined : options.betweenCommands;
        first = false;
        // Lines are handled in order, like messages in a channel.
        pending = pending
          .then(async () => {
            await wait?.();
            options.output.write(`${options.user}> ${line}\n`);
            const reply = await handlers.command({ deliveryId: randomUUID(), text: line, requester, conversation });
            if (reply) write('[only you]', renderMessageText(reply.message, reply.locale ?? requester.locale));
          })
          .catch((error: unknown) => write('[only you]', [`❌ ${error instanceof Error ? error.message : String(error)}`]));
      });
      readline.on('close', () => {
        void pending.then(() => options.onEnd?.());
      });
      options.output.write(`gpubot console: type a command (try /gpu-cluster help), you are "${options.user}"\n`);
    },
    async stop() {
      readline?.close();
      readline = undefined;
    },
    readiness() {
      return readline ? { ready: true, detail: 'reading commands' } : { ready: false, detail: 'not started' };
    },
  };

  const sender: ChatSender = {
    platform: 'console',
    editsMessages: true,
    async postProgress(to, progress, locale, previous): Promise<PostedMessage> {
      const messageId = previous?.messageId ?? randomUUID();
      const before = shown.get(messageId);
      const prefix = `[${to.channelId}]`;
      if (!before) {
        write(prefix, renderProgressText(progress, locale));
      } else {
        // A terminal cannot edit a line above: print only what changed since the last edit.
        const title = translate(locale, progress.title);
        for (const step of progress.steps) {
          const old = before.steps.find((s) => s.id === step.id);
          if (!old || old.state !== step.state || JSON.stringify(old.detail) !== JSON.stringify(step.detail)) {
            write(prefix, [`${title} · ${renderStepText(step, locale)}`]);
          }
        }
        if (progress.state !== 'running' && progress.summary) {
          const mark = progress.state === 'succeeded' ? '✅' : '❌';
          write(prefix, [
            `${mark} ${translate(locale, progress.summary)} (${formatElapsed(progress.updatedAt - progress.startedAt)})`,
          ]);
        }
      }
      // A finished request's checklist is never edited again: forget it.
      if (progress.state === 'running') shown.set(messageId, progress);
      else shown.delete(messageId);
      return { channelId: to.channelId, messageId };
    },
    async postToConversation(to, message, locale) {
      write(`[${to.channelId}]`, renderMessageText(message, locale));
    },
    async sendPrivate(to, message) {
      write(`[private to ${to.displayName ?? to.userId}]`, renderMessageText(message, to.locale));
    },
  };
  return { receiver, sender };
}
