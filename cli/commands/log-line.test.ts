import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLogLine } from './log-line.ts';

test('a pino line becomes one prefixed line with level, message and extra fields', () => {
  const line = JSON.stringify({
    level: 40,
    time: '2026-01-01T00:00:00Z',
    service: 'extract',
    msg: 'dead-lettered',
    topic: 'news.article.raw.v1',
    offset: '7',
  });
  assert.equal(
    formatLogLine('extract', line),
    '[extract] warn  dead-lettered  topic=news.article.raw.v1 offset=7\n',
  );
});

test('a line that is not JSON is shown as it is', () => {
  assert.equal(formatLogLine('kafka', 'plain text {'), '[kafka]   plain text {\n');
  assert.equal(formatLogLine('x', '{not json'), '[x]       {not json\n');
});
