import { appendFileSync } from 'node:fs';

/** What one fault scenario did and how it ended, for the summary the test command prints at the end. */
export interface FaultFigures {
  readonly scenario: string;
  /** Requests sent. */
  readonly requests: number;
  /** Faults injected (kills, failed answers, restarts...), described. */
  readonly faults: Readonly<Record<string, number>>;
  /** How the requests ended, and what was checked (clusters made, messages sent...). */
  readonly outcomes: Readonly<Record<string, number>>;
}

/**
 * Prints one scenario's figures and, under `npm test` (GPUBOT_FAULT_FIGURES names a file),
 * appends them there for deploy/run-tests.sh to print once every test has run.
 */
export function recordFigures(figures: FaultFigures): void {
  const line = JSON.stringify(figures);
  console.log(`fault figures: ${line}`);
  const file = process.env.GPUBOT_FAULT_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
