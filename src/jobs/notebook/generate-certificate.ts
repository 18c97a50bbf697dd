import { generateKeyPair, randomBytes, sign, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import {
  bitString,
  explicit,
  integer,
  objectIdentifier as oid,
  octetString,
  sequence,
  set,
  time,
  tlv,
  TRUE,
  utf8String,
} from './der.js';

/**
 * A per-notebook key and self-signed certificate for Jupyter's HTTPS. ECDSA P-256: fast to make,
 * accepted by every browser and by the OpenSSL of old images (TF 1.4's Python 3.5). The key and
 * the signature are Node's own crypto; only the fixed certificate layout is written here, in
 * DER (./der.ts): a class of 300 starting at once made 300 certificates with @peculiar/x509 at
 * ~10 ms of one worker's CPU each, and now at well under one.
 */
const VALID_DAYS = 397;
const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const makeKeyPair = promisify(generateKeyPair);

export interface NotebookCertificate {
  readonly certificatePem: string;
  /** PKCS#8 PEM. A secret: only in memory and the notebook's Secret. */
  readonly privateKeyPem: string;
}

/** A server certificate's extensions: not a CA, signs (ECDHE handshakes), serves TLS, for `name`. */
function extensions(name: string): Buffer {
  const extension = (id: string, critical: boolean, value: Buffer) =>
    sequence(oid(id), ...(critical ? [TRUE] : []), octetString(value));
  return sequence(
    extension('2.5.29.19', true, sequence()), // basicConstraints: cA false
    extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 1)), // keyUsage: digitalSignature
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
    extension('2.5.29.17', false, sequence(tlv(0x82, Buffer.from(name, 'ascii')))), // subjectAltName: [2] dNSName
  );
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** `name` is a notebook name: a DNS label of at most 63 characters. */
export async function generateCertificate(name: string, now: Date): Promise<NotebookCertificate> {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new Error(`not a DNS label: ${name}`);
  const { publicKey, privateKey } = await makeKeyPair('ec', { namedCurve: 'prime256v1' });
  // A positive serial of 16 random bytes, as RFC 5280 asks.
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 1) & 0x7f) | 0x01;
  const subject = sequence(
    set(sequence(oid('2.5.4.3'), utf8String(name))),
    set(sequence(oid('2.5.4.10'), utf8String('gpubot notebook'))),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ECDSA_WITH_SHA256,
    subject, // issuer: self-signed
    sequence(time(new Date(now.getTime() - 60_000)), time(new Date(now.getTime() + VALID_DAYS * 86_400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions(name)),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  return {
    certificatePem: pem('CERTIFICATE', sequence(tbs, ECDSA_WITH_SHA256, bitString(signature))),
    privateKeyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  };
}

/** `AB:CD:…`, the SHA-256 fingerprint browsers show for a certificate. */
export function fingerprintOf(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256;
}
