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

/**
 * Two bot processes (Slack over HTTP) and three worker processes on one Redis. Creates arrive at
 * either bot; a worker is killed with SIGKILL while the creations wait on the cloud. Every request
 * still makes exactly one cluster with one node pool, and Slack holds exactly one progress message,
 * one channel note and one private message per request, the progress ending with every step done.
 */
const SECRET = 'many-processes-signing-secret';
const SEALING_KEY = 'many-processes-sealing-key';
const ALICE = 'U0ALICE01';
const ALICE_DM = 'D0ALICE01';
const NAMES = ['mp1', 'mp2', 'mp3', 'mp4', 'mp5', 'mp6'];
const channelOf = (name: string) => `C0${name.toUpperCase()}`;

let emulator: Emulator;
let slack: FakeSlack;
const prefix = testPrefix();
const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-many-'));
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

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: prefix, GPUBOT_SECRET_KEY: SEALING_KEY, ...ROOMY_LIMITS_ENV });
  processes.push(started);
  return started;
}

/** The port a bot process's Slack receiver bound, from its log. */
async function portOf(process: WorkerProcess): Promise<number> {
  let port = 0;
  await pollUntil(
    () => {
      const line = process.output().match(/"port":(\d+)[^\n]*slack receiver listening/);
      port = Number(line?.[1] ?? 0);
      return port > 0;
    },
    () => `the bot never listened:\n${process.output().slice(-2000)}`,
    30_000,
    50,
  );
  return port;
}

before(async () => {
  // A cluster takes a few seconds, its node pool a couple more: long enough to kill a worker mid-wait.
  emulator = await startEmulator({ timeScale: 150 });
  slack = await FakeSlack.start();
  const bots = [bot(), bot()];
  for (let i = 0; i < 3; i += 1) worker();
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

test(
  '2 bots, 3 workers, one killed mid-wait: one cluster per request and one message of each kind',
  { timeout: 120_000 },
  async () => {
    for (const [i, name] of NAMES.entries()) {
      const fields = slashCommandFields({
        command: '/gpu-cluster',
        text: `create 1 gn5 name=${name}`,
        userId: ALICE,
        userName: 'alice',
        channelId: channelOf(name),
        responseUrl: slack.responseUrl(name),
      });
      const ack = await postSignedForm(urls[i % 2] ?? '', SECRET, fields);
      assert.equal(ack.status, 200, ack.body);
    }
    await pollUntil(
      () => (emulator.cloud.calls().CreateCluster ?? 0) === NAMES.length,
      () => `${emulator.cloud.calls().CreateCluster ?? 0} CreateCluster calls`,
      30_000,
    );
    assert.ok(
      emulator.cloud.clusters().some((cluster) => cluster.state !== 'running'),
      'killed while clusters were still being created',
    );
    await processes[2]?.kill();

    const dms = () => [...slack.messages.values()].filter((m) => m.channel === ALICE_DM);
    await pollUntil(
      () => NAMES.every((name) => dms().some((m) => new RegExp(`Your cluster ${name} is ready`).test(String(m.text)))),
      () => `not every ready DM; Slack received:\n${describeCalls(slack.calls)}`,
      90_000,
      100,
    );
    // Let anything late (a duplicate, if there were one) arrive before counting.
    await new Promise((done) => setTimeout(done, 2000));

    assert.equal(emulator.cloud.calls().CreateCluster, NAMES.length, 'CreateCluster once per request');
    assert.equal(emulator.cloud.calls().CreateClusterNodePool, NAMES.length, 'one node pool per request');
    const stored = [...slack.messages.values()];
    for (const name of NAMES) {
      const clusters = emulator.cloud.clusters().filter((cluster) => cluster.name === name);
      assert.equal(clusters.length, 1, `one cluster ${name}`);
      assert.deepEqual(
        clusters[0]?.nodepools.map((pool) => [pool.name, pool.state]),
        [['gpubot-gpu', 'active']],
      );
      const inChannel = stored.filter((m) => m.channel === channelOf(name));
      const progress = inChannel.filter((m) => new RegExp(`GPU cluster ${name}: .* — `).test(String(m.text)));
      assert.equal(progress.length, 1, `one progress message for ${name}`);
      assert.match(String(progress[0]?.text), /— Succeeded/);
      const blocks = JSON.stringify(progress[0]?.blocks);
      for (const step of ['Pre-flight checks', 'Request the ACK cluster', 'Create the GPU node pool', 'Check GPU workers']) {
        assert.equal(blocks.split(step).length - 1, 1, `${name}: the step "${step}" once`);
      }
      const notes = inChannel.filter((m) => new RegExp(`GPU cluster ${name} for alice is ready`).test(String(m.text)));
      assert.equal(notes.length, 1, `one channel note for ${name}`);
      assert.equal(inChannel.length, 2, `nothing else in ${channelOf(name)}`);
      assert.equal(dms().filter((m) => new RegExp(`Your cluster ${name} is ready`).test(String(m.text))).length, 1);
    }
    const posted = slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200);
    assert.equal(posted.length, NAMES.length * 3, 'exactly a progress message, a note and a DM per request');
  },
);
