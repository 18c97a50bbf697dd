import type { types } from '@slack/bolt';
import type { Locale } from '../../i18n/text.js';
import { text } from '../../i18n/text.js';
import { translate } from '../../i18n/translate.js';
import type { MessageAction } from '../../messages/model.js';
import { LIMITS, plainText } from './block-text.js';

/** Every button we render carries this prefix, so the receiver listens only to our own actions. */
export const ACTION_PREFIX = 'gpubot_';

export function actionIdFor(action: MessageAction): string {
  return `${ACTION_PREFIX}${action.id}`;
}

/**
 * MessageActions → one actions block. A `danger` button gets Slack's confirm dialog as a second
 * guard (a mis-click on "Delete" costs a cluster); ids and values are never truncated since the
 * core matches on them, so an over-long one is a programming error.
 */
export function renderButtons(actions: readonly MessageAction[], locale: Locale): types.ActionsBlock {
  if (actions.length > LIMITS.actionsElements) throw new Error(`too many buttons: ${actions.length}`);
  const elements = actions.map((action): types.Button => {
    const actionId = actionIdFor(action);
    if (actionId.length > LIMITS.actionId) throw new Error(`action id too long: ${action.id}`);
    if (action.value.length > LIMITS.buttonValue) throw new Error(`button value too long for ${action.id}`);
    const label = translate(locale, action.label);
    const button: types.Button = {
      type: 'button',
      action_id: actionId,
      text: plainText(label, LIMITS.buttonText),
      value: action.value,
    };
    if (action.style !== undefined) button.style = action.style;
    if (action.style === 'danger') {
      button.confirm = {
        title: plainText(translate(locale, text('slack.confirm.title')), LIMITS.confirmTitle),
        text: plainText(translate(locale, text('slack.confirm.text', { action: label })), LIMITS.confirmText),
        confirm: plainText(label, LIMITS.confirmButton),
        deny: plainText(translate(locale, text('slack.confirm.deny')), LIMITS.confirmButton),
        style: 'danger',
      };
    }
    return button;
  });
  return { type: 'actions', block_id: 'gpubot_actions', elements };
}
