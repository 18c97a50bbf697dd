import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand } from '../../src/commands/parse-command.js';
import type { Command } from '../../src/commands/types.js';

const options = { maxNodesPerCluster: 40 };

function parsed(input: string): Command {
  const result = parseCommand(input, options);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(input)} to parse, got ${JSON.stringify(result.error)}`);
  return result.command;
}

describe('parseCommand: every sub-command', () => {
  const cases: [string, Command][] = [
    ['/gpu-cluster create 2 gn5', { kind: 'cluster.create', count: 2, instanceType: 'ecs.gn5-c4g1.xlarge' }],
    ['/gpu-cluster create 1 gn5i', { kind: 'cluster.create', count: 1, instanceType: 'ecs.gn5i-c4g1.xlarge' }],
    ['/gpu-cluster create 3 ecs.gn6i-c4g1.xlarge', { kind: 'cluster.create', count: 3, instanceType: 'ecs.gn6i-c4g1.xlarge' }],
    ['/gpu-cluster create 3 gn6i-c8g1.2xlarge', { kind: 'cluster.create', count: 3, instanceType: 'ecs.gn6i-c8g1.2xlarge' }],
    ['/gpu-cluster create 40 GN7', { kind: 'cluster.create', count: 40, instanceType: 'ecs.gn7-c12g1.3xlarge' }],
    ['/gpu-cluster create 02 gn5', { kind: 'cluster.create', count: 2, instanceType: 'ecs.gn5-c4g1.xlarge' }],
    [
      '/gpu-cluster create 2 gn5 name=train-1 region=cn-hangzhou zone=cn-hangzhou-h',
      {
        kind: 'cluster.create',
        count: 2,
        instanceType: 'ecs.gn5-c4g1.xlarge',
        name: 'train-1',
        region: 'cn-hangzhou',
        zone: 'cn-hangzhou-h',
      },
    ],
    [
      '/gpu-cluster create ZONE=AP-Southeast-1A name=a 1 gn6v Region=ap-southeast-1',
      {
        kind: 'cluster.create',
        count: 1,
        instanceType: 'ecs.gn6v-c8g1.2xlarge',
        name: 'a',
        region: 'ap-southeast-1',
        zone: 'ap-southeast-1a',
      },
    ],
    ['/gpu-cluster list', { kind: 'cluster.list' }],
    ['/gpu-cluster status', { kind: 'cluster.status' }],
    ['/gpu-cluster status train-1', { kind: 'cluster.status', name: 'train-1' }],
    ['/gpu-cluster delete train-1', { kind: 'cluster.delete', name: 'train-1' }],
    ['/gpu-cluster help', { kind: 'cluster.help' }],
    ['/gpu-cluster', { kind: 'cluster.help' }],
    ['/gpu-cluster lang en', { kind: 'user.language', locale: 'en' }],
    ['/gpu-cluster lang zh', { kind: 'user.language', locale: 'zh-CN' }],
    ['/gpu-cluster lang zh-CN', { kind: 'user.language', locale: 'zh-CN' }],
    ['/gpu-cluster lang ZH-cn', { kind: 'user.language', locale: 'zh-CN' }],
    ['/gpu-cluster lang 中文', { kind: 'user.language', locale: 'zh-CN' }],
    ['/notebook start', { kind: 'notebook.start', gpus: 1 }],
    [
      '/notebook start cluster=train-1 gpus=2 image=tensorflow/tensorflow:1.4.1-gpu-py3 name=nb-1',
      { kind: 'notebook.start', cluster: 'train-1', gpus: 2, image: 'tensorflow/tensorflow:1.4.1-gpu-py3', name: 'nb-1' },
    ],
    ['/notebook start GPUS=8', { kind: 'notebook.start', gpus: 8 }],
    ['/notebook list', { kind: 'notebook.list' }],
    ['/notebook stop nb-1', { kind: 'notebook.stop', name: 'nb-1' }],
    ['/notebook password nb-1', { kind: 'notebook.password', name: 'nb-1' }],
    ['/notebook help', { kind: 'notebook.help' }],
    ['/notebook', { kind: 'notebook.help' }],
    ['/notebook lang en', { kind: 'user.language', locale: 'en' }],
  ];
  for (const [input, expected] of cases) {
    it(input, () => assert.deepEqual(parsed(input), expected));
  }
});

describe('parseCommand: help wherever it makes sense', () => {
  const cases: [string, Command['kind']][] = [
    ['/gpu-cluster HELP', 'cluster.help'],
    ['/gpu-cluster --help', 'cluster.help'],
    ['/gpu-cluster -h', 'cluster.help'],
    ['/gpu-cluster ?', 'cluster.help'],
    ['/gpu-cluster 帮助', 'cluster.help'],
    ['/gpu-cluster help create', 'cluster.help'],
    ['/gpu-cluster create help', 'cluster.help'],
    ['/gpu-cluster create 2 --help', 'cluster.help'],
    ['/gpu-cluster delete help', 'cluster.help'],
    ['/notebook start help', 'notebook.help'],
    ['/notebook stop -h', 'notebook.help'],
    ['/notebook help me please', 'notebook.help'],
  ];
  for (const [input, kind] of cases) {
    it(input, () => assert.equal(parsed(input).kind, kind));
  }
});

describe('parseCommand: slash, case and whitespace variants', () => {
  const expected: Command = { kind: 'cluster.create', count: 2, instanceType: 'ecs.gn5-c4g1.xlarge' };
  const variants = [
    'gpu-cluster create 2 gn5',
    '／gpu-cluster create 2 gn5',
    '/GPU-Cluster Create 2 gn5',
    '  /gpu-cluster   create 2 gn5  ',
    '/gpu-cluster\tcreate\t2\tgn5',
    '/gpu-cluster\u2005create\u20052\u2005gn5',
    '/gpu-cluster\u3000create\u30002\u3000gn5',
    '/gpu-cluster\u00a0create\u00a02\u00a0gn5',
    '/gpu-cluster\ncreate 2 gn5\r\n',
    '/ gpu-cluster create 2 gn5',
    '/gpu-cluster create ２ ｇｎ５',
    '\u200b/gpu-cluster create 2 gn5\ufeff',
  ];
  for (const input of variants) {
    it(JSON.stringify(input), () => assert.deepEqual(parsed(input), expected));
  }

  it('accepts the full-width equals sign from Chinese IMEs', () => {
    assert.deepEqual(parsed('/notebook start gpus＝2'), { kind: 'notebook.start', gpus: 2 });
  });

  it('keeps the case of values that are not normalized', () => {
    assert.deepEqual(
      parsed('/notebook start image=registry.cn-hangzhou.aliyuncs.com/Team-X:Latest'.replace('Team-X', 'team-x')),
      {
        kind: 'notebook.start',
        gpus: 1,
        image: 'registry.cn-hangzhou.aliyuncs.com/team-x:Latest',
      },
    );
  });

  it('honours the configured node limit', () => {
    const result = parseCommand('/gpu-cluster create 45 gn5', { maxNodesPerCluster: 48 });
    assert.ok(result.ok);
    assert.equal(parseCommand('/gpu-cluster create 2 gn5', { maxNodesPerCluster: 1 }).ok, false);
  });
});
