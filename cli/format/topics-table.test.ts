import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicsReport, topicsTable } from './topics-table.ts';

test('messages are high minus low summed; lag per group; missing topics said so', () => {
  const report = topicsReport(
    [
      {
        topic: 'news.article.raw.v1',
        exists: true,
        partitions: [
          { partition: 0, low: 2, high: 10 },
          { partition: 1, low: 0, high: 5 },
        ],
      },
      { topic: 'news.article.raw.v1.dlq', exists: false, partitions: [] },
    ],
    [
      {
        groupId: 'newsflow-extract',
        topic: 'news.article.raw.v1',
        partitions: [
          { topic: 'news.article.raw.v1', partition: 0, committed: 7, high: 10, lag: 3 },
          { topic: 'news.article.raw.v1', partition: 1, committed: -1, high: 5, lag: 5 },
        ],
      },
    ],
  );
  const [raw, dlq] = report.topics;
  assert.equal(raw!.messages, 13);
  assert.equal(raw!.partitions, 2);
  assert.deepEqual(
    raw!.groups.map((g) => [g.groupId, g.lag, g.committed]),
    [['newsflow-extract', 8, true]],
  );
  assert.equal(dlq!.exists, false);
  const table = topicsTable(report).split('\n');
  assert.match(table[0]!, /^TOPIC\s+PARTITIONS\s+MESSAGES\s+CONSUMER LAG$/);
  assert.match(table[1]!, /^news\.article\.raw\.v1\s+2\s+13\s+newsflow-extract 8$/);
  assert.match(table[2]!, /^news\.article\.raw\.v1\.dlq\s+-\s+-\s+missing/);
});

test('a group that never committed is flagged', () => {
  const report = topicsReport(
    [{ topic: 't', exists: true, partitions: [{ partition: 0, low: 0, high: 4 }] }],
    [
      {
        groupId: 'g',
        topic: 't',
        partitions: [{ topic: 't', partition: 0, committed: -1, high: 4, lag: 4 }],
      },
    ],
  );
  assert.match(topicsTable(report), /g 4 \(no commits yet\)/);
});
