import type { BlockAction, ButtonAction, SlashCommand } from '@slack/bolt';
import type { ConversationRef, IncomingAction, IncomingCommand, Requester } from '../port.js';
import { ACTION_PREFIX } from './render-buttons.js';

/** Slack has no per-user language we could trust for bot replies; the core may apply a saved preference. */
const DEFAULT_LOCALE = 'en';

/** `teamId` is the user's team as the payload states it; the core checks it against the served ones. */
function requester(userId: string, displayName: string | undefined, teamId: string | undefined): Requester {
  return {
    platform: 'slack',
    userId,
    ...(displayName ? { displayName } : {}),
    locale: DEFAULT_LOCALE,
    ...(teamId ? { tenantId: teamId } : {}),
  };
}

function conversation(channelId: string, teamId: string | undefined): ConversationRef {
  return teamId ? { platform: 'slack', channelId, extra: { teamId } } : { platform: 'slack', channelId };
}

/**
 * A slash command payload (HTTP form or Socket Mode envelope) → IncomingCommand. `trigger_id`
 * is unique per invocation, so a re-delivery of the same invocation collapses in the core.
 * `response_url` stays out: it is a bearer capability and the core has no use for it.
 */
export function toIncomingCommand(command: SlashCommand): IncomingCommand {
  const args = command.text.trim();
  return {
    deliveryId: command.trigger_id,
    text: args === '' ? command.command : `${command.command} ${args}`,
    requester: requester(command.user_id, command.user_name, command.team_id),
    conversation: conversation(command.channel_id, command.team_id),
  };
}

/** A press on one of our buttons → IncomingAction; the requester is whoever pressed it. */
export function toIncomingAction(body: BlockAction, action: ButtonAction): IncomingAction {
  const container = body.container as { channel_id?: unknown; message_ts?: unknown };
  const channelId = body.channel?.id ?? (typeof container.channel_id === 'string' ? container.channel_id : '');
  return {
    deliveryId: body.trigger_id || `${String(container.message_ts)}:${action.action_ts}`,
    actionId: action.action_id.slice(ACTION_PREFIX.length),
    value: action.value ?? '',
    // A Slack Connect member pressing a button carries their own team in user.team_id.
    requester: requester(body.user.id, body.user.name ?? body.user.username, body.user.team_id ?? body.team?.id),
    conversation: conversation(channelId, body.team?.id ?? body.user.team_id),
  };
}
