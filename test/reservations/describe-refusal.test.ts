import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from '../../src/i18n/translate.js';
import { describeRefusal } from '../../src/reservations/describe-refusal.js';
import {
  accountClusters,
  basicClusters,
  clusterGpus,
  clusterNodes,
  managedClusters,
  RESOURCE_KINDS,
  userClusters,
  userGpuMinutes,
  userGpus,
  userNotebooks,
  workspaceGpus,
  workspaceSpend,
} from '../../src/reservations/resources.js';

const EXAMPLES = [
  accountClusters(),
  managedClusters(),
  basicClusters(),
  clusterNodes('c-1'),
  clusterGpus('c-1'),
  userGpus('slack:U1'),
  userClusters('slack:U1'),
  userNotebooks('slack:U1'),
  userGpuMinutes('slack:U1', '2026-05-01'),
  workspaceGpus('slack:T1'),
  workspaceSpend('slack:T1', '2026-05-01'),
];

test('every kind of refusal says which limit, the numbers, and what to do, in both languages', () => {
  assert.equal(EXAMPLES.length, RESOURCE_KINDS.length, 'an example per kind');
  for (const resource of EXAMPLES) {
    const refusal = { status: 'refused', resource, used: 18, limit: 20, amount: 3 } as const;
    for (const locale of ['en', 'zh-CN'] as const) {
      const said = translate(locale, describeRefusal(refusal));
      assert.ok(/20/.test(said) || /¥0\.20|0\.3/.test(said), `${resource} (${locale}) names the limit: ${said}`);
      assert.ok(!said.includes('undefined') && !said.includes('NaN'), said);
    }
  }
  const gpus = translate(
    'en',
    describeRefusal({ status: 'refused', resource: clusterGpus('c-9'), used: 2, limit: 2, amount: 1 }, 'demo'),
  );
  assert.equal(
    gpus,
    'Cluster demo has 2 GPUs and notebooks already use 2, so 1 more do not fit. Ask for fewer (gpus=<n>), stop a notebook, or use another cluster (cluster=<name>).',
  );
  const minutes = translate(
    'en',
    describeRefusal({ status: 'refused', resource: userGpuMinutes('slack:U1', '2026-05-01'), used: 450, limit: 480, amount: 60 }),
  );
  assert.match(minutes, /used or booked 7\.5 of your 8 GPU-hours; this needs 1 more/);
});
