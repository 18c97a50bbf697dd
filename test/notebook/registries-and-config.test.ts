import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkImageRegistry, registryOf } from '../../src/commands/check-image-registry.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { loadConfig } from '../../src/config/config.js';
import { translate } from '../../src/i18n/translate.js';
import { notebookUrl } from '../../src/jobs/notebook/notebook-url.js';
import { fingerprintOf, generateCertificate } from '../../src/jobs/notebook/generate-certificate.js';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect as connectTls, createServer as createTlsServer } from 'node:tls';

const DEFAULTS = ['docker.io', 'registry.*.aliyuncs.com', 'registry-vpc.*.aliyuncs.com'];

describe('notebook image registries', () => {
  it('reads the registry of an image reference as Docker does', () => {
    assert.equal(registryOf('tensorflow/tensorflow:2.15.0-gpu-jupyter'), 'docker.io');
    assert.equal(registryOf('ubuntu'), 'docker.io');
    assert.equal(registryOf('index.docker.io/library/ubuntu'), 'docker.io');
    assert.equal(registryOf('registry.cn-hangzhou.aliyuncs.com/team/tf:1'), 'registry.cn-hangzhou.aliyuncs.com');
    assert.equal(registryOf('localhost:5000/x'), 'localhost:5000');
  });

  it('always refuses addresses, localhost and link-local names; refuses unlisted registries; allows the defaults', () => {
    for (const image of [
      '100.100.100.200:80/x/y',
      '10.0.0.1/x',
      'localhost:5000/x',
      'localhost/x',
      '169.254.0.1/x',
      'printer.local/x',
      'a.localhost/x',
    ]) {
      assert.equal(checkImageRegistry(image, [...DEFAULTS, '*.local', '10.0.0.1']), 'address', image);
    }
    assert.equal(checkImageRegistry('quay.io/jupyter/base-notebook', DEFAULTS), 'unlisted');
    assert.equal(checkImageRegistry('registry.cn-hangzhou.aliyuncs.com.evil.example/x', DEFAULTS), 'unlisted');
    assert.equal(checkImageRegistry('evilregistry.cn-hangzhou.aliyuncs.com/x', DEFAULTS), 'unlisted');
    for (const image of [
      'tensorflow/tensorflow:1.4.1-gpu-py3',
      'registry.cn-beijing.aliyuncs.com/ns/tf:2',
      'registry-vpc.cn-hangzhou.aliyuncs.com/ns/tf',
    ]) {
      assert.equal(checkImageRegistry(image, DEFAULTS), undefined, image);
    }
  });

  it('the parser refuses a refused image with the allowed list, in both languages', () => {
    const result = parseCommand('/notebook start image=10.0.0.1/x', { maxNodesPerCluster: 40 });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(
      translate('en', result.error),
      /registry 10\.0\.0\.1 is an IP address.*Allowed registries: docker\.io, registry\.\*\.aliyuncs\.com/,
    );
    assert.match(translate('zh-CN', result.error), /允许的镜像仓库：docker\.io/);
    const custom = parseCommand('/notebook start image=quay.io/x/y', { maxNodesPerCluster: 40, notebookRegistries: ['quay.io'] });
    assert.equal(custom.ok, true);
  });

  it('configuration: registries, storage, HTTP, and a default image that must be allowed', () => {
    const config = loadConfig({
      GPUBOT_NOTEBOOK_REGISTRIES: 'quay.io, docker.io',
      GPUBOT_NOTEBOOK_STORAGE: '50Gi',
      GPUBOT_NOTEBOOK_STORAGE_CLASS: 'alicloud-disk-essd',
      GPUBOT_NOTEBOOK_STORAGE_PRICE: '1 CNY',
      GPUBOT_NOTEBOOK_ALLOW_HTTP: 'true',
    }).notebook;
    assert.deepEqual(config.registries, ['quay.io', 'docker.io']);
    assert.deepEqual(config.storage, { size: '50Gi', sizeGiB: 50, storageClass: 'alicloud-disk-essd' });
    assert.deepEqual(config.storagePrice, { perGiBMonth: 1, currency: 'CNY' });
    assert.equal(config.allowHttp, true);
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_REGISTRIES: '127.0.0.1:5000' }), /GPUBOT_NOTEBOOK_REGISTRIES/);
    assert.throws(() => loadConfig({ GPUBOT_NOTEBOOK_STORAGE: '10Gi' }), /GPUBOT_NOTEBOOK_STORAGE/);
    assert.throws(
      () => loadConfig({ GPUBOT_NOTEBOOK_IMAGE: 'quay.io/x/y' }),
      /GPUBOT_NOTEBOOK_IMAGE quay\.io\/x\/y is not from an allowed registry/,
    );
  });
});

describe('notebook HTTPS', () => {
  it('makes a self-signed ECDSA certificate for the notebook, and its browser-style SHA-256 fingerprint', async () => {
    const made = await generateCertificate('nb1', new Date('2026-11-29T00:00:00Z'));
    const certificate = new X509Certificate(made.certificatePem);
    assert.equal(certificate.subject, 'CN=nb1\nO=gpubot notebook');
    assert.equal(certificate.ca, false);
    assert.equal(certificate.publicKey.asymmetricKeyType, 'ec');
    assert.ok(certificate.verify(certificate.publicKey), 'self-signed');
    assert.equal(certificate.checkPrivateKey((await import('node:crypto')).createPrivateKey(made.privateKeyPem)), true);
    assert.match(fingerprintOf(made.certificatePem), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.notEqual(
      fingerprintOf((await generateCertificate('nb1', new Date())).certificatePem),
      fingerprintOf(made.certificatePem),
    );
  });

  it('the certificate carries what a TLS client checks: its name, dates and usages, readable by OpenSSL', async () => {
    const now = new Date('2049-12-31T23:59:30Z');
    const made = await generateCertificate('nb-7f3a2c', now);
    const certificate = new X509Certificate(made.certificatePem);
    assert.equal(certificate.subjectAltName, 'DNS:nb-7f3a2c');
    assert.equal(certificate.checkHost('nb-7f3a2c'), 'nb-7f3a2c');
    assert.equal(certificate.issuer, certificate.subject);
    assert.equal(new Date(certificate.validFrom).toISOString(), '2049-12-31T23:58:30.000Z'); // UTCTime
    assert.equal(new Date(certificate.validTo).toISOString(), '2051-02-01T23:59:30.000Z'); // GeneralizedTime
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: made.certificatePem }).toString();
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /ecdsa-with-SHA256/);
    assert.match(text, /Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /Key Usage: critical\s+Digital Signature/);
    assert.match(text, /Extended Key Usage:\s+TLS Web Server Authentication/);
    await assert.rejects(generateCertificate('Not A Label', now), /not a DNS label/);
  });

  it('a TLS client that trusts the certificate completes a handshake with the notebook name', async () => {
    const made = await generateCertificate('nb1', new Date());
    const server = createTlsServer({ key: made.privateKeyPem, cert: made.certificatePem }, (socket) => socket.end('ok'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connectTls({ host: '127.0.0.1', port, servername: 'nb1', ca: [made.certificatePem] }, () => {
          socket.once('data', (data: Buffer) => resolve(data.toString()));
        });
        socket.once('error', reject);
      });
      assert.equal(answer, 'ok');
    } finally {
      server.close();
    }
  });

  it('writes the URL with the port only when it is not the scheme default', () => {
    assert.equal(notebookUrl('203.0.113.10', 443, true), 'https://203.0.113.10');
    assert.equal(notebookUrl('203.0.113.10', 80, true), 'https://203.0.113.10:80');
    assert.equal(notebookUrl('203.0.113.10', 80, false), 'http://203.0.113.10');
    assert.equal(
      notebookUrl('nlb-x.cn-hangzhou.nlb.aliyuncsslb.com', undefined, true),
      'https://nlb-x.cn-hangzhou.nlb.aliyuncsslb.com',
    );
  });
});
