/**
 * The few DER encodings (X.690) a self-signed certificate needs. Each returns one complete
 * tag-length-value; callers nest them. Nothing here parses: Node's X509Certificate and OpenSSL
 * read what this writes, and the tests check it with both.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: readonly Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const sequence = (...parts: readonly Buffer[]) => tlv(0x30, ...parts);
export const set = (...parts: readonly Buffer[]) => tlv(0x31, ...parts);
/** `[n] EXPLICIT`, constructed context-specific. */
export const explicit = (n: number, ...parts: readonly Buffer[]) => tlv(0xa0 + n, ...parts);
export const octetString = (bytes: Buffer) => tlv(0x04, bytes);
export const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
export const TRUE = tlv(0x01, Buffer.from([0xff]));

/** A non-negative INTEGER from its big-endian bytes (a leading zero is added when the top bit is set). */
export function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && ((bytes[start + 1] ?? 0) & 0x80) === 0) start += 1;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, ((trimmed[0] ?? 0) & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** A BIT STRING of whole bytes, or of `bits` leading bits of them (the rest unused). */
export function bitString(bytes: Buffer, bits = bytes.length * 8): Buffer {
  return tlv(0x03, Buffer.from([bytes.length * 8 - bits]), bytes);
}

export function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * first + second];
  for (const arc of rest) {
    const digits = [arc % 128];
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128)) digits.unshift(0x80 | (high % 128));
    out.push(...digits);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime from 2050 on, as RFC 5280 §4.1.2.5 requires; whole seconds, UTC. */
export function time(at: Date): Buffer {
  const iso = at.toISOString(); // 2026-11-29T12:34:56.789Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return at.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}
