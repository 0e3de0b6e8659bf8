// The per-partition transactional producers of the consumer runner, on the real broker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { ensureTopics } from '../../services/platform/admin.ts';
import { createPartitionProducers } from '../../services/platform/partition-producers.ts';
import { testClients, uniqueName } from '../helpers/stack.ts';

let kafka: Kafka;
let admin: Admin;
let logger: Awaited<ReturnType<typeof testClients>>['logger'];

before(async () => {
  ({ kafka, logger } = await testClients('partition-producers-test'));
  admin = kafka.admin();
  await admin.connect();
});
after(async () => {
  await admin.disconnect();
});

test('commits offsets-only transactions back to back (eventless articles) without an abort', async () => {
  // The coordinator answers CONCURRENT_TRANSACTIONS to a transaction opened while the markers of
  // the one committed just before are being written; an offsets-only transaction opens with
  // AddOffsetsToTxn, which kafkajs does not retry.
  const topic = uniqueName('pp-input');
  await ensureTopics(kafka, [{ name: topic, partitions: 1, retentionMs: 3600_000 }]);
  const groupId = uniqueName('pp-group');
  const txs = createPartitionProducers({ kafka, admin, groupId, topic, logger });
  try {
    assert.equal(await txs.own(0), null);
    for (let offset = 1; offset <= 150; offset++) await txs.commit(0, [], String(offset));
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(committed?.partitions.find((p) => p.partition === 0)?.offset, '150');
  } finally {
    await txs.close();
  }
});
