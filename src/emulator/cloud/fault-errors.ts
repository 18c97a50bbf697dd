import { ApiError, businessError, gatewayError, MSG_THROTTLED } from './api-errors.js';
import type { FaultKind } from './types.js';

export type AsyncFaultKind = Extract<FaultKind, 'stock-out' | 'quota' | 'insufficient-balance'>;

export function isAsyncFault(fault: FaultKind): fault is AsyncFaultKind {
  return fault === 'stock-out' || fault === 'quota' || fault === 'insufficient-balance';
}

const INTERNAL = 'The request processing has failed due to some unknown error, exception or failure.';
const UNAVAILABLE = 'The request has failed due to a temporary failure of the server.';

/**
 * The error a synchronous fault produces. Server errors alternate 500 / 503 so clients meet both;
 * on CS the 500 comes from the service (lower-case keys) and the 503 from the gateway (capitalised).
 */
export function csFaultError(fault: FaultKind, action: string, serverErrorIndex: number): ApiError {
  switch (fault) {
    case 'throttle':
      return gatewayError(429, 'Throttling.User', MSG_THROTTLED);
    case 'server-error':
      return serverErrorIndex % 2 === 0
        ? businessError(500, 'InternalError', INTERNAL)
        : gatewayError(503, 'ServiceUnavailable', UNAVAILABLE);
    case 'forbidden':
      return businessError(403, 'ErrorCheckAcl', `You are not authorized to perform cs:${action}; grant it with a RAM policy.`);
    case 'quota':
      return businessError(
        400,
        'QuotaExceeded.Cluster',
        'The cluster quota of this account is used up; request more in Quota Center.',
      );
    case 'insufficient-balance':
      return businessError(400, 'InsufficientBalance', 'Your account does not have enough balance.');
    case 'stock-out':
      return businessError(400, 'OperationDenied.NoStock', 'The resource is out of usage.');
  }
}

export function ecsFaultError(fault: FaultKind, serverErrorIndex: number): ApiError {
  switch (fault) {
    case 'throttle':
      return gatewayError(400, 'Throttling', 'Request was denied due to request throttling.');
    case 'server-error':
      return serverErrorIndex % 2 === 0
        ? gatewayError(500, 'InternalError', INTERNAL)
        : gatewayError(503, 'ServiceUnavailable', UNAVAILABLE);
    case 'forbidden':
      return gatewayError(
        403,
        'Forbidden.RAM',
        "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
      );
    case 'quota':
      return gatewayError(400, 'QuotaExceed.ElasticQuota', 'The vCPU quota of pay-as-you-go instances is exceeded.');
    case 'insufficient-balance':
      return gatewayError(400, 'InsufficientBalance', 'Your account does not have enough balance.');
    case 'stock-out':
      return gatewayError(403, 'OperationDenied.NoStock', 'The resource is out of usage.');
  }
}
