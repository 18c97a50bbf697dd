import { GpubotError } from '../../errors.js';
import type { ChatDirectory, UserFacts } from '../port.js';
import { createAccessTokenSource } from './access-token.js';
import { mapHttpError, mapNetworkError } from './map-http-error.js';
import type { DingTalkSettings } from './settings.js';

const REQUEST_TIMEOUT_MS = 10_000;
/** Legacy OpenAPI errcodes that mean "this access token is no good": fetch a new one once. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);

interface ListParentAnswer {
  errcode?: number;
  errmsg?: string;
  result?: { parent_list?: { parent_dept_id_list?: number[] }[] };
}

/**
 * Who is who in a DingTalk organisation. The organisation itself needs no lookup (every robot
 * message names the robot's and the sender's corp); departments do, for
 * DINGTALK_ALLOWED_DEPARTMENTS: `POST /topapi/v2/department/listparentbyuser` on the legacy host
 * answers, for each department the user is in, the chain up to the root — so listing a
 * department also admits its sub-departments. Needs the contacts read permission (通讯录只读).
 */
export function createDingTalkDirectory(settings: DingTalkSettings, now: () => number = Date.now): ChatDirectory {
  const tokens = createAccessTokenSource(settings, now);
  const oapiUrl = settings.oapiUrl ?? 'https://oapi.dingtalk.com';
  const what = 'DingTalk listparentbyuser';

  async function listParents(userId: string, token: string): Promise<ListParentAnswer> {
    let response: Response;
    try {
      response = await fetch(`${oapiUrl}/topapi/v2/department/listparentbyuser?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ userid: userId }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw mapNetworkError(what, error);
    }
    const answer = (await response.json().catch(() => undefined)) as ListParentAnswer | undefined;
    if (!response.ok) throw mapHttpError(what, response.status, answer, response.headers.get('retry-after'));
    return answer ?? {};
  }

  return {
    reveals: { guests: false, tenants: false, departments: true },
    homeTenants: () => [],
    async lookupUser(userId): Promise<UserFacts> {
      for (let attempt = 0; ; attempt += 1) {
        const token = await tokens.get();
        const answer = await listParents(userId, token);
        if (answer.errcode !== undefined && STALE_TOKEN.has(answer.errcode) && attempt === 0) {
          tokens.invalidate(token);
          continue;
        }
        if (answer.errcode !== 0) {
          throw new GpubotError(
            `chat.dingtalk.${String(answer.errcode ?? 'no_errcode')}`,
            `${what} failed for user ${userId}: ${String(answer.errcode)} ${answer.errmsg ?? ''}`.trim(),
          );
        }
        const chains = answer.result?.parent_list ?? [];
        const departments = [...new Set(chains.flatMap((chain) => (chain.parent_dept_id_list ?? []).map(String)))];
        return { departments };
      }
    },
  };
}
