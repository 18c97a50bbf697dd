import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import type { Requester } from '../../src/chat/port.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { decideScope, servedTenants } from '../../src/governance/check-scope.js';
import { isAdmin, mayApprove, mayCreate, mayManage, mayReadSecret, NO_ROLES, type Roles } from '../../src/governance/roles.js';
import { OPEN_SCOPE } from '../../src/governance/scope-policy.js';

const slack = (userId: string, tenantId = 'T0001'): Requester => ({ platform: 'slack', userId, locale: 'en', tenantId });
const dingtalk = (userId: string, tenantId = 'dingcorp0001'): Requester => ({
  platform: 'dingtalk',
  userId,
  locale: 'zh-CN',
  tenantId,
});

describe('roles', () => {
  const roles: Roles = { admins: ['slack:U0ADMIN001'], creators: ['dingtalk:creator1'], approvers: ['slack:U0APPROV1'] };

  test('a DingTalk staff id spelled like a Slack admin, or equal to its bare id, is not an admin', () => {
    assert.equal(isAdmin(roles, slack('U0ADMIN001')), true);
    assert.equal(isAdmin(roles, dingtalk('U0ADMIN001')), false);
    assert.equal(isAdmin(roles, dingtalk('slack:U0ADMIN001')), false);
    assert.equal(isAdmin(roles, { platform: 'console', userId: 'slack:U0ADMIN001', locale: 'en' }), false);
  });

  test('admins manage anyone’s resources but read only their own secrets', () => {
    assert.equal(mayManage(roles, slack('U0ADMIN001'), 'slack:U0BOB0001'), true);
    assert.equal(mayManage(roles, slack('U0BOB0001'), 'slack:U0BOB0001'), true);
    assert.equal(mayManage(roles, dingtalk('U0BOB0001'), 'slack:U0BOB0001'), false, 'same id, other platform');
    assert.equal(mayReadSecret(slack('U0ADMIN001'), 'slack:U0BOB0001'), false);
    assert.equal(mayReadSecret(slack('U0BOB0001'), 'slack:U0BOB0001'), true);
  });

  test('creators: listed people and admins; an empty list means everyone in scope', () => {
    assert.equal(mayCreate(roles, dingtalk('creator1')), true);
    assert.equal(mayCreate(roles, slack('U0ADMIN001')), true);
    assert.equal(mayCreate(roles, dingtalk('someone')), false);
    assert.equal(mayCreate(NO_ROLES, dingtalk('someone')), true);
  });

  test('approvers approve other people’s requests, never their own', () => {
    assert.equal(mayApprove(roles, slack('U0APPROV1'), slack('U0ALICE01')), true);
    assert.equal(mayApprove(roles, slack('U0APPROV1'), slack('U0APPROV1')), false);
    assert.equal(mayApprove(roles, slack('U0ADMIN001'), slack('U0ALICE01')), false, 'admin is not approver');
  });
});

describe('scope', () => {
  test('served organisations: configured and learned; the delivery’s host only when neither exists', () => {
    assert.deepEqual(servedTenants([], ['T0001']), ['T0001']);
    assert.deepEqual(servedTenants(['T0PARTNER'], ['T0001'], 'ignored'), ['T0PARTNER', 'T0001']);
    assert.deepEqual(servedTenants([], [], 'dingcorp0001'), ['dingcorp0001']);
    assert.deepEqual(servedTenants(['dingcorpX'], [], 'dingcorp0001'), ['dingcorpX']);
    assert.deepEqual(servedTenants([], []), []);
  });

  test('other organisations, Slack Connect strangers and guests are refused; allowed guests are not', () => {
    const served = ['T0001'];
    assert.equal(decideScope(slack('U1'), served, { tenantId: 'T0001' }, OPEN_SCOPE, NO_ROLES), undefined);
    assert.equal(decideScope(slack('U1', 'T0OTHER'), served, {}, OPEN_SCOPE, NO_ROLES), 'external');
    assert.equal(decideScope(slack('U1'), served, { tenantId: 'T0OTHER' }, OPEN_SCOPE, NO_ROLES), 'external');
    assert.equal(decideScope(slack('U1'), served, { external: true }, OPEN_SCOPE, NO_ROLES), 'external');
    assert.equal(decideScope(slack('U1'), [], {}, OPEN_SCOPE, NO_ROLES), 'external', 'nothing known: refuse');
    assert.equal(decideScope(slack('U1'), served, { guest: true }, OPEN_SCOPE, NO_ROLES), 'guest');
    assert.equal(decideScope(slack('U1'), served, { guest: true }, { ...OPEN_SCOPE, allowGuests: true }, NO_ROLES), undefined);
    const noTenant: Requester = { platform: 'dingtalk', userId: 'x', locale: 'zh-CN' };
    assert.equal(decideScope(noTenant, ['dingcorp0001'], {}, OPEN_SCOPE, NO_ROLES), 'external');
  });

  test('allowed users and departments (with sub-departments) narrow the scope; admins stay in', () => {
    const policy = { ...OPEN_SCOPE, allowedUsers: ['dingtalk:listed'], departments: ['100'] };
    const roles = { ...NO_ROLES, admins: ['dingtalk:boss'] };
    const served = ['dingcorp0001'];
    assert.equal(decideScope(dingtalk('listed'), served, {}, policy, roles), undefined);
    assert.equal(decideScope(dingtalk('boss'), served, {}, policy, roles), undefined);
    assert.equal(decideScope(dingtalk('member'), served, { departments: ['200', '100', '1'] }, policy, roles), undefined);
    assert.equal(decideScope(dingtalk('outsider'), served, { departments: ['300', '1'] }, policy, roles), 'not_listed');
  });
});

describe('configuration', () => {
  const base = { GPUBOT_STATE_DIR: '/tmp/gpubot-config-test' };

  test('a bare user id in GPUBOT_ADMINS is an error whose message shows the fix', () => {
    assert.throws(
      () => loadConfig({ ...base, GPUBOT_ADMINS: 'slack:U0ADMIN001,U0ADMIN002' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /GPUBOT_ADMINS/.test(error.message) &&
        error.message.includes('slack:U0ADMIN002') &&
        error.message.includes('dingtalk:U0ADMIN002') &&
        !error.message.includes('"slack:U0ADMIN001"'),
    );
  });

  test('every role list and the allowed users are checked the same way', () => {
    for (const name of ['GPUBOT_CREATORS', 'GPUBOT_APPROVERS', 'GPUBOT_ALLOWED_USERS']) {
      assert.throws(() => loadConfig({ ...base, [name]: 'alice' }), new RegExp(`${name}: "alice" names no platform`));
    }
    assert.throws(() => loadConfig({ ...base, GPUBOT_ADMINS: 'teams:alice' }), /unknown platform "teams"/);
    assert.throws(() => loadConfig({ ...base, GPUBOT_ADMINS: 'slack:alice' }), /not a valid slack user id/);
  });

  test('scoped ids load as roles; governance has protective defaults', () => {
    const config = loadConfig({
      ...base,
      GPUBOT_ADMINS: 'slack:U0ADMIN001, dingtalk:manager1234',
      GPUBOT_CREATORS: 'console:alice',
    });
    assert.deepEqual(config.governance.roles, {
      admins: ['slack:U0ADMIN001', 'dingtalk:manager1234'],
      creators: ['console:alice'],
      approvers: [],
    });
    assert.equal(config.governance.commandsPerMinute, 20);
    assert.equal(config.governance.scope.allowGuests, false);
    assert.equal(config.governance.audit.retentionMs, 90 * 24 * 3600_000);
  });

  test('gpubot refuses to start with a bare admin id, saying how to write it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, GPUBOT_ADMINS: 'U0ADMIN001', GPUBOT_STATE_DIR: '/tmp/gpubot-config-test' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /GPUBOT_ADMINS: "U0ADMIN001" names no platform; write slack:U0ADMIN001 .* or dingtalk:U0ADMIN001/);
  });
});
