import { GpubotError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import { CLOUD_FAILURES, type CloudFailure } from '../port.js';

/** The fields pop-core puts on its errors (ROA: statusCode/result; RPC: code/data; network: code/name). */
interface PopError {
  name?: string;
  message?: string;
  code?: string | number;
  statusCode?: number;
  result?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** RPC errors carry the HTTP status only here (no `statusCode`). */
  entry?: { response?: { statusCode?: number } };
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
]);

function field(body: Record<string, unknown> | undefined, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = body?.[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** ACK answers with lowercase `code`/`message`, the API gateway and ECS with `Code`/`Message`: read both. */
export function describePopError(error: unknown): { code: string; message: string; status?: number; requestId?: string } {
  const e = (error ?? {}) as PopError;
  const body = e.result ?? e.data;
  const code =
    field(body, 'code', 'Code', 'errorCode') ??
    (e.code !== undefined && e.code !== '' ? String(e.code) : undefined) ??
    e.name ??
    'Unknown';
  const message = field(body, 'message', 'Message', 'errorMsg') ?? e.message ?? '';
  const statusFromBody = Number(field(body, 'status', 'httpStatusCode'));
  const status = e.statusCode ?? e.entry?.response?.statusCode ?? (Number.isFinite(statusFromBody) ? statusFromBody : undefined);
  const requestId = field(body, 'requestId', 'RequestId', 'request_id');
  return { code, message, ...(status !== undefined ? { status } : {}), ...(requestId ? { requestId } : {}) };
}

export function isNotFound(error: unknown): boolean {
  if (error instanceof GpubotError) return error.code === 'cloud.not_found';
  const { code, status } = describePopError(error);
  return status === 404 || /NotFound/i.test(code);
}

/**
 * Maps a pop-core error onto a GpubotError at the adapter boundary: throttling, 5xx and network
 * faults are retryable; quota, stock, permission, balance and credential errors carry a plain
 * explanation of what to do. Messages never include request bodies (they may hold passwords).
 */
export function mapCloudError(action: string, error: unknown): GpubotError {
  if (error instanceof GpubotError) return error;
  const { code, message, status, requestId } = describePopError(error);
  const detail = `${action} failed: ${code}${status ? ` (HTTP ${status})` : ''}: ${message}${requestId ? ` [request ${requestId}]` : ''}`;
  const name = (error as PopError | undefined)?.name ?? '';
  // A body that is not JSON (a proxy's HTML error page): pop-core's RPC client throws the
  // parse error (a plain object named SyntaxError, from json-bigint), its ROA client a FormatError.
  // Transient, like the 502 it usually is.
  if (error instanceof SyntaxError || name === 'SyntaxError' || name === 'FormatError') {
    return new GpubotError('cloud.unavailable', `${action} failed: UnexpectedResponse: the endpoint did not answer JSON`, {
      retryable: true,
      cause: error,
    });
  }
  const params = { action, code, message: message.slice(0, 300) };
  if (/Throttling|QPS Limit|ServiceUnavailable|TooManyRequests/i.test(code) || status === 429) {
    return new GpubotError('cloud.throttled', detail, { retryable: true, cause: error });
  }
  if ((status !== undefined && status >= 500) || NETWORK_CODES.has(code) || /Timeout/i.test(name) || /Timeout/i.test(code)) {
    return new GpubotError('cloud.unavailable', detail, { retryable: true, cause: error });
  }
  if (/ClusterNameAlreadyExist/i.test(code)) {
    return new GpubotError('cloud.name_taken', detail, { cause: error, userMessage: text('cloud.error.nameTaken', params) });
  }
  // Temporary credentials that expired between being fetched and arriving: the next try signs
  // with fresh ones (the credential provider renews them ahead of expiry).
  if (/^InvalidSecurityToken\.Expired$/i.test(code)) {
    return new GpubotError('cloud.credentials_expired', detail, {
      retryable: true,
      cause: error,
      userMessage: text('cloud.error.credentials', params),
    });
  }
  if (/InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken/i.test(code)) {
    return new GpubotError('cloud.credentials', detail, { cause: error, userMessage: text('cloud.error.credentials', params) });
  }
  if (status === 404 || /NotFound/i.test(code)) {
    return new GpubotError('cloud.not_found', detail, { cause: error, userMessage: text('cloud.error.rejected', params) });
  }
  if (
    /Forbidden|ErrorCheckAcl|NoPermission|ErrorRamPolicyConfig|NotAuthorized/i.test(code) ||
    (status === 403 && !/NoStock|Quota|Balance/i.test(code))
  ) {
    return new GpubotError('cloud.forbidden', detail, { cause: error, userMessage: text('cloud.error.permission', params) });
  }
  if (/Balance|Arrearage|NotEnoughBalance/i.test(code)) {
    return new GpubotError('cloud.balance', detail, { cause: error, userMessage: text('cloud.error.balance', params) });
  }
  if (/Quota/i.test(code)) {
    return new GpubotError('cloud.quota', detail, { cause: error, userMessage: text('cloud.error.quota', params) });
  }
  if (/NoStock|NotOnSale|ResourceNotAvailable|SoldOut/i.test(code)) {
    return new GpubotError('cloud.stock', detail, { cause: error, userMessage: text('cloud.error.stock', params) });
  }
  return new GpubotError('cloud.rejected', detail, { cause: error, userMessage: text('cloud.error.rejected', params) });
}

/** What an error code reported inside a task means, by the same rules as a failed call's. */
export function classifyCloudError(code: string, message: string): CloudFailure {
  const failure = mapCloudError('task', { code, message }).code.replace(/^cloud\./, '');
  return (CLOUD_FAILURES as readonly string[]).includes(failure) ? (failure as CloudFailure) : 'rejected';
}
