import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startCloudEmulator, type CloudEmulator } from '../../../src/emulator/cloud/index.js';
import { FakeKube, OPTS, rejection, roaClient, rpcClient } from './helpers.js';

const DAR = { RegionId: 'cn-hangzhou', DestinationResource: 'Zone', InstanceType: 'ecs.gn5-c4g1.xlarge' };

describe('STS credentials issued to the account', () => {
  let emu: CloudEmulator;
  before(async () => {
    emu = await startCloudEmulator({ kube: new FakeKube(), timeScale: 5000, logger: pino({ level: 'silent' }) });
  });
  after(async () => {
    await emu.close();
  });

  it('are accepted with their token until they expire, then refused as expired', async () => {
    const live = {
      accessKeyId: 'STS.live',
      accessKeySecret: 'live-secret',
      securityToken: 'CAIS-live',
      expiresAt: Date.now() + 60_000,
    };
    const gone = {
      accessKeyId: 'STS.gone',
      accessKeySecret: 'gone-secret',
      securityToken: 'CAIS-gone',
      expiresAt: Date.now() - 1,
    };
    emu.acceptTemporaryCredentials(live);
    emu.acceptTemporaryCredentials(gone);
    await roaClient(emu, live).get('/quota', {}, {}, OPTS);
    await rpcClient(emu, live).request('DescribeAvailableResource', DAR, OPTS);
    const roa = await rejection(() => roaClient(emu, gone).get('/quota', {}, {}, OPTS));
    assert.equal(roa.code, 'InvalidSecurityToken.Expired');
    const rpc = await rejection(() => rpcClient(emu, gone).request('DescribeAvailableResource', DAR, OPTS));
    assert.equal(rpc.code, 'InvalidSecurityToken.Expired');
    const wrongToken = await rejection(() =>
      roaClient(emu, { ...live, securityToken: 'CAIS-other' }).get('/quota', {}, {}, OPTS),
    );
    assert.equal(wrongToken.code, 'InvalidSecurityToken.Mismatch');
    const unknown = await rejection(() => roaClient(emu, { ...live, accessKeyId: 'STS.unknown' }).get('/quota', {}, {}, OPTS));
    assert.equal(unknown.code, 'InvalidAccessKeyId.NotFound');
    // The account's own AccessKey still works alongside.
    await roaClient(emu).get('/quota', {}, {}, OPTS);
  });
});
