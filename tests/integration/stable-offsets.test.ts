// The stable offset fetch (OffsetFetch v7, require_stable) on the real broker: an offset commit
// still pending in an open transaction is reported as unstable, never as the older offset.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { ensureTopics } from '../../services/platform/admin.ts';
import { UnavailableError } from '../../services/platform/errors.ts';
import { createStableOffsetReader, KafkaErrorCode } from '../../services/platform/stable-offsets.ts';
import { testClients, uniqueName } from '../helpers/stack.ts';

let kafka: Kafka;
let admin: Admin;
const reader = () => createStableOffsetReader(kafka);

before(async () => {
  ({ kafka } = await testClients('stable-offsets-test'));
  admin = kafka.admin();
  await admin.connect();
});
after(async () => {
  await admin.disconnect();
});

// Each transaction below has a producer of its own: one begun on the same transactional id right
// after a commit is refused (CONCURRENT_TRANSACTIONS) until the markers are written, and kafkajs
// does not retry that for sendOffsets (see partition-producers.ts).
function transactional(id: string): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId: id });
}

async function sendOffsets(producer: Producer, groupId: string, topic: string, offset: string) {
  const tx = await producer.transaction();
  await tx.sendOffsets({
    consumerGroupId: groupId,
    topics: [{ topic, partitions: [{ partition: 0, offset }] }],
  });
  return tx;
}

test('a pending transactional offset commit is unstable until its transaction commits', async () => {
  const topic = uniqueName('so-input');
  await ensureTopics(kafka, [{ name: topic, partitions: 2, retentionMs: 3600_000 }]);
  const groupId = uniqueName('so-group');
  const offsets = reader();
  const impatient = createStableOffsetReader(kafka, { retries: 2, initialDelayMs: 1 });
  const first = transactional(`${groupId}.first`);
  const second = transactional(`${groupId}.second`);
  try {
    await Promise.all([first.connect(), second.connect()]);
    await (await sendOffsets(first, groupId, topic, '5')).commit();
    assert.deepEqual(
      await offsets.fetch(groupId, topic, [0, 1]),
      new Map([
        [0, 5n],
        [1, null],
      ]),
    );

    const open = await sendOffsets(second, groupId, topic, '9');
    // The coordinator holds offset 9 as pending: partition 0 is unstable, partition 1 is not.
    const answer = await offsets.fetchOnce(groupId, topic, [0, 1]);
    assert.equal(answer.errorCode, KafkaErrorCode.NONE);
    const byPartition = new Map(answer.partitions.map((p) => [p.partition, p.errorCode]));
    assert.deepEqual(
      byPartition,
      new Map([
        [0, KafkaErrorCode.UNSTABLE_OFFSET_COMMIT],
        [1, KafkaErrorCode.NONE],
      ]),
    );
    // With its attempts spent while the transaction stays open, the fetch gives up, retriably.
    const waited: { errorCode: number; attempt: number }[] = [];
    await assert.rejects(
      impatient.fetch(groupId, topic, [0], (r) => waited.push(r)),
      (err) => {
        assert.ok(err instanceof UnavailableError, String(err));
        assert.match(err.message, /error code 88/);
        return true;
      },
    );
    assert.deepEqual(
      waited,
      [1, 2, 3].map((attempt) => ({ errorCode: KafkaErrorCode.UNSTABLE_OFFSET_COMMIT, attempt })),
    );
    // What kafkajs' own (non-stable) fetch answers meanwhile: the offset from before, which a new
    // owner of the partition would handle again if the transaction then commits.
    const [plain] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(plain?.partitions.find((p) => p.partition === 0)?.offset, '5');

    await open.commit();
    // Until the commit marker reaches __consumer_offsets the partition stays unstable (the fetch
    // waits); it never answers 5 again.
    assert.deepEqual(await offsets.fetch(groupId, topic, [0]), new Map([[0, 9n]]));
  } finally {
    await Promise.all([first.disconnect(), second.disconnect(), offsets.close(), impatient.close()]);
  }
});

test('an aborted transaction leaves the committed offset stable and unchanged', async () => {
  const topic = uniqueName('so-input');
  await ensureTopics(kafka, [{ name: topic, partitions: 1, retentionMs: 3600_000 }]);
  const groupId = uniqueName('so-group');
  const offsets = reader();
  const first = transactional(`${groupId}.first`);
  const second = transactional(`${groupId}.second`);
  try {
    await Promise.all([first.connect(), second.connect()]);
    await (await sendOffsets(first, groupId, topic, '3')).commit();
    await (await sendOffsets(second, groupId, topic, '7')).abort();
    assert.deepEqual(await offsets.fetch(groupId, topic, [0]), new Map([[0, 3n]]));
  } finally {
    await Promise.all([first.disconnect(), second.disconnect(), offsets.close()]);
  }
});

test('a group with no committed offset reads as null for every partition', async () => {
  const topic = uniqueName('so-input');
  await ensureTopics(kafka, [{ name: topic, partitions: 3, retentionMs: 3600_000 }]);
  const offsets = reader();
  try {
    const groupId = uniqueName('so-unknown-group');
    assert.deepEqual(
      await offsets.fetch(groupId, topic, [0, 1, 2]),
      new Map([
        [0, null],
        [1, null],
        [2, null],
      ]),
    );
    // and the raw answer says so with offset -1, without an error
    const answer = await offsets.fetchOnce(groupId, topic, [0, 1, 2]);
    assert.equal(answer.errorCode, KafkaErrorCode.NONE);
    assert.deepEqual(
      answer.partitions.map((p) => [p.partition, p.offset, p.errorCode]),
      [0, 1, 2].map((p) => [p, -1n, KafkaErrorCode.NONE]),
    );
  } finally {
    await offsets.close();
  }
});
