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
  const txs = createPartitionProducers({ kafka, groupId, topic, logger });
  try {
    assert.equal(await txs.own(0), null);
    for (let offset = 1; offset <= 150; offset++) await txs.commit(0, [], String(offset));
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(committed?.partitions.find((p) => p.partition === 0)?.offset, '150');
  } finally {
    await txs.close();
  }
});

test('own() fences the earlier holder before it reads the committed offset', async () => {
  // The earlier holder of the partition (a zombie, or the producer whose commit was in flight
  // when the broker died) has outputs and offset 9 in a transaction it has not committed yet.
  // Read before the fencing, the new owner's offset (5) goes stale the moment that transaction
  // completes, and the batch 5..8 is handled and written a second time.
  const topic = uniqueName('pp-input');
  const output = uniqueName('pp-output');
  await ensureTopics(kafka, [
    { name: topic, partitions: 1, retentionMs: 3600_000 },
    { name: output, partitions: 1, retentionMs: 3600_000 },
  ]);
  const groupId = uniqueName('pp-group');
  const earlier = createPartitionProducers({ kafka, groupId, topic, logger });
  const next = createPartitionProducers({ kafka, groupId, topic, logger });
  const zombie = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    transactionalId: `${groupId}.${topic}.0`,
    retry: { retries: 2 },
  });
  try {
    assert.equal(await earlier.own(0), null);
    await earlier.commit(0, [], '5');
    await earlier.close();
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: output, messages: [{ value: 'from the zombie' }] });
    await open.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic, partitions: [{ partition: 0, offset: '9' }] }],
    });

    const owned = await next.own(0);
    assert.equal(owned, 5n);
    // Fenced by own(): the zombie's transaction was aborted and its commit is refused, so the
    // offset own() returned is still the group's.
    await assert.rejects(open.commit());
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(committed?.partitions.find((p) => p.partition === 0)?.offset, String(owned));
  } finally {
    await Promise.all([next.close(), earlier.close(), zombie.disconnect()]);
  }
});
