/**
 * Durations as people type them: one or more `<whole number><unit>` with units `s`, `m`, `h`, `d`
 * (`90m`, `8h`, `3d`, `1h30m`). The same grammar is used for every duration gpubot reads, in
 * commands and in configuration, so `ttl=8h` and `GPUBOT_CLUSTER_TTL=8h` mean the same thing.
 */
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d{1,6}[smhd])+$/;
const PART = /(\d+)([smhd])/g;

/** Milliseconds, or undefined when the text is not a duration (or is zero). */
export function parseDuration(value: string): number | undefined {
  const word = value.trim().toLowerCase();
  if (!WHOLE.test(word)) return undefined;
  let total = 0;
  for (const [, amount, unit] of word.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit as string] as number);
  return total > 0 ? total : undefined;
}

/** The shortest exact spelling of a duration: `2h`, `1h30m`, `45s` (what tags and audit entries hold). */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
  if (rest === 0) return '0s';
  let out = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = UNIT_MS[unit] as number;
    const amount = Math.floor(rest / size);
    if (amount > 0) out += `${amount}${unit}`;
    rest -= amount * size;
  }
  return out;
}
