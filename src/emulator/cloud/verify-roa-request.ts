import { gatewayError } from './api-errors.js';
import { safeEqual } from './http-util.js';
import type { NonceCache } from './nonce-cache.js';
import { buildRoaStringToSign, contentMd5, parseRoaAuthorization, signRoa } from './roa-signature.js';
import type { CredentialLookup, EmulatorCredentials } from './types.js';

export const CS_API_VERSION = '2015-12-15';
export const MAX_SKEW_MS = 15 * 60_000;

export interface RoaRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/**
 * Checks a CS request the way the API gateway does; throws a gateway-style ApiError (capitalised keys).
 * The nonce is recorded only once everything else passed, so rejected requests do not burn nonces.
 */
export function verifyRoaRequest(req: RoaRequest, lookup: CredentialLookup, nonces: NonceCache, nowMs: number): void {
  const h = req.headers;
  const auth = parseRoaAuthorization(h['authorization']);
  if (auth === undefined)
    throw gatewayError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  const credentials = lookup(auth.accessKeyId);
  if (credentials === undefined) throw gatewayError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (h['x-acs-signature-method'] !== 'HMAC-SHA1') {
    throw gatewayError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported; use HMAC-SHA1.');
  }
  if ((h['x-acs-signature-version'] ?? '1.0') !== '1.0')
    throw gatewayError(400, 'InvalidSignatureVersion', 'Specified signature version is not supported.');
  if (h['x-acs-version'] !== CS_API_VERSION)
    throw gatewayError(400, 'InvalidVersion', `Specified parameter Version is not valid; expected ${CS_API_VERSION}.`);
  checkSecurityToken(h, credentials, nowMs);
  checkDate(h['date'], nowMs);

  const stringToSign = buildRoaStringToSign(req);
  if (!safeEqual(signRoa(credentials.accessKeySecret, stringToSign), auth.signature)) {
    throw gatewayError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${JSON.stringify(stringToSign)}`,
    );
  }
  const md5 = h['content-md5'];
  if (md5 !== undefined && md5 !== contentMd5(req.body)) {
    throw gatewayError(400, 'ContentMD5NotMatched', 'The Content-MD5 you specified did not match what we received.');
  }
  const nonce = h['x-acs-signature-nonce'];
  if (nonce === undefined || nonce === '')
    throw gatewayError(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.');
  if (!nonces.remember(nonce, nowMs))
    throw gatewayError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
}

function checkSecurityToken(h: Record<string, string | undefined>, credentials: EmulatorCredentials, nowMs: number): void {
  const token = h['x-acs-security-token'];
  if (credentials.securityToken === undefined) {
    if (token !== undefined) throw gatewayError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.');
    return;
  }
  if (token === undefined) throw gatewayError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this access key.');
  if (!safeEqual(token, credentials.securityToken) || h['x-acs-accesskey-id'] !== credentials.accessKeyId) {
    throw gatewayError(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken does not match the access key.');
  }
  checkExpiry(credentials, nowMs);
}

/** STS credentials stop working at their Expiration, whatever the signature. */
export function checkExpiry(credentials: EmulatorCredentials & { expiresAt?: number }, nowMs: number): void {
  if (credentials.expiresAt !== undefined && nowMs >= credentials.expiresAt)
    throw gatewayError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
}

function checkDate(value: string | undefined, nowMs: number): void {
  if (value === undefined) throw gatewayError(400, 'MissingDate', 'The Date header is mandatory.');
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw gatewayError(400, 'InvalidTimeStamp.Format', 'Specified Date header is not valid.');
  if (Math.abs(nowMs - ms) > MAX_SKEW_MS)
    throw gatewayError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
}
