import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/log.js';
import { resolveDingTalkSettings, type DingTalkSettings } from '../../../src/chat/dingtalk/settings.js';
import type { CoreHandlers, ImmediateReply, IncomingCommand } from '../../../src/chat/port.js';
import { verbatim } from '../../../src/i18n/text.js';
import type { FakeDingTalk } from '../../fakes/dingtalk/fake-dingtalk.js';
import { pollUntil } from '../../support/poll-until.js';

/** A logger whose output is kept, so tests can assert that no secret was ever written. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', name: 'test' }, sink), lines };
}

export function settingsFor(fake: FakeDingTalk, extra: { cardTemplateId?: string } = {}): DingTalkSettings {
  return resolveDingTalkSettings({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: fake.url, ...extra });
}

/** A tiny core: records commands, answers "ok: <text>", de-duplicates by deliveryId like the real one. */
export function recordingCore(): CoreHandlers & { commands: IncomingCommand[] } {
  const seen = new Set<string>();
  const commands: IncomingCommand[] = [];
  return {
    commands,
    async command(command): Promise<ImmediateReply | null> {
      if (seen.has(command.deliveryId)) return null;
      seen.add(command.deliveryId);
      commands.push(command);
      return { rejected: false, message: { tone: 'success', lines: [verbatim(`ok: ${command.text}`)] } };
    },
    async action() {
      throw new Error('DingTalk has no actions');
    },
  };
}

export const waitFor = (check: () => boolean, what: string, timeoutMs = 3_000): Promise<void> =>
  pollUntil(check, () => `timed out waiting for ${what}`, timeoutMs, 10);
