/**
 * Errors the emulated services answer with. CS has two shapes: the API gateway's (capitalised keys, as
 * for every Alibaba Cloud API) and the CS service's own business errors (lower-case keys plus `status`).
 * ECS (RPC) uses the capitalised shape only.
 */
export type ErrorStyle = 'gateway' | 'business';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly style: ErrorStyle = 'business',
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function gatewayError(status: number, code: string, message: string): ApiError {
  return new ApiError(status, code, message, 'gateway');
}

export function businessError(status: number, code: string, message: string): ApiError {
  return new ApiError(status, code, message, 'business');
}

export function renderError(error: ApiError, requestId: string, hostId: string): Record<string, unknown> {
  if (error.style === 'gateway') {
    return { Code: error.code, Message: error.message, RequestId: requestId, HostId: hostId };
  }
  return { code: error.code, message: error.message, requestId, status: error.status };
}

export const MSG_THROTTLED = 'Request was denied due to user flow control.';
