/**
 * Health checks answered the way kube-apiserver answers `/readyz?verbose`: one line per check,
 * `[+]name ok: detail` or `[-]name failed: reason`, then a verdict. An operator (or `kubectl
 * describe pod`, which shows probe bodies) reads what failed without opening a log.
 */
export interface Check {
  readonly name: string;
  /** Resolves with what was seen when healthy; rejects (or times out) with the reason when not. */
  run(): Promise<string>;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** A check must answer quickly: a probe that hangs is itself a failure. */
export const CHECK_TIMEOUT_MS = 2000;

async function runOne(check: Check, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { name: check.name, ok: true, detail: await Promise.race([check.run(), timeout]) };
  } catch (error) {
    return { name: check.name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecks(checks: readonly Check[], timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runOne(check, timeoutMs)));
}

export function renderResults(endpoint: 'healthz' | 'readyz', results: readonly CheckResult[]): { ok: boolean; body: string } {
  const ok = results.every((result) => result.ok);
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok: ${r.detail}` : `[-]${r.name} failed: ${r.detail}`));
  return { ok, body: `${lines.join('\n')}\n${endpoint} check ${ok ? 'passed' : 'failed'}\n` };
}
