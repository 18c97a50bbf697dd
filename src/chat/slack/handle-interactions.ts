import type {
  BlockAction,
  Middleware,
  RespondArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import type { CoreHandlers, ImmediateReply } from '../port.js';
import type { Locale } from '../../i18n/text.js';
import { text } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import { message } from '../../messages/model.js';
import { raceAckBudget } from './race-ack-budget.js';
import { renderMessageBlocks } from './render-blocks.js';
import { toIncomingAction, toIncomingCommand } from './to-incoming.js';
import { uploadPrivateFile } from './upload-private-file.js';

/** The core knows the requester's saved language; it wins over Slack's default (English). */
const localeOf = (reply: ImmediateReply, fallback: Locale): Locale => reply.locale ?? fallback;

const ephemeral = (reply: ImmediateReply, fallback: Locale): RespondArguments => ({
  response_type: 'ephemeral',
  ...renderMessageBlocks(reply.message, localeOf(reply, fallback)),
});

const notice = (key: string, tone: 'info' | 'error'): ImmediateReply => ({
  message: message(tone, [text(key)]),
  rejected: tone === 'error',
});

/**
 * A slash command: the core validates and enqueues, and its reply becomes the ack body, seen only
 * by the invoker. The ack never waits past the budget, and never fails silently.
 */
export function handleSlashCommand(
  handlers: CoreHandlers,
  log: Logger,
  budgetMs: number,
): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, client }) => {
    const incoming = toIncomingCommand(command);
    const { locale } = incoming.requester;
    const failed = (): RespondArguments => ephemeral(notice('slack.ack.failed', 'error'), locale);
    const outcome = await raceAckBudget(handlers.command(incoming), budgetMs);
    /** After the ack: a file that goes with the reply (an audit export) travels by DM. */
    const sendAttachment = async (reply: ImmediateReply | null) => {
      if (!reply?.attachment) return;
      try {
        await uploadPrivateFile(client, incoming.requester.userId, reply.attachment);
      } catch (error) {
        log.error({ err: error, deliveryId: incoming.deliveryId }, 'could not send a file to the requester');
        await respond(failed());
      }
    };

    if (outcome.kind === 'done') {
      // null: this delivery was handled before (a re-delivery); say nothing twice.
      if (outcome.value === null) return ack();
      let payload: RespondArguments;
      try {
        payload = ephemeral(outcome.value, locale);
      } catch (error) {
        log.error({ err: error, deliveryId: incoming.deliveryId }, 'could not render the reply to a slash command');
        payload = failed();
      }
      await ack(payload);
      return sendAttachment(outcome.value);
    }
    if (outcome.kind === 'failed') {
      log.error({ err: outcome.error, deliveryId: incoming.deliveryId }, 'core refused a slash command');
      return ack(failed());
    }

    log.warn({ deliveryId: incoming.deliveryId, budgetMs }, 'core was slow; acked with a holding reply');
    await ack(ephemeral(notice('slack.ack.working', 'info'), locale));
    // The real reply (e.g. a usage error) still reaches the invoker, through response_url. It is
    // a second ephemeral message: whether replace_original edits a command's ack is undocumented.
    const reply = await outcome.later.catch((error: unknown) => {
      log.error({ err: error, deliveryId: incoming.deliveryId }, 'core failed after a holding ack');
      return notice('slack.ack.failed', 'error');
    });
    if (reply !== null) await respond(ephemeral(reply, locale));
    await sendAttachment(reply);
  };
}

/**
 * A press on one of our buttons: ack at once, ask the core, then turn the buttons message into the
 * outcome. A refused press (someone else's button, an expired one) must not wipe the buttons for
 * their owner, so only the presser sees why.
 */
export function handleButtonPress(handlers: CoreHandlers, log: Logger): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, action, respond }) => {
    await ack();
    if (action.type !== 'button') return;
    const incoming = toIncomingAction(body, action);
    let reply: ImmediateReply | null;
    try {
      reply = await handlers.action(incoming);
    } catch (error) {
      log.error({ err: error, deliveryId: incoming.deliveryId }, 'core failed on a button press');
      reply = notice('slack.ack.failed', 'error');
    }
    if (reply === null) return;
    const rendered = renderMessageBlocks(reply.message, localeOf(reply, incoming.requester.locale));
    await respond(
      reply.rejected
        ? { response_type: 'ephemeral', replace_original: false, ...rendered }
        : { replace_original: true, ...rendered },
    );
  };
}
