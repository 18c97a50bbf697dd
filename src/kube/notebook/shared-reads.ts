/**
 * One read per key shared by everyone who asks for it: callers while it is under way get the same
 * read, and callers after it finished get its result while it is younger than the age they accept
 * (counted from when the read started, so its data is at most that old). A failed read is not
 * kept: the next caller reads again.
 */
export class SharedReads<T> {
  private readonly entries = new Map<string, { readonly at: number; readonly read: Promise<T>; done: boolean }>();

  constructor(
    private readonly read: (key: string) => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, maxAgeMs: number): Promise<T> {
    const current = this.entries.get(key);
    if (current && (!current.done || this.now() - current.at <= maxAgeMs)) return current.read;
    const entry = { at: this.now(), read: this.read(key), done: false };
    this.entries.set(key, entry);
    entry.read.then(
      () => {
        entry.done = true;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.read;
  }
}
