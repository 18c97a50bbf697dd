import type { CoreHandlers, ImmediateReply, IncomingAction, IncomingCommand } from '../../../src/chat/port.js';
import { verbatim } from '../../../src/i18n/text.js';
import { createLogger, type Logger } from '../../../src/log.js';
import { message, type MessageAction } from '../../../src/messages/model.js';

/** A logger whose output is kept in memory, so tests can assert that no secret was logged. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', name: 'test' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

export const reply = (line: string, extra: { actions?: MessageAction[]; rejected?: boolean } = {}): ImmediateReply => ({
  message: message(extra.rejected ? 'error' : 'info', [verbatim(line)], extra.actions ? { actions: extra.actions } : {}),
  rejected: extra.rejected ?? false,
});

/**
 * A small core for receiver tests: records every call, answers each delivery id once (a
 * re-delivery gets null, as the real core does), and can be made slow or failing.
 */
export class RecordingCore implements CoreHandlers {
  readonly commands: IncomingCommand[] = [];
  readonly actions: IncomingAction[] = [];
  private readonly seen = new Set<string>();
  delayMs = 0;
  fail = false;
  commandReply: (command: IncomingCommand) => ImmediateReply = (command) => reply(`queued: ${command.text}`);
  actionReply: (action: IncomingAction) => ImmediateReply = (action) => reply(`done: ${action.actionId}`);

  async command(command: IncomingCommand): Promise<ImmediateReply | null> {
    this.commands.push(command);
    return this.answer(command.deliveryId, () => this.commandReply(command));
  }

  async action(action: IncomingAction): Promise<ImmediateReply | null> {
    this.actions.push(action);
    return this.answer(action.deliveryId, () => this.actionReply(action));
  }

  private async answer(deliveryId: string, build: () => ImmediateReply): Promise<ImmediateReply | null> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.fail) throw new Error('redis is down');
    if (this.seen.has(deliveryId)) return null;
    this.seen.add(deliveryId);
    return build();
  }
}
