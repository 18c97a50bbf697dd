import type { WorkerProcess } from '../../support/worker-process.js';

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Runs until `done` shows in `output`, killing the running worker (SIGKILL) once in every step the
 * request's progress shows begun, and starting a fresh one each time. Returns the steps killed in
 * and the worker left running.
 */
export async function killAtEachStep(
  spawn: () => WorkerProcess,
  current: WorkerProcess,
  output: () => string,
  done: RegExp,
  timeoutMs = 50_000,
): Promise<{ killedIn: string[]; worker: WorkerProcess }> {
  const killedIn: string[] = [];
  let worker = current;
  const deadline = Date.now() + timeoutMs;
  while (!done.test(output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${done} (killed in ${killedIn.join(', ')}):\n${output()}`);
    const begun = [...output().matchAll(/▶ ([^\n—]+?)(?: —|\n)/g)].map((match) => (match[1] ?? '').trim());
    const fresh = begun.find((step) => !killedIn.includes(step));
    if (fresh) {
      killedIn.push(fresh);
      await worker.kill();
      worker = spawn();
    }
    await pause(25);
  }
  return { killedIn, worker };
}
