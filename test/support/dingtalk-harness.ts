import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createCommandsQueue } from '../../src/queue/queues.js';
import { startGpubot, type RunningGpubot } from '../../src/app/start-gpubot.js';
import {
  FakeDingTalk,
  type FakeRobotMessage,
  type PrivateDelivery,
  type RecordedRequest,
} from '../fakes/dingtalk/fake-dingtalk.js';
import { pollUntil } from './poll-until.js';
import { captureLog } from './capture-log.js';
import { ROOMY_LIMITS_ENV } from './roomy-limits.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from './test-redis.js';

export const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
/** The requester of the tests (senderStaffId of the fake's robot messages). */
export const STAFF_ID = '16650001698';

export interface SaidMessage {
  readonly message: FakeRobotMessage;
  /** headers.messageId of the stream frame (what the ack must carry). */
  readonly frameId: string;
  /** The sessionWebhook session id of this message (its group replies land under it). */
  readonly session: string;
}

export interface DingTalkHarness {
  readonly bot: RunningGpubot;
  readonly fake: FakeDingTalk;
  readonly prefix: string;
  /** Someone @-mentions the robot in the group with `content`; override any message field. */
  say(content: string, overrides?: Partial<FakeRobotMessage>): SaidMessage;
  /** Pushes an existing message again (DingTalk redelivering it), on a new frame. */
  redeliver(said: SaidMessage): string;
  /** The markdown texts posted to one message's sessionWebhook, in order. */
  groupTexts(session: string): string[];
  /** One-to-one robot messages that DingTalk accepted (not flow-controlled or invalid). */
  privateSends(): readonly PrivateDelivery[];
  /** Every batchSend request, accepted or not. */
  batchSendCalls(): RecordedRequest[];
  commandJobs(): Promise<number>;
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  logs(): string;
  stop(): Promise<void>;
}

function markdownOf(body: Record<string, unknown>): { title: string; text: string } {
  const markdown = body.markdown as { title?: unknown; text?: unknown } | undefined;
  return { title: String(markdown?.title ?? ''), text: String(markdown?.text ?? '') };
}

/**
 * The whole bot in this process, GPUBOT_CHAT=dingtalk, against a fake DingTalk on loopback: the
 * real Stream client (gateway + WebSocket), sessionWebhooks, tokens and the robot OpenAPI; real
 * Redis (own prefix); the built-in cloud emulator.
 */
export async function startDingTalkHarness(env: Record<string, string> = {}): Promise<DingTalkHarness> {
  const fake = await FakeDingTalk.start();
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-dingtalk-e2e-'));
  const captured = captureLog();
  let bot: RunningGpubot;
  try {
    const config = loadConfig({
      GPUBOT_CHAT: 'dingtalk',
      GPUBOT_QUEUE_PREFIX: prefix,
      ...TEST_REDIS_ENV,
      GPUBOT_STATE_DIR: stateDir,
      GPUBOT_SECRET_KEY: 'dingtalk-e2e-sealing-key',
      GPUBOT_EMULATOR_TIME_SCALE: '3000',
      GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: '60',
      LOG_LEVEL: 'debug',
      DINGTALK_CLIENT_ID: fake.clientId,
      DINGTALK_CLIENT_SECRET: fake.clientSecret,
      DINGTALK_API_URL: fake.url,
      DINGTALK_OAPI_URL: fake.url,
      ...ROOMY_LIMITS_ENV,
      ...env,
    });
    bot = await startGpubot(config, { log: captured.log });
  } catch (error) {
    await fake.close();
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const commands = createCommandsQueue(bot.settings);
  return {
    bot,
    fake,
    prefix,
    say(content, overrides = {}) {
      const message = fake.robotMessage({ text: { content }, ...overrides });
      const session = new URL(message.sessionWebhook).searchParams.get('session') ?? '';
      return { message, session, frameId: fake.pushRobotMessage(message) };
    },
    redeliver(said) {
      return fake.pushRobotMessage(said.message);
    },
    groupTexts(session) {
      return fake.webhookPosts.filter((post) => post.session === session).map((post) => markdownOf(post.body).text);
    },
    privateSends: () => fake.privateDeliveries,
    batchSendCalls: () => fake.calls(BATCH_SEND),
    async commandJobs() {
      const counts = await commands.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    waitFor: (check, what, timeoutMs = 15_000) =>
      pollUntil(
        check,
        () => {
          const posts = fake.webhookPosts.map((post) => `${post.session.slice(0, 8)}: ${markdownOf(post.body).title}`).join('\n');
          return `timed out waiting for ${what}; group posts:\n${posts}\nbatchSend calls: ${fake.calls(BATCH_SEND).length}`;
        },
        timeoutMs,
        10,
      ),
    logs: captured.text,
    async stop() {
      await commands.close();
      await bot.stop();
      await fake.close();
      const redis = testRedis();
      await cleanPrefix(redis, prefix);
      await redis.quit();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
