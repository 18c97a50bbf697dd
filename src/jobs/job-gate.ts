import type { Message } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import type { Wait } from './wait.js';

/**
 * What the runner asks before a job runs (e.g. "has this request been approved?"): run it, wait
 * (the job is re-queued, holding no worker slot), or close it without running, telling the
 * requester `message` and recording `code` (rejected, cancelled, expired).
 */
export type GateVerdict =
  { readonly kind: 'proceed' } | Wait | { readonly kind: 'closed'; readonly code: string; readonly message?: Message };

export type JobGate = (request: ChatRequest) => Promise<GateVerdict>;
