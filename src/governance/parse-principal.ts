import type { Platform } from '../chat/port.js';

/**
 * Every person named in configuration is written `<platform>:<user id>` (`slack:U0123ABCD`,
 * `dingtalk:<staffId>`, `console:<name>`), exactly as gpubot tags owners. User ids are only unique
 * within one platform, so a bare id could name someone else elsewhere: it is refused at start.
 */
const ID_FORMAT: Readonly<Record<Platform, RegExp>> = {
  // Slack user ids: U… (workspace) or W… (Enterprise Grid), uppercase letters and digits.
  slack: /^[UW][A-Z0-9]{2,}$/,
  // DingTalk staffIds (org userIds) are chosen by the organisation: anything without spaces or commas.
  dingtalk: /^[^\s,:]+$/,
  console: /^[^\s,]+$/,
};

export type PrincipalCheck = { readonly ok: true; readonly principal: string } | { readonly ok: false; readonly problem: string };

function isPlatform(value: string): value is Platform {
  return value in ID_FORMAT;
}

/** Checks one configured entry; the problem, when there is one, says how to write it instead. */
export function parsePrincipal(entry: string): PrincipalCheck {
  const colon = entry.indexOf(':');
  if (colon < 0) {
    return {
      ok: false,
      problem: `"${entry}" names no platform; write slack:${entry} for a Slack user or dingtalk:${entry} for a DingTalk staff id (user ids are only unique within one platform)`,
    };
  }
  const platform = entry.slice(0, colon);
  const id = entry.slice(colon + 1);
  if (!isPlatform(platform)) {
    return { ok: false, problem: `"${entry}" has an unknown platform "${platform}"; use slack:, dingtalk: or console:` };
  }
  if (!ID_FORMAT[platform].test(id)) {
    const hint = platform === 'slack' ? ' (a Slack member id such as U0123ABCD, from the profile menu "Copy member ID")' : '';
    return { ok: false, problem: `"${entry}" is not a valid ${platform} user id${hint}` };
  }
  return { ok: true, principal: `${platform}:${id}` };
}
