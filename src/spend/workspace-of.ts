import type { Requester } from '../chat/port.js';

/**
 * The workspace a requester spends in: their organisation on their platform (a Slack team, a
 * DingTalk corp), as the delivery states it; `local` where the platform has none (the console).
 */
export function workspaceOf(requester: Pick<Requester, 'platform' | 'tenantId'>): string {
  return `${requester.platform}:${requester.tenantId ?? 'local'}`;
}
