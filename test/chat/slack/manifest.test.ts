import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { EVENTS_PATH, SLASH_COMMANDS } from '../../../src/chat/slack/create-slack-receiver.js';

interface Manifest {
  features: { slash_commands: { command: string; url: string; usage_hint: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: Record<string, unknown> & { interactivity: { is_enabled: boolean; request_url: string } };
}

const manifest = parse(readFileSync(new URL('../../../deploy/slack-app-manifest.yaml', import.meta.url), 'utf8')) as Manifest;

describe('Slack app manifest', () => {
  it('declares exactly the commands the receiver listens to, at its request path', () => {
    assert.deepEqual(manifest.features.slash_commands.map((c) => c.command).sort(), [...SLASH_COMMANDS].sort());
    for (const command of manifest.features.slash_commands) {
      assert.ok(command.url.endsWith(EVENTS_PATH));
      assert.ok(command.usage_hint.length <= 1000);
    }
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.ok(manifest.settings.interactivity.request_url.endsWith(EVENTS_PATH));
  });

  it('asks for the scopes the sender needs and nothing it does not', () => {
    assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), [
      'channels:history',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'groups:history',
      'im:history',
      'im:write',
      'mpim:history',
      'users:read',
    ]);
  });

  it('defaults to HTTP mode without org deploy or token rotation', () => {
    assert.equal(manifest.settings.socket_mode_enabled, false);
    assert.equal(manifest.settings.org_deploy_enabled, false);
    assert.equal(manifest.settings.token_rotation_enabled, false);
  });
});
