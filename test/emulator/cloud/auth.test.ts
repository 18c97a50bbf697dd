import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startCloudEmulator, type CloudEmulator } from '../../../src/emulator/cloud/index.js';
import { buildRoaStringToSign, signRoa } from '../../../src/emulator/cloud/roa-signature.js';
import { buildRpcStringToSign, signRpc } from '../../../src/emulator/cloud/rpc-signature.js';
import {
  createBody,
  FakeKube,
  JSON_HEADERS,
  OPTS,
  rejection,
  roaClient,
  rpcClient,
  startHarness,
  type Harness,
} from './helpers.js';

const DAR = { RegionId: 'cn-hangzhou', DestinationResource: 'Zone', InstanceType: 'ecs.gn5-c4g1.xlarge' };

describe('signature algorithms match pop-core test vectors (ACK notes §10)', () => {
  it('ROA', () => {
    assert.equal(signRoa('accessKeySecret', 'stringtosign'), '9/j11e+L9jW8mC9eUA23Wn3c0fs=');
    assert.equal(
      buildRoaStringToSign({ method: 'GET', path: '/', query: {}, headers: { accept: 'application/json' } }),
      'GET\napplication/json\n\n\n\n/',
    );
    assert.equal(
      buildRoaStringToSign({ method: 'GET', path: '/', query: { key1: 'value2', key: 'value' }, headers: {} }),
      'GET\n\n\n\n\n/?key=value&key1=value2',
    );
  });
  it('RPC', () => {
    const params = {
      Timestamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    };
    assert.equal(signRpc('testsecret', buildRpcStringToSign('GET', params)), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});

describe('request verification through pop-core', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  it('accepts correctly signed ROA and RPC calls (GET and POST)', async () => {
    await h.cs.get('/quota', {}, {}, OPTS);
    const viaGet = await h.ecs.request('DescribeAvailableResource', DAR, OPTS);
    const viaPost = await h.ecs.request('DescribeAvailableResource', DAR, { ...OPTS, method: 'POST' });
    assert.ok(viaGet.RequestId && viaPost.RequestId);
  });

  it('rejects a wrong secret (ROA 400 SignatureDoesNotMatch with capitalised keys)', async () => {
    const bad = roaClient(h.emu, { accessKeySecret: 'not-the-secret' });
    const err = await rejection(() => bad.get('/quota', {}, {}, OPTS));
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.ok(err.result.RequestId && err.result.HostId && err.result.Message);
  });

  it('rejects a wrong secret and an unknown key (RPC)', async () => {
    const err = await rejection(() =>
      rpcClient(h.emu, { accessKeySecret: 'nope' }).request('DescribeAvailableResource', DAR, OPTS),
    );
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.ok(err.data.RequestId && err.data.HostId);
    const unknown = await rejection(() =>
      rpcClient(h.emu, { accessKeyId: 'LTAIunknown' }).request('DescribeAvailableResource', DAR, OPTS),
    );
    assert.equal(unknown.code, 'InvalidAccessKeyId.NotFound');
    const roaUnknown = await rejection(() => roaClient(h.emu, { accessKeyId: 'LTAIunknown' }).get('/quota', {}, {}, OPTS));
    assert.equal(roaUnknown.statusCode, 404);
    assert.equal(roaUnknown.code, 'InvalidAccessKeyId.NotFound');
  });

  it('rejects a body that does not match Content-MD5', async () => {
    const body = JSON.stringify(createBody({ name: 'tamper-aa' }));
    const tampered = body.replace('tamper-aa', 'tamper-bb'); // same length, so content-length still fits
    const err = await rejection(() =>
      h.cs.request('POST', '/clusters', {}, body, JSON_HEADERS, { ...OPTS, data: Buffer.from(tampered) }),
    );
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'ContentMD5NotMatched');
    assert.equal(h.emu.clusters().length, 0);
  });

  it('rejects a replayed nonce (ROA and RPC)', async () => {
    const headers = { 'x-acs-signature-nonce': 'fixed-nonce-roa' };
    await h.cs.get('/quota', {}, headers, OPTS);
    const err = await rejection(() => h.cs.get('/quota', {}, headers, OPTS));
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, 'SignatureNonceUsed');

    const params = { ...DAR, SignatureNonce: 'fixed-nonce-rpc' };
    await h.ecs.request('DescribeAvailableResource', params, OPTS);
    const rpcErr = await rejection(() => h.ecs.request('DescribeAvailableResource', params, OPTS));
    assert.equal(rpcErr.code, 'SignatureNonceUsed');
  });

  it('rejects stale dates, a wrong API version and unknown RPC actions', async () => {
    const stale = new Date(Date.now() - 16 * 60_000).toUTCString();
    const old = await rejection(() => h.cs.get('/quota', {}, { date: stale }, OPTS));
    assert.equal(old.code, 'InvalidTimeStamp.Expired');
    const version = await rejection(() => roaClient(h.emu).get('/quota', {}, { 'x-acs-version': '2018-03-18' }, OPTS));
    assert.equal(version.code, 'InvalidVersion');
    const rpcStale = await rejection(() =>
      h.ecs.request('DescribeAvailableResource', { ...DAR, Timestamp: '2020-01-01T00:00:00Z' }, OPTS),
    );
    assert.equal(rpcStale.code, 'InvalidTimeStamp.Expired');
    const action = await rejection(() => h.ecs.request('RunInstances', { RegionId: 'cn-hangzhou' }, OPTS));
    assert.equal(action.code, 'InvalidAction.NotFound');
  });
});

describe('STS credentials', () => {
  let emu: CloudEmulator;
  before(async () => {
    emu = await startCloudEmulator({
      kube: new FakeKube(),
      timeScale: 5000,
      logger: pino({ level: 'silent' }),
      credentials: { accessKeyId: 'STS.testkey', accessKeySecret: 'sts-secret', securityToken: 'token-1' },
    });
  });
  after(async () => {
    await emu.close();
  });

  it('requires the configured security token', async () => {
    await roaClient(emu).get('/quota', {}, {}, OPTS);
    await rpcClient(emu).request('DescribeAvailableResource', DAR, OPTS);
    const wrong = await rejection(() => roaClient(emu, { securityToken: 'token-2' }).get('/quota', {}, {}, OPTS));
    assert.equal(wrong.code, 'InvalidSecurityToken.Mismatch');
    const none = await rejection(() =>
      rpcClient(emu, { securityToken: undefined }).request('DescribeAvailableResource', DAR, OPTS),
    );
    assert.equal(none.code, 'MissingSecurityToken');
  });
});
