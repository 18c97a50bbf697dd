/** Remembers signature nonces for twice the allowed clock skew, so a captured request cannot be replayed. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  /** Records the nonce; false when it was already used within the window. */
  remember(nonce: string, nowMs: number): boolean {
    this.evict(nowMs);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, nowMs + this.ttlMs);
    return true;
  }

  private evict(nowMs: number): void {
    // Insertion order is expiry order (constant TTL), so stop at the first live entry.
    for (const [nonce, expires] of this.seen) {
      if (expires > nowMs) break;
      this.seen.delete(nonce);
    }
  }
}
