import { gatewayError } from './api-errors.js';
import { safeEqual } from './http-util.js';
import type { NonceCache } from './nonce-cache.js';
import { buildRpcStringToSign, signRpc } from './rpc-signature.js';
import type { CredentialLookup, EmulatorCredentials } from './types.js';
import { checkExpiry, MAX_SKEW_MS } from './verify-roa-request.js';

export const ECS_API_VERSION = '2014-05-26';
const REQUIRED = [
  'AccessKeyId',
  'Action',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
  'Version',
];

/** Checks an RPC request (ECS, VPC) (GET query or form body, already decoded); throws an ApiError. */
export function verifyRpcRequest(
  method: string,
  params: Record<string, string>,
  lookup: CredentialLookup,
  nonces: NonceCache,
  nowMs: number,
  apiVersion = ECS_API_VERSION,
): void {
  for (const name of REQUIRED) {
    if (params[name] === undefined || params[name] === '') {
      throw gatewayError(
        400,
        'MissingParameter',
        `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      );
    }
  }
  const credentials = lookup(params['AccessKeyId'] ?? '');
  if (credentials === undefined) throw gatewayError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (params['SignatureMethod'] !== 'HMAC-SHA1')
    throw gatewayError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
  if (params['SignatureVersion'] !== '1.0')
    throw gatewayError(400, 'InvalidSignatureVersion', 'Specified signature version is not supported.');
  if (params['Version'] !== apiVersion)
    throw gatewayError(400, 'InvalidVersion', `Specified parameter Version is not valid; expected ${apiVersion}.`);
  if (params['Format'] !== undefined && params['Format'].toUpperCase() !== 'JSON') {
    throw gatewayError(400, 'InvalidParameter', 'This emulator answers Format=JSON only.');
  }
  checkToken(params['SecurityToken'], credentials);
  checkExpiry(credentials, nowMs);
  checkTimestamp(params['Timestamp'] ?? '', nowMs);

  const stringToSign = buildRpcStringToSign(method, params);
  if (!safeEqual(signRpc(credentials.accessKeySecret, stringToSign), params['Signature'] ?? '')) {
    throw gatewayError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
  if (!nonces.remember(params['SignatureNonce'] ?? '', nowMs)) {
    throw gatewayError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
}

function checkToken(token: string | undefined, credentials: EmulatorCredentials): void {
  if (credentials.securityToken === undefined) {
    if (token !== undefined) throw gatewayError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.');
    return;
  }
  if (token === undefined) throw gatewayError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this access key.');
  if (!safeEqual(token, credentials.securityToken))
    throw gatewayError(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken does not match the access key.');
}

function checkTimestamp(value: string, nowMs: number): void {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw gatewayError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  }
  if (Math.abs(nowMs - Date.parse(value)) > MAX_SKEW_MS) {
    throw gatewayError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }
}
