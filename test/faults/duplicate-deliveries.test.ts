import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { postSignedForm, slashCommandFields } from '../fakes/slack/signed-request.js';
import { describeCalls } from '../support/slack-harness.js';
import { pollUntil } from '../support/poll-until.js';
import { ROOMY_LIMITS_ENV } from '../support/roomy-limits.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from '../support/test-redis.js';
import { spawnGpubot, spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { recordFigures } from './support/figures.js';

/**
 * Two bot replicas behind one Slack app, and every slash command delivered to both of them, twice
 * each (a load balancer's retry, a duplicated delivery), at once. Each command runs once: one
 * cluster, one progress message, one channel note and one private message per request.
 */
const SECRET = 'duplicates-signing-secret';
const SEALING_KEY = 'duplicates-sealing-key';
const ALICE = 'U0ALICE02';
const ALICE_DM = 'D0ALICE02';
const NAMES = ['dd1', 'dd2', 'dd3', 'dd4', 'dd5'];
const COPIES = 4;
const channelOf = (name: string) => `C0${name.toUpperCase()}`;

let emulator: Emulator;
let slack: FakeSlack;
const prefix = testPrefix();
const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-dupes-'));
const processes: WorkerProcess[] = [];
const urls: string[] = [];

function bot(): WorkerProcess {
  const started = spawnGpubot({
    GPUBOT_ROLE: 'bot',
    GPUBOT_CHAT: 'slack',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    GPUBOT_QUEUE_PREFIX: prefix,
    GPUBOT_SECRET_KEY: SEALING_KEY,
    GPUBOT_STATE_DIR: stateDir,
    GPUBOT_JOB_LOCK_MS: '1500',
    GPUBOT_COMMANDS_PER_MINUTE: '1000',
    LOG_LEVEL: 'debug',
    ...TEST_REDIS_ENV,
    ...ROOMY_LIMITS_ENV,
  });
  processes.push(started);
  return started;
}

async function portOf(process: WorkerProcess): Promise<number> {
  let port = 0;
  await pollUntil(
    () => {
      port = Number(process.output().match(/"port":(\d+)[^\n]*slack receiver listening/)?.[1] ?? 0);
      return port > 0;
    },
    () => `the bot never listened:\n${process.output().slice(-2000)}`,
    30_000,
    50,
  );
  return port;
}

before(async () => {
  emulator = await startEmulator({ timeScale: 600 });
  slack = await FakeSlack.start();
  const bots = [bot(), bot()];
  processes.push(spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: prefix, GPUBOT_SECRET_KEY: SEALING_KEY, ...ROOMY_LIMITS_ENV }));
  for (const one of bots) urls.push(`http://127.0.0.1:${await portOf(one)}/slack/events`);
});
after(async () => {
  for (const one of processes) await one.stop();
  await slack.close();
  await emulator.close();
  const redis = testRedis();
  await cleanPrefix(redis, prefix);
  await redis.quit();
  rmSync(stateDir, { recursive: true, force: true });
});

test('two bot replicas, each command delivered four times across both: each runs once', { timeout: 120_000 }, async () => {
  const acks: number[] = [];
  await Promise.all(
    NAMES.map(async (name) => {
      const fields = slashCommandFields({
        command: '/gpu-cluster',
        text: `create 1 gn5 name=${name}`,
        userId: ALICE,
        userName: 'alice',
        channelId: channelOf(name),
        responseUrl: slack.responseUrl(name),
      });
      const answers = await Promise.all(
        Array.from({ length: COPIES }, (_, copy) => postSignedForm(urls[copy % 2] ?? '', SECRET, fields)),
      );
      for (const answer of answers) acks.push(answer.status);
    }),
  );
  assert.ok(
    acks.every((status) => status === 200),
    `every delivery acknowledged: ${acks.join(', ')}`,
  );

  const dms = () => [...slack.messages.values()].filter((m) => m.channel === ALICE_DM);
  await pollUntil(
    () => NAMES.every((name) => dms().some((m) => new RegExp(`Your cluster ${name} is ready`).test(String(m.text)))),
    () => `not every ready DM; Slack received:\n${describeCalls(slack.calls)}`,
    90_000,
    100,
  );
  await new Promise((done) => setTimeout(done, 2000));

  assert.equal(emulator.cloud.calls().CreateCluster, NAMES.length, 'CreateCluster once per request');
  const stored = [...slack.messages.values()];
  for (const name of NAMES) {
    assert.equal(emulator.cloud.clusters().filter((cluster) => cluster.name === name).length, 1, `one cluster ${name}`);
    const inChannel = stored.filter((m) => m.channel === channelOf(name));
    assert.equal(
      inChannel.filter((m) => new RegExp(`GPU cluster ${name}: .* — `).test(String(m.text))).length,
      1,
      `one progress message for ${name}`,
    );
    assert.equal(inChannel.filter((m) => new RegExp(`GPU cluster ${name} for alice is ready`).test(String(m.text))).length, 1);
    assert.equal(dms().filter((m) => new RegExp(`Your cluster ${name} is ready`).test(String(m.text))).length, 1);
  }
  const posted = slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200);
  assert.equal(posted.length, NAMES.length * 3, 'exactly a progress message, a note and a DM per request');
  recordFigures({
    scenario: 'two bot replicas, duplicate deliveries',
    requests: NAMES.length,
    faults: { 'duplicate deliveries': NAMES.length * (COPIES - 1) },
    outcomes: { succeeded: NAMES.length, clusters: emulator.cloud.clusters().length, 'Slack posts': posted.length },
  });
});
