import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlackReceiver } from '../../src/chat/slack/create-slack-receiver.js';
import { loadConfig } from '../../src/config/config.js';
import { ROOMY_LIMITS_ENV } from './roomy-limits.js';
import { createCommandsQueue } from '../../src/queue/queues.js';
import { startGpubot, type RunningGpubot } from '../../src/app/start-gpubot.js';
import { FakeSlack, type FakeSlackCall } from '../fakes/slack/fake-slack.js';
import {
  blockActionFields,
  newTriggerId,
  postSignedForm,
  slashCommandFields,
  type PostResult,
  type SignOptions,
} from '../fakes/slack/signed-request.js';
import { pollUntil } from './poll-until.js';
import { captureLog } from './capture-log.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from './test-redis.js';

export const SIGNING_SECRET = 'e2e-signing-secret-5f1c0a9d';
export const CHANNEL = 'C0E2EGPU01';

export interface SlashOptions extends SignOptions {
  readonly userId?: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly triggerId?: string;
  /** The team the payload names (default the fake's own workspace, T0001). */
  readonly teamId?: string;
  /** Records the response_url posts under this id. */
  readonly responseId?: string;
}

export interface SlackHarness {
  readonly bot: RunningGpubot;
  readonly slack: FakeSlack;
  readonly prefix: string;
  /** The request URL (`/slack/events`) in HTTP mode. */
  readonly eventsUrl: string;
  /** Posts a signed slash command as Slack would; `fields` is the form that was sent. */
  slash(command: string, text: string, options?: SlashOptions): Promise<PostResult & { fields: Record<string, string> }>;
  /** Presses a button (a signed `block_actions` request). */
  press(
    actionId: string,
    value: string,
    userId: string,
    responseId: string,
    userName?: string,
    teamId?: string,
  ): Promise<PostResult>;
  /** Every command job ever queued (any state). */
  commandJobs(): Promise<number>;
  /** Polls until `check` holds, or fails naming `what` with a summary of Slack's calls. */
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  logs(): string;
  stop(): Promise<void>;
}

/** Everything Slack received, as text, for secret scans. */
export function everythingSent(slack: FakeSlack): string {
  return JSON.stringify({ calls: slack.calls, responses: slack.responses, acks: slack.acks });
}

export function describeCalls(calls: readonly FakeSlackCall[]): string {
  return calls
    .map(
      (call) =>
        `${call.method} ${String(call.args.channel ?? call.args.users ?? '')} ${String(call.args.text ?? '').slice(0, 100)}`,
    )
    .join('\n');
}

/**
 * The whole bot in this process, GPUBOT_CHAT=slack, against a fake Slack: real Bolt receiver (HTTP
 * on a free port, or Socket Mode with `socketMode`), real WebClient, real Redis (own prefix), the
 * built-in cloud emulator.
 */
export async function startSlackHarness(
  options: { env?: Record<string, string>; socketMode?: boolean } = {},
): Promise<SlackHarness> {
  const slack = await FakeSlack.start();
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-slack-e2e-'));
  const captured = captureLog();
  let bot: RunningGpubot;
  try {
    const config = loadConfig({
      GPUBOT_CHAT: 'slack',
      GPUBOT_QUEUE_PREFIX: prefix,
      ...TEST_REDIS_ENV,
      GPUBOT_STATE_DIR: stateDir,
      GPUBOT_SECRET_KEY: 'slack-e2e-sealing-key',
      GPUBOT_EMULATOR_TIME_SCALE: '3000',
      GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: '60',
      LOG_LEVEL: 'debug',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      ...(options.socketMode ? { SLACK_APP_TOKEN: slack.appToken } : {}),
      ...ROOMY_LIMITS_ENV,
      ...options.env,
    });
    bot = await startGpubot(config, { log: captured.log });
  } catch (error) {
    await slack.close();
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const port = (bot.chat?.receiver as SlackReceiver | undefined)?.port;
  const eventsUrl = `http://127.0.0.1:${String(port)}/slack/events`;
  const commands = createCommandsQueue(bot.settings);

  return {
    bot,
    slack,
    prefix,
    eventsUrl,
    async slash(command, text, o = {}) {
      const fields = slashCommandFields({
        command,
        text,
        userId: o.userId ?? 'U0ALICE01',
        userName: o.userName ?? 'alice',
        channelId: o.channelId ?? CHANNEL,
        triggerId: o.triggerId ?? newTriggerId(),
        responseUrl: slack.responseUrl(o.responseId),
        ...(o.teamId ? { teamId: o.teamId } : {}),
      });
      const sign: SignOptions = {
        ...(o.timestampSec === undefined ? {} : { timestampSec: o.timestampSec }),
        ...(o.signature === undefined ? {} : { signature: o.signature }),
      };
      return { ...(await postSignedForm(eventsUrl, SIGNING_SECRET, fields, sign)), fields };
    },
    press(actionId, value, userId, responseId, userName, teamId) {
      const fields = blockActionFields({
        actionId,
        value,
        userId,
        ...(userName ? { userName } : {}),
        ...(teamId ? { teamId } : {}),
        channelId: CHANNEL,
        responseUrl: slack.responseUrl(responseId),
      });
      return postSignedForm(eventsUrl, SIGNING_SECRET, fields);
    },
    async commandJobs() {
      const counts = await commands.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    waitFor: (check, what, timeoutMs = 15_000) =>
      pollUntil(check, () => `timed out waiting for ${what}; Slack received:\n${describeCalls(slack.calls)}`, timeoutMs),
    logs: captured.text,
    async stop() {
      await commands.close();
      await bot.stop();
      await slack.close();
      const redis = testRedis();
      await cleanPrefix(redis, prefix);
      await redis.quit();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
