import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';

/**
 * A per-notebook key and self-signed certificate for Jupyter's HTTPS, made with @peculiar/x509
 * over Node's own WebCrypto (no hand-rolled ASN.1, no pure-JS crypto). ECDSA P-256: fast to make,
 * accepted by every browser and by the OpenSSL of old images (TF 1.4's Python 3.5).
 */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALID_DAYS = 397;

let library: Promise<typeof import('@peculiar/x509')> | undefined;

/** Loaded on the first certificate, not with the worker: it costs ~20 MB that a worker making clusters never uses. */
function loadX509(): Promise<typeof import('@peculiar/x509')> {
  library ??= (async () => {
    await import('reflect-metadata'); // @peculiar/x509 needs the Reflect metadata API before it loads.
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return library;
}

export interface NotebookCertificate {
  readonly certificatePem: string;
  /** PKCS#8 PEM. A secret: only in memory and the notebook's Secret. */
  readonly privateKeyPem: string;
}

export async function generateCertificate(name: string, now: Date): Promise<NotebookCertificate> {
  const x509 = await loadX509();
  // Node's and the DOM's WebCrypto typings differ only in key usages Node added; the objects are the same.
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  // A positive serial of 16 random bytes, as RFC 5280 asks.
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 1) & 0x7f) | 0x01;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${name}, O=gpubot notebook`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey));
  const privateKeyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' });
  return { certificatePem: certificate.toString('pem'), privateKeyPem: String(privateKeyPem) };
}

/** `AB:CD:…`, the SHA-256 fingerprint browsers show for a certificate. */
export function fingerprintOf(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256;
}
