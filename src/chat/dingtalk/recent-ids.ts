/**
 * A bounded memory of recently seen delivery ids. The core de-duplicates durably; this only stops
 * a redelivery from reaching it at all (and keeps help replies, which skip the core, single).
 */
export class RecentIds {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 2_000) {}

  /** True the first time an id is offered, false for a repeat. */
  add(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
