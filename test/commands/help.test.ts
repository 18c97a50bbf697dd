import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GRAMMAR, subcommandsOf, type Topic } from '../../src/commands/command-grammar.js';
import { helpText } from '../../src/commands/help.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { commandMessages } from '../../src/i18n/messages/commands.js';
import { LOCALES, text } from '../../src/i18n/text.js';
import { translate } from '../../src/i18n/translate.js';

const topics: Topic[] = ['cluster', 'notebook'];

describe('helpText', () => {
  for (const topic of topics) {
    for (const locale of LOCALES) {
      it(`${topic} renders in ${locale}`, () => {
        const lines = helpText(topic).map((line) => translate(locale, line));
        assert.ok(lines.length >= subcommandsOf(topic).length + 2);
        for (const line of lines) {
          assert.ok(line.trim().length > 0);
          assert.doesNotMatch(line, /undefined|\[object/);
        }
        const command = topic === 'cluster' ? '/gpu-cluster' : '/notebook';
        for (const spec of subcommandsOf(topic)) {
          assert.ok(
            lines.some((line) => line.startsWith(`\`${command} ${spec.word}`)),
            `${spec.word} is listed`,
          );
        }
      });
    }
  }

  it('writes the Chinese help in Chinese', () => {
    const zh = helpText('cluster')
      .map((line) => translate('zh-CN', line))
      .join('\n');
    assert.match(zh, /GPU 集群命令/);
    assert.match(zh, /<节点数> <机型族\|实例规格>/);
    assert.doesNotMatch(zh, /Create an ACK|Show this help/);
  });

  it('lists every family in the cluster help', () => {
    const en = helpText('cluster')
      .map((line) => translate('en', line))
      .join('\n');
    for (const family of ['gn5 (P100', 'gn5i (P4', 'gn6i (T4', 'gn6v (V100 16', 'gn6e (V100 32', 'gn7i (A10', 'gn7 (A100']) {
      assert.ok(en.includes(family), family);
    }
  });

  it('every documented example parses', () => {
    for (const topic of topics) {
      const en = translate('en', text('cmd.help.examples', { topic }));
      const examples = [...en.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
      assert.ok(examples.length >= 3);
      for (const example of examples) {
        const result = parseCommand(example, { maxNodesPerCluster: 40 });
        assert.ok(result.ok, `${example}: ${JSON.stringify(result)}`);
      }
    }
  });
});

describe('usage lines come from the grammar', () => {
  it('renders the create usage exactly', () => {
    assert.equal(
      translate('en', text('cmd.usage', { topic: 'cluster', sub: 'create' })),
      'Usage: `/gpu-cluster create <count> <family|instance-type> [name=<cluster-name>] [region=<region>] [zone=<zone>] [ttl=<duration>]`',
    );
    assert.equal(
      translate('zh-CN', text('cmd.usage', { topic: 'notebook', sub: 'stop' })),
      '用法：`/notebook stop <Notebook名称>`',
    );
  });

  it('every grammar option appears in its usage', () => {
    for (const spec of GRAMMAR) {
      const usage = translate('en', text('cmd.usage', { topic: spec.topic, sub: spec.word }));
      for (const option of spec.options) assert.ok(usage.includes(`[${option.key}=<`), `${spec.word} ${option.key}`);
    }
  });

  it('falls back to the sub-command list for an unknown sub', () => {
    const line = translate('en', text('cmd.usage', { topic: 'notebook', sub: 'gone' }));
    assert.match(line, /Sub-commands: start, list, stop, keep, delete, password, lang, help/);
  });
});

describe('message table', () => {
  it('has both languages for every cmd. key, and zh texts are not the English ones', () => {
    const sample = {
      topic: 'cluster',
      sub: 'create',
      command: 'gpu-cluster',
      key: 'k',
      word: 'w',
      value: 'v',
      max: 1,
      arg: 'count',
      problem: 'format',
      kind: 'cluster',
    };
    for (const [key, translation] of Object.entries(commandMessages)) {
      assert.ok(key.startsWith('cmd.'), key);
      const en = translation.en(sample);
      const zh = translation.zh(sample);
      assert.ok(en.length > 0 && zh.length > 0, key);
      assert.notEqual(en, zh, key);
      assert.match(zh, /[\u4e00-\u9fff]/, `${key} has Chinese text`);
    }
  });
});
