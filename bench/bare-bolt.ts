/**
 * The ack baseline: a bare @slack/bolt App in HTTP mode that acks gpubot's slash commands at once,
 * with the signing secret verified as gpubot's receiver does. Run by slash-ack.ts in its own process.
 *   SLACK_SIGNING_SECRET=…  PORT=…
 */
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT);
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  // Never used: acking needs no Web API; with the bot's ids given, Bolt does not call auth.test.
  token: 'xoxb-bare-bolt-bench',
  botId: 'B0BARE0001',
  botUserId: 'U0BARE0001',
  tokenVerificationEnabled: false,
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
  port,
});
for (const command of ['/gpu-cluster', '/notebook']) {
  app.command(command, async ({ ack }) => {
    await ack();
  });
}
await app.start({ port, host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
