import { existsSync, readFileSync } from 'node:fs';
import type { FaultFigures } from './figures.js';

/** The fault suite's figures, one line per scenario, as deploy/run-tests.sh prints them after the tests. */
const file = process.argv[2];
const lines = file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
const all = lines.map((line) => JSON.parse(line) as FaultFigures).sort((a, b) => a.scenario.localeCompare(b.scenario));
const pairs = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
if (all.length > 0) {
  console.log('\nfault suite (test/faults):');
  for (const figures of all) {
    console.log(
      `- ${figures.scenario}: ${figures.requests} requests; faults: ${pairs(figures.faults)}; outcomes: ${pairs(figures.outcomes)}`,
    );
  }
  const requests = all.reduce((sum, figures) => sum + figures.requests, 0);
  const faults = all.reduce((sum, figures) => sum + Object.values(figures.faults).reduce((a, b) => a + b, 0), 0);
  console.log(`total: ${all.length} scenarios, ${requests} requests, ${faults} faults injected`);
}
