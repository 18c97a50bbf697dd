import type { Requester } from '../chat/port.js';

/** Admins are listed in GPUBOT_ADMINS as `<platform>:<user id>` (or a bare user id for any platform). */
export function isAdmin(admins: readonly string[], requester: Requester): boolean {
  return admins.includes(`${requester.platform}:${requester.userId}`) || admins.includes(requester.userId);
}
