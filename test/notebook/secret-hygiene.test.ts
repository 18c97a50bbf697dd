import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCommandsQueue } from '../../src/queue/queues.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { dumpPrefix, testRedis } from '../support/test-redis.js';
import { clusterIdOf, occurrences, passwordsIn } from './helpers.js';

let harness: ConsoleHarness;
before(async () => {
  harness = await startConsoleHarness();
  harness.send('/gpu-cluster create 2 gn5 name=demo');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster demo is ready/);
});
after(async () => {
  await harness.stop();
});

/** The private key Jupyter serves HTTPS with, as the notebook's Secret holds it: PEM, its base64 body, and the Secret's encoding. */
function privateKeyForms(): string[] {
  const secret = harness.bot.emulator?.kube
    .objects(clusterIdOf(harness, 'demo'))
    .find((o) => o.kind === 'Secret' && o.name === 'secretive')?.body as { data: Record<string, string> } | undefined;
  const encoded = secret?.data['tls.key'] ?? assert.fail('the Secret holds the private key');
  const pem = Buffer.from(encoded, 'base64').toString('utf8');
  assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
  const body = pem.replace(/-----[A-Z ]+-----|\s/g, '');
  return [pem, encoded, body.slice(0, 40), body.slice(-40)];
}

test('the password is in exactly one place: the private message; the private key in none', async () => {
  harness.send('/notebook start name=secretive');
  await harness.waitFor(/\[private to alice\] {3}Password: \S+/);
  const keys = privateKeyForms();
  harness.send('/notebook start name=secretive');
  await harness.waitFor(/\[private to alice\] {3}A notebook named secretive already exists/);
  await harness.bot.waitUntilIdle(50);
  const [password] = passwordsIn(harness.output());
  assert.ok(password && password.length >= 20);

  // Console: one line, private to alice; none in the channel.
  assert.equal(occurrences(harness.output(), password), 1);
  const channel = harness
    .output()
    .split('\n')
    .filter((line) => line.startsWith('[#console]'))
    .join('\n');
  assert.equal(occurrences(channel, password), 0);
  assert.match(
    channel,
    /alice's notebook secretive is running on demo with 1 GPU: https:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com/,
  );
  for (const key of keys) assert.equal(occurrences(harness.output(), key), 0, 'no private key in chat');

  // Logs (debug level) and every Redis key under the prefix: queues, job data, failures, progress, outbox.
  assert.equal(occurrences(harness.logs(), password), 0);
  for (const key of keys) assert.equal(occurrences(harness.logs(), key), 0, 'no private key in the logs');
  const redis = testRedis();
  try {
    const dump = await dumpPrefix(redis, harness.prefix);
    assert.ok(dump.includes('secretive'), 'the dump covers the notebook jobs');
    assert.equal(occurrences(dump, password), 0);
    assert.equal(occurrences(dump, Buffer.from(password).toString('base64')), 0);
    for (const key of keys) assert.equal(occurrences(dump, key), 0, 'no private key in Redis');
  } finally {
    await redis.quit();
  }

  // Job data, return values and failure reasons, as BullMQ reports them.
  const queue = createCommandsQueue(harness.bot.settings);
  try {
    const jobs = await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
    assert.ok(jobs.some((job) => JSON.stringify(job.data).includes('secretive')));
    for (const job of jobs) {
      assert.equal(
        occurrences(
          JSON.stringify({ data: job.data, value: job.returnvalue, failed: job.failedReason, trace: job.stacktrace }),
          password,
        ),
        0,
      );
      for (const key of keys) {
        const record = JSON.stringify({
          data: job.data,
          value: job.returnvalue,
          failed: job.failedReason,
          trace: job.stacktrace,
        });
        assert.equal(occurrences(record, key), 0, 'no private key in job data');
      }
    }
  } finally {
    await queue.close();
  }

  // The cluster holds them only in the Secret: never inline in the Deployment or its pods.
  const objects = harness.bot.emulator?.kube.objects(clusterIdOf(harness, 'demo')) ?? [];
  for (const object of objects.filter((o) => o.kind !== 'Secret')) {
    assert.equal(occurrences(JSON.stringify(object.body), password), 0, `${object.kind} ${object.name}`);
    for (const key of keys) assert.equal(occurrences(JSON.stringify(object.body), key), 0, `${object.kind} ${object.name}`);
  }
});

test('error messages never carry the password', async () => {
  harness.send('/notebook password nope');
  await harness.waitFor(/\[private to alice\] {3}There is no notebook named nope\. Your notebooks: secretive\./);
  const [password] = passwordsIn(harness.output());
  assert.ok(password);
  const errors = harness
    .output()
    .split('\n')
    .filter((line) => /❌|There is no|already exists/.test(line))
    .join('\n');
  assert.equal(occurrences(errors, password), 0);
});
