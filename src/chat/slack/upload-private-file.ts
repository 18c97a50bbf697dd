import type { webApi } from '@slack/bolt';
import { GpubotError } from '../../errors.js';
import type { FileAttachment } from '../port.js';
import { mapSlackError } from './map-slack-error.js';

/**
 * Sends a file to one user's DM with the current upload flow (`files.getUploadURLExternal`, a POST
 * of the bytes to the returned URL, `files.completeUploadExternal`), which `filesUploadV2` runs.
 * Needs the `files:write` scope (and `im:write` for the DM).
 */
export async function uploadPrivateFile(client: webApi.WebClient, userId: string, file: FileAttachment): Promise<void> {
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    // Like every private message: only ever into a 1:1 IM.
    if (typeof channel !== 'string' || !channel.startsWith('D')) {
      throw new GpubotError('chat.platform_error', `Slack conversations.open did not return a DM channel for ${userId}`);
    }
    await client.filesUploadV2({ channel_id: channel, filename: file.filename, title: file.title, content: file.content });
  } catch (error) {
    throw mapSlackError(error, 'filesUploadV2', userId);
  }
}
