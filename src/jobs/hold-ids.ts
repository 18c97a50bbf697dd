/**
 * Reservation ids of the jobs (reservations/reservations.ts): one per request and kind of hold,
 * so a request's quota and a notebook's GPUs never collide with other holds of the same request
 * (per-user limits reserved by the bot use their own ids).
 */
const CREATE = 'create:';
const NOTEBOOK = 'notebook:';
const SCALE = 'scale:';

/** What a cluster create holds of the account quota (clusters, managed clusters, nodes). */
export const createHoldId = (requestId: string): string => `${CREATE}${requestId}`;

/** The nodes a growing scale adds, held against the per-cluster node quota until the pool has them. */
export const scaleHoldId = (requestId: string): string => `${SCALE}${requestId}`;

/** The GPUs of its cluster a notebook start holds. */
export const notebookHoldId = (requestId: string): string => `${NOTEBOOK}${requestId}`;

export function requestOfCreateHold(holdId: string): string | undefined {
  return holdId.startsWith(CREATE) ? holdId.slice(CREATE.length) : undefined;
}
