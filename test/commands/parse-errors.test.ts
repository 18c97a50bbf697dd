import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand } from '../../src/commands/parse-command.js';
import type { Params, Text } from '../../src/i18n/text.js';
import { translate } from '../../src/i18n/translate.js';

const options = { maxNodesPerCluster: 40 };

interface Case {
  readonly input: string;
  readonly key: string;
  readonly params?: Params;
  /** Expected usage params: `{}` for the overview, `{topic}` for a command, `{topic, sub}` for a sub-command. */
  readonly usage?: Params;
}

const CREATE = { topic: 'cluster', sub: 'create' };
const START = { topic: 'notebook', sub: 'start' };

const cases: Case[] = [
  // input as a whole
  { input: '', key: 'cmd.error.empty', usage: {} },
  { input: '   \t\u3000 ', key: 'cmd.error.empty', usage: {} },
  { input: '/', key: 'cmd.error.empty', usage: {} },
  {
    input: `/gpu-cluster create 2 gn5 name=${'a'.repeat(480)}`,
    key: 'cmd.error.tooLong',
    params: { length: 511, max: 500 },
    usage: {},
  },
  { input: '/gpu-cluster \u0000list', key: 'cmd.error.controlChar', params: { codePoint: 'U+0000', position: 14 } },
  { input: '/gpu-cluster list\u001b[31m', key: 'cmd.error.controlChar', params: { codePoint: 'U+001B', position: 18 } },
  { input: '/gpu-cluster li\u202Est', key: 'cmd.error.controlChar', params: { codePoint: 'U+202E' } },
  { input: '/gpu-cluster list \u0085', key: 'cmd.error.controlChar', params: { codePoint: 'U+0085' } },
  { input: '/gpu-cluster list \ud800', key: 'cmd.error.controlChar', params: { codePoint: 'U+D800' } },
  { input: '/gpu-cluster \ufffd', key: 'cmd.error.controlChar', params: { codePoint: 'U+FFFD' } },
  // command word
  {
    input: '/gpu-clutser list',
    key: 'cmd.error.unknownCommand',
    params: { word: 'gpu-clutser', suggestion: 'gpu-cluster' },
    usage: {},
  },
  { input: '/cluster list', key: 'cmd.error.unknownCommand', params: { suggestion: 'gpu-cluster' } },
  { input: '/jupyter start', key: 'cmd.error.unknownCommand', params: { suggestion: 'notebook' } },
  { input: '/kubectl get pods', key: 'cmd.error.unknownCommand', params: { word: 'kubectl', suggestion: undefined } },
  { input: '//gpu-cluster list', key: 'cmd.error.unknownCommand', params: { suggestion: 'gpu-cluster' } },
  // sub-command
  {
    input: '/gpu-cluster crate 2 gn5',
    key: 'cmd.error.unknownSubcommand',
    params: { word: 'crate', suggestion: 'create' },
    usage: { topic: 'cluster' },
  },
  { input: '/gpu-cluster remove x', key: 'cmd.error.unknownSubcommand', params: { suggestion: undefined } },
  { input: '/notebook strat', key: 'cmd.error.unknownSubcommand', params: { suggestion: 'start' }, usage: { topic: 'notebook' } },
  { input: '/notebook passwd nb', key: 'cmd.error.unknownSubcommand', params: { suggestion: 'password' } },
  // missing arguments
  { input: '/gpu-cluster create', key: 'cmd.error.missingArgument', params: { arg: 'count' }, usage: CREATE },
  { input: '/gpu-cluster create 2', key: 'cmd.error.missingArgument', params: { arg: 'familyOrType' }, usage: CREATE },
  { input: '/gpu-cluster create gn5', key: 'cmd.error.missingCount', params: { worker: 'gn5' }, usage: CREATE },
  { input: '/gpu-cluster create gn5 2', key: 'cmd.error.swappedArguments', params: { count: '2', worker: 'gn5' } },
  { input: '/gpu-cluster delete', key: 'cmd.error.missingArgument', params: { sub: 'delete', arg: 'clusterName' } },
  { input: '/gpu-cluster lang', key: 'cmd.error.missingArgument', params: { arg: 'language' } },
  { input: '/notebook stop', key: 'cmd.error.missingArgument', params: { sub: 'stop', arg: 'notebookName' } },
  { input: '/notebook password', key: 'cmd.error.missingArgument', params: { sub: 'password' } },
  // extra words
  {
    input: '/gpu-cluster list all',
    key: 'cmd.error.extraWords',
    params: { words: 'all', hintKey: undefined },
    usage: { topic: 'cluster', sub: 'list' },
  },
  {
    input: '/gpu-cluster create 2 gn5 demo',
    key: 'cmd.error.extraWords',
    params: { words: 'demo', hintKey: 'name', hintValue: 'demo' },
  },
  { input: '/gpu-cluster delete a b', key: 'cmd.error.extraWords', params: { words: 'b' } },
  { input: '/notebook start demo', key: 'cmd.error.extraWords', params: { hintKey: 'cluster', hintValue: 'demo' } },
  // key=value shape
  { input: '/gpu-cluster create 2 gn5 name=', key: 'cmd.error.optionNoValue', params: { key: 'name' } },
  { input: '/gpu-cluster create 2 gn5 =x', key: 'cmd.error.optionNoKey', params: { word: '=x' } },
  { input: '/gpu-cluster create 2 gn5 name = x', key: 'cmd.error.optionNoKey', params: { word: '=' } },
  { input: '/gpu-cluster create 2 gn5 a=b=c', key: 'cmd.error.optionManyEquals', params: { word: 'a=b=c' } },
  { input: '/gpu-cluster create 2 gn5 name=a name=b', key: 'cmd.error.duplicateOption', params: { key: 'name' } },
  { input: '/gpu-cluster create 2 gn5 name=a NAME=b', key: 'cmd.error.duplicateOption', params: { key: 'name' } },
  {
    input: '/gpu-cluster create 2 gn5 nmae=a',
    key: 'cmd.error.unknownOption',
    params: { key: 'nmae', suggestion: 'name', keys: 'name,region,zone,ttl' },
  },
  { input: '/gpu-cluster create 2 gn5 gpus=2', key: 'cmd.error.unknownOption', params: { key: 'gpus', suggestion: undefined } },
  { input: '/notebook start gpu=2', key: 'cmd.error.unknownOption', params: { suggestion: 'gpus' }, usage: START },
  { input: '/gpu-cluster list all=1', key: 'cmd.error.noOptions', params: { sub: 'list', key: 'all' } },
  // count
  { input: '/gpu-cluster create two gn5', key: 'cmd.error.countNotNumber', params: { value: 'two', max: 40 } },
  { input: '/gpu-cluster create +2 gn5', key: 'cmd.error.countNotNumber', params: { value: '+2' } },
  { input: '/gpu-cluster create -1 gn5', key: 'cmd.error.countNotNumber', params: { value: '-1' } },
  { input: '/gpu-cluster create 2.0 gn5', key: 'cmd.error.countNotNumber', params: { value: '2.0' } },
  { input: '/gpu-cluster create 1e1 gn5', key: 'cmd.error.countNotNumber', params: { value: '1e1' } },
  { input: '/gpu-cluster create 0x2 gn5', key: 'cmd.error.countNotNumber' },
  { input: '/gpu-cluster create 0 gn5', key: 'cmd.error.countTooSmall', params: { max: 40 } },
  { input: '/gpu-cluster create 000 gn5', key: 'cmd.error.countTooSmall' },
  { input: '/gpu-cluster create 41 gn5', key: 'cmd.error.countAboveLimit', params: { count: '41', max: 40 } },
  {
    input: '/gpu-cluster create 99999999999999999999999 gn5',
    key: 'cmd.error.countAboveLimit',
    params: { count: '99999999999999999999999' },
  },
  // worker type
  { input: '/gpu-cluster create 2 gn55', key: 'cmd.error.unknownWorkerType', params: { token: 'gn55', suggestions: 'gn5,gn5i' } },
  { input: '/gpu-cluster create 2 t4', key: 'cmd.error.unknownWorkerType', params: { suggestions: 'gn6i' } },
  { input: '/gpu-cluster create 2 ecs.g6.large', key: 'cmd.error.unknownWorkerType', params: { suggestions: undefined } },
  {
    input: '/gpu-cluster create 2 ecs.gn5i-c2g1.large',
    key: 'cmd.error.workerTooSmall',
    params: { vcpu: 2, memory: 8, alternative: 'ecs.gn5i-c4g1.xlarge' },
  },
  { input: '/gpu-cluster create 2 vgn6i', key: 'cmd.error.vgpuFamily', params: { token: 'vgn6i' } },
  // names
  {
    input: '/gpu-cluster create 2 gn5 name=Demo',
    key: 'cmd.error.invalidName',
    params: { kind: 'cluster', problem: 'uppercase', suggestion: 'demo' },
  },
  { input: '/gpu-cluster create 2 gn5 name=1demo', key: 'cmd.error.invalidName', params: { problem: 'start' } },
  { input: '/gpu-cluster create 2 gn5 name=demo-', key: 'cmd.error.invalidName', params: { problem: 'end', suggestion: 'demo' } },
  {
    input: '/gpu-cluster create 2 gn5 name=my_gpu',
    key: 'cmd.error.invalidName',
    params: { problem: 'char', char: '_', suggestion: 'my-gpu' },
  },
  {
    input: '/gpu-cluster create 2 gn5 name=集群',
    key: 'cmd.error.invalidName',
    params: { problem: 'char', char: '集', suggestion: undefined },
  },
  {
    input: `/gpu-cluster create 2 gn5 name=${'a'.repeat(64)}`,
    key: 'cmd.error.invalidName',
    params: { problem: 'too-long', length: 64, max: 63 },
  },
  { input: '/gpu-cluster create 2 gn5 name=help', key: 'cmd.error.invalidName', params: { problem: 'reserved' } },
  { input: '/gpu-cluster delete Demo', key: 'cmd.error.invalidName', params: { kind: 'cluster', problem: 'uppercase' } },
  { input: '/gpu-cluster status -x', key: 'cmd.error.invalidName', params: { problem: 'start' } },
  {
    input: `/notebook stop ${'n'.repeat(41)}`,
    key: 'cmd.error.invalidName',
    params: { kind: 'notebook', problem: 'too-long', max: 40 },
  },
  { input: '/notebook password nb.1', key: 'cmd.error.invalidName', params: { kind: 'notebook', problem: 'char', char: '.' } },
  { input: '/notebook start cluster=Bad_Name', key: 'cmd.error.invalidName', params: { kind: 'cluster' } },
  { input: '/notebook start name=NB', key: 'cmd.error.invalidName', params: { kind: 'notebook', problem: 'uppercase' } },
  // region / zone
  { input: '/gpu-cluster create 2 gn5 region=hangzhou', key: 'cmd.error.invalidRegion', params: { value: 'hangzhou' } },
  { input: '/gpu-cluster create 2 gn5 region=cn_hangzhou', key: 'cmd.error.invalidRegion' },
  { input: '/gpu-cluster create 2 gn5 zone=cn-hangzhou', key: 'cmd.error.invalidZone', params: { value: 'cn-hangzhou' } },
  { input: '/gpu-cluster create 2 gn5 zone=h', key: 'cmd.error.invalidZone' },
  {
    input: '/gpu-cluster create 2 gn5 region=cn-beijing zone=cn-hangzhou-h',
    key: 'cmd.error.zoneNotInRegion',
    params: { zone: 'cn-hangzhou-h', region: 'cn-beijing' },
  },
  // notebook values
  { input: '/notebook start gpus=0', key: 'cmd.error.invalidGpus', params: { value: '0', max: 8 } },
  { input: '/notebook start gpus=9', key: 'cmd.error.invalidGpus', params: { value: '9' } },
  { input: '/notebook start gpus=1.5', key: 'cmd.error.invalidGpus' },
  { input: '/notebook start gpus=all', key: 'cmd.error.invalidGpus' },
  { input: '/notebook start image=Tensorflow/tensorflow', key: 'cmd.error.invalidImage', params: { problem: 'uppercase' } },
  { input: '/notebook start image=tensorflow/tensorflow:', key: 'cmd.error.invalidImage', params: { problem: 'tag' } },
  { input: '/notebook start image=ubuntu@sha256:abc', key: 'cmd.error.invalidImage', params: { problem: 'digest' } },
  { input: '/notebook start image=a//b', key: 'cmd.error.invalidImage', params: { problem: 'format' } },
  {
    input: '/gpu-cluster lang fr',
    key: 'cmd.error.invalidLanguage',
    params: { value: 'fr' },
    usage: { topic: 'cluster', sub: 'lang' },
  },
];

function subset(actual: Params | undefined, expected: Params): void {
  for (const [key, value] of Object.entries(expected)) {
    assert.equal(actual?.[key], value, `param ${key}`);
  }
}

function renderBoth(message: Text): string[] {
  return [translate('en', message), translate('zh-CN', message)];
}

describe('parseCommand: bad input', () => {
  for (const c of cases) {
    it(`${JSON.stringify(c.input.length > 70 ? `${c.input.slice(0, 70)}…` : c.input)} -> ${c.key}`, () => {
      const result = parseCommand(c.input, options);
      if (result.ok) return assert.fail(`parsed as ${JSON.stringify(result.command)}`);
      assert.equal(result.error.key, c.key);
      if (c.params) subset(result.error.params, c.params);
      if (c.usage) {
        assert.equal(result.usage.key, Object.keys(c.usage).length === 0 ? 'cmd.usage.overview' : 'cmd.usage');
        assert.deepEqual(result.usage.params ?? {}, c.usage);
      }
      for (const rendered of [...renderBoth(result.error), ...renderBoth(result.usage)]) {
        assert.ok(rendered.length > 0);
        assert.doesNotMatch(rendered, /undefined|\[object|NaN/);
        // eslint-disable-next-line no-control-regex -- the point is that no control character is rendered
        assert.doesNotMatch(rendered, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\ufffd]/u);
      }
    });
  }
});

describe('parseCommand: echoed values are truncated', () => {
  it('cuts a long bad value and never echoes more than 40 characters of it', () => {
    const long = `x${'_'.repeat(300)}`;
    const result = parseCommand(`/gpu-cluster delete ${long}`, options);
    assert.ok(!result.ok);
    const value = String(result.error.params?.value);
    assert.equal([...value].length, 40);
    assert.ok(value.endsWith('…'));
  });

  it('replaces backticks so echoed values cannot break out of code spans', () => {
    const result = parseCommand('/gpu-cluster delete a`b', options);
    assert.ok(!result.ok);
    assert.equal(result.error.params?.value, "a'b");
  });
});
