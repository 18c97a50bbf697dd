import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';

let harness: ConsoleHarness;
before(async () => {
  harness = await startConsoleHarness({ GPUBOT_METRICS_PORT: '0' });
});
after(async () => {
  await harness.stop();
});

test('/metrics counts finished jobs and cloud retries; /healthz answers', async () => {
  harness.bot.emulator?.cloud.faults.inject({ api: 'DescribeUserQuota', fault: 'throttle', times: 1 });
  harness.send('/gpu-cluster create 1 gn6i name=metered');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster metered is ready/);
  await harness.bot.waitUntilIdle(50);
  const base = `http://127.0.0.1:${harness.bot.metricsPort}`;
  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200);
  const body = await (await fetch(`${base}/metrics`)).text();
  assert.match(body, /gpubot_jobs_total\{queue="commands",name="cluster.create",outcome="completed"\} 1/);
  assert.match(body, /gpubot_jobs_total\{queue="outbox",name="private",outcome="completed"\} 1/);
  assert.match(body, /gpubot_cloud_retries_total\{action="DescribeUserQuota",code="cloud.throttled"\} 1/);
  assert.match(body, /gpubot_job_duration_seconds_count\{queue="commands",name="cluster.create"\} 1/);
  assert.equal((await fetch(`${base}/other`)).status, 404);
});

test('/metrics counts cloud calls and errors by action, chat deliveries by platform, and queue depths', async () => {
  const base = `http://127.0.0.1:${harness.bot.metricsPort}`;
  const body = await (await fetch(`${base}/metrics`)).text();
  assert.match(body, /gpubot_cloud_calls_total\{action="DescribeUserQuota",outcome="error"\} 1/);
  assert.match(body, /gpubot_cloud_errors_total\{action="DescribeUserQuota",code="Throttling.User"\} 1/);
  assert.match(body, /gpubot_cloud_calls_total\{action="CreateCluster",outcome="ok"\} 1/);
  assert.match(body, /gpubot_cloud_calls_total\{action="DescribeAvailableResource",outcome="ok"\} [1-9]/);
  assert.match(body, /gpubot_chat_deliveries_total\{platform="console",outcome="delivered"\} [1-9]/);
  // Idle now: every queue empty, nothing waiting in the outbox.
  assert.match(body, /gpubot_queue_jobs\{queue="commands",state="waiting"\} 0/);
  assert.match(body, /gpubot_queue_jobs\{queue="outbox-console",state="active"\} 0/);
  assert.match(body, /gpubot_outbox_backlog\{platform="console"\} 0/);
  assert.match(body, /gpubot_outbox_oldest_undelivered_seconds\{platform="console"\} 0/);
  // The cluster alice created is live: the reservations ledger holds it and its GPU for her.
  assert.match(body, /gpubot_owner_live\{owner="console:alice",resource="clusters"\} 1/);
  assert.match(body, /gpubot_owner_live\{owner="console:alice",resource="gpus"\} 1/);
});
