import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCommandText, extractCommandText } from '../../../src/chat/dingtalk/extract-command-text.js';
import { computeBackoff } from '../../../src/chat/dingtalk/compute-backoff.js';
import { parseRobotMessage, type RobotMessage } from '../../../src/chat/dingtalk/parse-robot-message.js';

describe('cleanCommandText', () => {
  const cases: [string, string][] = [
    [' /gpu-cluster create 2 gn5', '/gpu-cluster create 2 gn5'],
    ['@gpubot\u2005/gpu-cluster create 2 gn5', '/gpu-cluster create 2 gn5'],
    ['@gpubot /notebook   start ', '/notebook start'],
    ['／gpu-cluster list', '/gpu-cluster list'],
    ['gpu-cluster status', '/gpu-cluster status'],
    ['Notebook start', '/Notebook start'],
    ['/ gpu-cluster help', '/gpu-cluster help'],
    ['\u3000/gpu-cluster\u3000list', '/gpu-cluster list'],
    ['hello @gpubot', 'hello'],
    ['@gpubot', ''],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(cleanCommandText(input), expected));
  }
});

describe('extractCommandText', () => {
  const base = { msgId: 'm', conversationId: 'c', conversationType: '2' } as const;
  it('reads rich text and ignores pictures inside it', () => {
    const message: RobotMessage = {
      ...base,
      msgtype: 'richText',
      content: { richText: [{ text: 'gpu-cluster list' }, { type: 'picture', downloadCode: 'x' }] },
    };
    assert.equal(extractCommandText(message), '/gpu-cluster list');
  });
  it('has nothing to run for pictures, voice, or a bare @mention', () => {
    assert.equal(extractCommandText({ ...base, msgtype: 'picture', content: { downloadCode: 'x' } }), undefined);
    assert.equal(extractCommandText({ ...base, msgtype: 'audio', content: { recognition: '创建集群' } }), undefined);
    assert.equal(extractCommandText({ ...base, msgtype: 'richText', content: { richText: [{ type: 'picture' }] } }), undefined);
    assert.equal(extractCommandText({ ...base, msgtype: 'text', text: { content: ' ' } }), undefined);
  });
});

describe('parseRobotMessage', () => {
  it('rejects frames that are not robot messages', () => {
    assert.equal(parseRobotMessage('not json'), undefined);
    assert.equal(parseRobotMessage('{"msgId":"x"}'), undefined);
  });
});

describe('computeBackoff', () => {
  it('grows exponentially up to the cap, with half of each step random', () => {
    const options = { baseMs: 1000, maxMs: 60_000 };
    assert.equal(
      computeBackoff(0, options, () => 0),
      500,
    );
    assert.equal(
      computeBackoff(0, options, () => 1),
      1000,
    );
    assert.equal(
      computeBackoff(3, options, () => 0),
      4000,
    );
    assert.equal(
      computeBackoff(20, options, () => 1),
      60_000,
    );
    assert.equal(
      computeBackoff(20, options, () => 0),
      30_000,
    );
  });
});
