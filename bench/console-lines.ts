import { Writable } from 'node:stream';

export interface StampedLine {
  readonly at: number;
  readonly text: string;
}

/**
 * The console chat's output, each line stamped when the bot wrote it: the console echoes a command
 * (`user> /gpu-cluster create …`) just before handing it to the core, and prints a private message
 * (`[private to user] …`) when the outbox delivers it, so these stamps are when a command was
 * received and when a DM was delivered.
 */
export class ConsoleLines extends Writable {
  readonly lines: StampedLine[] = [];
  private partial = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const at = Date.now();
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const text of parts) this.lines.push({ at, text });
    done();
  }

  /** When the first line matching `pattern` was written, by the pattern's first group. */
  firstBy(pattern: RegExp, since = 0): Map<string, number> {
    const out = new Map<string, number>();
    for (const line of this.lines.slice(since)) {
      const key = pattern.exec(line.text)?.[1];
      if (key !== undefined && !out.has(key)) out.set(key, line.at);
    }
    return out;
  }
}
