// The consumer runner on the real broker: a handler's `committed` callback (what extract's counts
// use) runs once per record whose transaction committed. A transaction that fails at its commit
// is aborted and its records are handled again; they must not be counted twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kafka, Producer, Transaction } from 'kafkajs';
import { ensureTopics } from '../../services/platform/admin.ts';
import { createConsumerRunner } from '../../services/platform/consumer.ts';
import { createProducer } from '../../services/platform/producer.ts';
import { dlqOf } from '../../services/platform/topics.ts';
import { testClients, uniqueName, waitFor } from '../helpers/stack.ts';

/** Makes the `failAt`-th transaction commit of `kafka`'s transactional producers fail once. */
function failOneCommit(kafka: Kafka, failAt: number): { commits: () => number } {
  let commits = 0;
  const makeProducer = kafka.producer.bind(kafka);
  (kafka as { producer: Kafka['producer'] }).producer = (config) => {
    const producer: Producer = makeProducer(config);
    if (!config?.transactionalId) return producer;
    const begin = producer.transaction.bind(producer);
    producer.transaction = async (): Promise<Transaction> => {
      const tx = await begin();
      const commit = tx.commit.bind(tx);
      tx.commit = async () => {
        if (++commits === failAt)
          throw Object.assign(new Error('injected commit failure'), { retriable: true });
        return commit();
      };
      return tx;
    };
    return producer;
  };
  return { commits: () => commits };
}

test("a handler's committed() runs once per record that committed, not for an aborted attempt", async () => {
  const { kafka, serde, logger } = await testClients('committed-counts-test');
  const input = uniqueName('counts-in');
  const output = uniqueName('counts-out');
  await ensureTopics(kafka, [
    { name: input, partitions: 1, retentionMs: 3600_000 },
    { name: dlqOf(input), partitions: 1, retentionMs: 3600_000 },
    { name: output, partitions: 1, retentionMs: 3600_000 },
  ]);
  await serde.register(input, 'article');
  await serde.register(dlqOf(input), 'dead-letter');
  await serde.register(output, 'article');
  const fixture = (await import('../fixtures/avro/article.json', { with: { type: 'json' } })).default;
  const ids = Array.from({ length: 30 }, (_, i) => `counted-${i}`);
  const injected = failOneCommit(kafka, 2);
  const producer = createProducer(kafka, serde, logger);
  await producer.connect();
  await producer.send(
    input,
    ids.map((id) => ({ key: id, value: { ...fixture, id } })),
  );

  let handled = 0;
  const counted = new Map<string, number>();
  const runner = createConsumerRunner<{ id: string }>({
    kafka,
    serde,
    producer,
    logger,
    service: 'test',
    groupId: uniqueName('counts'),
    topic: input,
    reader: 'article',
    flushEvery: 10,
    handler: async (value) => {
      handled++;
      return {
        produce: [{ topic: output, records: [{ key: value.id, value }] }],
        committed: () => counted.set(value.id, (counted.get(value.id) ?? 0) + 1),
      };
    },
  });
  await runner.start();
  try {
    await waitFor('every record committed', () => (counted.size === ids.length ? true : undefined), 60_000);
  } finally {
    await runner.stop();
    await producer.close();
  }
  assert.ok(injected.commits() >= 3, 'a commit failed and later ones went through');
  assert.ok(handled > ids.length, `the aborted transaction's records were handled again (${handled})`);
  assert.deepEqual(
    [...counted].filter(([, n]) => n !== 1),
    [],
    'each record counted once',
  );
});
