import { GpubotError, RetryableError } from '../../errors.js';
import type { OpenApiCall } from './call-openapi.js';
import type { DingTalkMarkdown } from './render-markdown.js';

interface BatchSendAnswer {
  processQueryKey?: string;
  invalidStaffIdList?: string[];
  flowControlledStaffIdList?: string[];
}

/**
 * Sends markdown one to one through the robot (`/v1.0/robot/oToMessages/batchSend`). An HTTP 200
 * can still mean "not delivered to this user": the answer's lists say who was invalid or throttled.
 */
export async function sendPrivateMarkdown(
  callOpenApi: OpenApiCall,
  robotCode: string,
  staffId: string,
  markdown: DingTalkMarkdown,
): Promise<string | undefined> {
  const answer = ((await callOpenApi('POST', '/v1.0/robot/oToMessages/batchSend', {
    robotCode,
    userIds: [staffId],
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: markdown.title, text: markdown.text }),
  })) ?? {}) as BatchSendAnswer;
  if (answer.invalidStaffIdList?.includes(staffId)) {
    throw new GpubotError(
      'chat.dingtalk.invalid_user',
      `DingTalk rejected user ${staffId} as invalid for robot ${robotCode} (not in the organisation or outside the app's visible range)`,
    );
  }
  if (answer.flowControlledStaffIdList?.includes(staffId)) {
    // DingTalk does not say how long a per-user flow control lasts: no Retry-After, so the outbox's
    // gate for this user probes again after a pause that doubles with each refusal (2 s … 60 s).
    throw new RetryableError('chat.flow_controlled', `DingTalk is throttling one-to-one messages to user ${staffId}`);
  }
  return answer.processQueryKey;
}
