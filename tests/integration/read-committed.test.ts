// read_committed through kafkajs on the real broker, with aborted transactions whose abort
// markers come in another order than their first offsets (what a broker restart does to the
// transactions it finds open): none of their records may be read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kafka, Producer } from 'kafkajs';
import { ensureTopics } from '../../services/platform/admin.ts';
import { IDEMPOTENT_PRODUCER } from '../../services/platform/kafka.ts';
import { readTopicToEnd } from '../../services/platform/topic-reader.ts';
import { testClients, uniqueName } from '../helpers/stack.ts';

let kafka: Kafka;
const producers: Producer[] = [];

before(async () => {
  ({ kafka } = await testClients('read-committed-test'));
});
after(async () => {
  for (const p of producers) await p.disconnect();
});

async function producer(transactionalId?: string): Promise<Producer> {
  const p = kafka.producer({ ...IDEMPOTENT_PRODUCER, ...(transactionalId ? { transactionalId } : {}) });
  await p.connect();
  producers.push(p);
  return p;
}

test('records of transactions aborted out of first-offset order are not read as committed', async () => {
  const topic = uniqueName('read-committed');
  await ensureTopics(kafka, [{ name: topic, partitions: 1, retentionMs: 3600_000 }]);
  const send = (tx: { send: Producer['send'] }, key: string) =>
    tx.send({ topic, messages: [{ key, value: key, partition: 0 }] });
  const first = await (await producer(uniqueName('tx-a'))).transaction();
  const second = await (await producer(uniqueName('tx-b'))).transaction();
  await send(first, 'aborted-a1'); // offset 0: the first transaction starts first
  await send(second, 'aborted-b1'); // offset 1
  await send(first, 'aborted-a2');
  await send(second, 'aborted-b2');
  // Aborted in the other order: the broker lists the second transaction (first offset 1) first.
  await second.abort();
  await first.abort();
  await send(await producer(), 'committed');

  const keys: string[] = [];
  const reader = await readTopicToEnd(kafka, {
    topic,
    start: 'earliest',
    groupPrefix: 'read-committed-test',
    onMessage: (m) => void keys.push(m.key?.toString() ?? ''),
  });
  await reader.done;
  assert.deepEqual(keys, ['committed']);
});
