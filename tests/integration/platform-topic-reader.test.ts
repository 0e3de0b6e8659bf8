// Regression: a bounded read must get past kafkajs's first fetch (about 1 MB per partition);
// the reader used to fetch the same batch again and again without ever reaching the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureTopics } from '../../services/platform/admin.ts';
import { createProducer } from '../../services/platform/producer.ts';
import { readTopicToEnd } from '../../services/platform/topic-reader.ts';
import { testClients, testLogger, uniqueName } from '../helpers/stack.ts';

test('readTopicToEnd reads a partition holding several MB to its end, each message once', async () => {
  const { kafka, serde } = await testClients('reader-test');
  const topic = uniqueName('big');
  await ensureTopics(kafka, [{ name: topic, partitions: 1, retentionMs: 3600_000 }]);
  const producer = createProducer(kafka, serde, testLogger());
  await producer.connect();
  const body = Buffer.alloc(8 * 1024, 'x');
  const total = 400; // about 3.2 MB
  try {
    for (let i = 0; i < total; i += 100) {
      await producer.sendRaw(
        topic,
        Array.from({ length: 100 }, (_, k) => ({ key: String(i + k), value: body })),
      );
    }
  } finally {
    await producer.close();
  }
  const keys: string[] = [];
  const reader = await readTopicToEnd(kafka, {
    topic,
    start: 'earliest',
    onMessage: (m) => void keys.push(String(m.key)),
  });
  await reader.done;
  assert.equal(keys.length, total);
  assert.equal(new Set(keys).size, total);
  assert.equal(keys.at(-1), String(total - 1));
});
