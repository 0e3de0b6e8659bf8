// The platform module against the real broker and registry; also the proof that kafkajs 2.2.4
// works with the Kafka 4.x broker the launcher runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
// kafkajs' read_committed filter is replaced before kafkajs loads (see that module).
import '../../services/platform/kafkajs-read-committed.ts';
import kafkajs, { type Kafka } from 'kafkajs';
import { consumerLag, ensureTopics } from '../../services/platform/admin.ts';
import { createConsumerRunner, type ConsumerRunnerOptions } from '../../services/platform/consumer.ts';
import { UnavailableError, ValidationError } from '../../services/platform/errors.ts';
import {
  createProducer,
  createTransactionalProducer,
  type EventProducer,
} from '../../services/platform/producer.ts';
import type { Serde } from '../../services/platform/serde.ts';
import { groupConsumerSettings } from '../../services/platform/kafka.ts';
import { dlqOf, subjectOf } from '../../services/platform/topics.ts';
import { topicWatermarks } from '../../services/platform/topic-reader.ts';
import type { Logger } from '../../services/platform/logger.ts';
import { testClients, uniqueName, waitFor } from '../helpers/stack.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/avro/article.json', import.meta.url), 'utf8'));
const article = (id: string) => ({ ...fixture, id });

let kafka: Kafka;
let serde: Serde;
let logger: Logger;
let producer: EventProducer;
let registryUrl: string;

before(async () => {
  const c = await testClients('platform-test');
  ({ kafka, serde, logger } = c);
  registryUrl = c.stack.schemaRegistryUrl;
  producer = createProducer(kafka, serde, logger);
  await producer.connect();
});

after(async () => {
  await producer.close();
});

/** A consumer runner on this file's clients; each test gives its topic, group and handler. */
function testRunner(
  opts: Omit<ConsumerRunnerOptions<typeof fixture>, 'kafka' | 'serde' | 'producer' | 'logger' | 'service'>,
) {
  return createConsumerRunner<typeof fixture>({ kafka, serde, producer, logger, service: 'test', ...opts });
}

/**
 * An article runner with two attempts per message that records the ids it handled; `fail` runs
 * first and may throw to fail the attempt.
 */
function recordingRunner(topic: string, groupId: string, retryBackoffMs: number, fail: (id: string) => void) {
  const seen: string[] = [];
  const runner = testRunner({
    groupId,
    topic,
    reader: 'article',
    maxAttempts: 2,
    retryBackoffMs,
    handler: async (value) => {
      fail(value.id);
      seen.push(value.id);
    },
  });
  /** Waits until as many ids as `ids` were handled, then checks they are `ids`, in order. */
  const handled = async (what: string, ids: string[], message?: string) => {
    await waitFor(what, () => (seen.length >= ids.length ? true : undefined));
    assert.deepEqual(seen, ids, message);
  };
  return { runner, handled };
}

async function freshTopic(base: string, partitions = 1): Promise<string> {
  const topic = uniqueName(base);
  await ensureTopics(kafka, [
    { name: topic, partitions, retentionMs: 3600_000 },
    { name: dlqOf(topic), partitions: 1, retentionMs: 3600_000 },
  ]);
  await serde.register(topic, 'article');
  await serde.register(dlqOf(topic), 'dead-letter');
  return topic;
}

/** Reads every message of a topic from the beginning with a throwaway consumer. */
async function readAll(topic: string, count: number, opts: { readUncommitted?: boolean } = {}) {
  const consumer = kafka.consumer({
    groupId: uniqueName('reader'),
    readUncommitted: opts.readUncommitted ?? false,
    maxWaitTimeInMs: 100,
  });
  const got: { key: string | null; value: Buffer | null; partition: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) =>
      void got.push({ key: message.key?.toString() ?? null, value: message.value, partition }),
  });
  try {
    await waitFor(`${count} messages on ${topic}`, () => (got.length >= count ? true : undefined));
    // a little longer, so that surplus messages (duplicates, aborted writes) would show up
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await consumer.disconnect();
  }
  return got;
}

test('Avro round trip through a topic with a registry-assigned schema id', async () => {
  const topic = await freshTopic('roundtrip');
  const id = serde.schemaIdOf(topic)!;
  assert.ok(Number.isInteger(id) && id > 0, `registry gave an id (${id})`);
  // the registry knows the subject under the Confluent naming strategy
  const res = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subjectOf(topic))}/versions/latest`);
  assert.equal(res.status, 200);
  const latest = (await res.json()) as { id: number };
  assert.equal(latest.id, id);

  await producer.send(topic, [{ key: 'a1', value: article('a1') }]);
  const [msg] = await readAll(topic, 1);
  assert.equal(msg!.value![0], 0, 'magic byte 0');
  assert.equal(msg!.value!.readInt32BE(1), id, 'schema id in the framing');
  const decoded = (await serde.decode(msg!.value, 'article')) as typeof fixture;
  assert.deepEqual({ ...decoded }, article('a1'));
});

test("values small and large (past the encoder's scratch buffer) encode back to back and decode whole", async () => {
  const topic = await freshTopic('sizes');
  const sizes = [10, 5_000, 200_000, 10, 70_000];
  const values = sizes.map((n, i) => ({ ...article(`s${i}`), text: `é${'x'.repeat(n)}` }));
  const frames = values.map((v) => serde.encode(topic, v));
  for (let i = 0; i < values.length; i++) {
    const decoded = (await serde.decode(frames[i]!, 'article')) as typeof fixture;
    assert.equal(decoded.text, values[i]!.text, `value ${i} (${sizes[i]} chars)`);
    assert.equal(frames[i]!.readInt32BE(1), serde.schemaIdOf(topic));
  }
});

test('an enriched event that reuses the consumed CodedEvent bytes is byte for byte the plainly encoded one', async () => {
  const coded = uniqueName('coded');
  const enriched = uniqueName('enriched');
  await serde.register(coded, 'coded-event');
  await serde.register(enriched, 'enriched-event');
  const value = JSON.parse(
    readFileSync(new URL('../fixtures/avro/enriched-event.json', import.meta.url), 'utf8'),
  ) as { event: unknown };
  const consumed = serde.encode(coded, value.event);
  const first = { schemaId: consumed.readInt32BE(1), body: consumed.subarray(5) };
  const spliced = serde.encodeAfterFirst(enriched, first, value);
  assert.deepEqual(spliced, serde.encode(enriched, value));
  assert.deepEqual(
    await serde.decode(spliced, 'enriched-event'),
    await serde.decode(serde.encode(enriched, value), 'enriched-event'),
  );
  // bytes written with another schema (here: the article's id) are not reused: encoded as usual
  const topic = await freshTopic('not-coded');
  const other = { schemaId: serde.schemaIdOf(topic)!, body: Buffer.from('not a coded event') };
  assert.deepEqual(serde.encodeAfterFirst(enriched, other, value), serde.encode(enriched, value));
});

test('encoding a value that does not match the schema names the bad field', async () => {
  const topic = await freshTopic('invalid');
  assert.throws(
    () => serde.encode(topic, { ...article('x'), text: 42 }),
    (err: Error) => err instanceof ValidationError && /text/.test(err.message),
  );
});

test('a poison message goes to the dead-letter topic with its reason while the consumer goes on', async () => {
  const topic = await freshTopic('poison');
  const groupId = uniqueName('g');
  const { runner, handled } = recordingRunner(topic, groupId, 10, (id) => {
    if (id === 'reject-me') throw new ValidationError('article text is empty');
  });
  await producer.send(topic, [{ key: 'ok1', value: article('ok1') }]);
  await producer.sendRaw(topic, [{ key: 'junk', value: Buffer.from('this is not avro') }]);
  await producer.send(topic, [
    { key: 'r', value: article('reject-me') },
    { key: 'ok2', value: article('ok2') },
  ]);
  await runner.start();
  try {
    await handled('both good messages handled', ['ok1', 'ok2']);
    const dead = await readAll(dlqOf(topic), 2);
    const letters = await Promise.all(
      dead.map((d) => serde.decode(d.value, 'dead-letter') as Promise<Record<string, unknown>>),
    );
    const junk = letters.find((l) => l.errorType === 'DecodeError')!;
    assert.ok(junk, 'the undecodable message was dead-lettered');
    assert.match(String(junk.errorMessage), /magic byte/);
    assert.equal(
      Buffer.from(junk.originalValue as Buffer).toString(),
      'this is not avro',
      'original bytes kept',
    );
    assert.equal(junk.originalTopic, topic);
    assert.equal(junk.originalOffset, 1);
    const rejected = letters.find((l) => l.errorType === 'ValidationError')!;
    assert.equal(rejected.errorMessage, 'article text is empty');
    assert.equal(rejected.originalOffset, 2);
    // handled and dead-lettered messages alike are committed: a restart does not replay them
    const lag = await waitFor('offsets committed', async () => {
      const l = await consumerLag(kafka, groupId, topic);
      return l.every((p) => p.committed === 4) ? l : undefined;
    });
    assert.deepEqual(
      lag.map((p) => p.lag),
      [0],
    );
  } finally {
    await runner.stop();
  }
});

test('two consumers in one group share the partitions and rebalance when one leaves', async () => {
  const topic = await freshTopic('group', 4);
  const groupId = uniqueName('shared');
  const byMember: Record<string, Set<number>> = { a: new Set(), b: new Set() };
  const counts: Record<string, number> = { a: 0, b: 0 };
  const assigned: Record<string, number[]> = { a: [], b: [] };
  const make = (name: 'a' | 'b') =>
    testRunner({
      groupId,
      topic,
      reader: 'article',
      onAssignment: (partitions) => (assigned[name] = partitions),
      handler: async (_v, ctx) => {
        byMember[name]!.add(ctx.partition);
        counts[name]!++;
      },
    });
  const a = make('a');
  const b = make('b');
  await a.start();
  await b.start();
  const batch = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ key: `${tag}-${i}`, value: article(`${tag}-${i}`) }));
  // produce only once the group is stable: both members hold partitions, all four between them
  await waitFor('both members assigned', () =>
    assigned.a!.length > 0 && assigned.b!.length > 0 && assigned.a!.length + assigned.b!.length === 4
      ? true
      : undefined,
  );
  await producer.send(topic, batch(80, 'first'));
  await waitFor('80 messages consumed by the group', () => (counts.a! + counts.b! >= 80 ? true : undefined));
  assert.equal(counts.a! + counts.b!, 80, 'each message consumed once');
  assert.ok(
    byMember.a!.size > 0 && byMember.b!.size > 0,
    `both members got partitions (a: ${[...byMember.a!]}, b: ${[...byMember.b!]})`,
  );
  const overlap = [...byMember.a!].filter((p) => byMember.b!.has(p));
  assert.deepEqual(overlap, [], 'no partition was read by both');

  await b.stop();
  const before = counts.a!;
  await producer.send(topic, batch(40, 'second'));
  await waitFor(
    'the remaining member takes every partition',
    () => (counts.a! - before >= 40 ? true : undefined),
    60000,
  );
  assert.equal(byMember.a!.size, 4, 'after the rebalance one member reads all four partitions');
  await a.stop();
});

test('a dependency that is down pauses the consumer on the message instead of dead-lettering it', async () => {
  const topic = await freshTopic('pause');
  let failuresLeft = 6; // more than maxAttempts: a plain retriable error would be dead-lettered by now
  const { runner, handled } = recordingRunner(topic, uniqueName('g'), 5, () => {
    if (failuresLeft-- > 0) throw new UnavailableError('Redis is not answering');
  });
  await producer.send(topic, [
    { key: 'a', value: article('first') },
    { key: 'b', value: article('second') },
  ]);
  await runner.start();
  try {
    await handled('both handled once the dependency is back', ['first', 'second'], 'in order, none skipped');
    const [marks] = await topicWatermarks(kafka, [dlqOf(topic)]);
    assert.equal(
      marks!.partitions.reduce((n, p) => n + p.high - p.low, 0),
      0,
      'nothing dead-lettered',
    );
  } finally {
    await runner.stop();
  }
});

test('messages handled side by side still come out in offset order', async () => {
  const topic = await freshTopic('side-by-side');
  const out = await freshTopic('side-by-side-out');
  const runner = testRunner({
    groupId: uniqueName('g'),
    topic,
    reader: 'article',
    handlerConcurrency: 8,
    handler: async (value) => {
      // later messages finish first
      await new Promise((r) => setTimeout(r, 40 - (Number(value.id.slice(1)) % 8) * 5));
      return { produce: [{ topic: out, records: [{ key: value.id, value }] }] };
    },
  });
  const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
  await producer.send(
    topic,
    ids.map((id) => ({ key: 'same-partition', value: article(id) })),
  );
  await runner.start();
  try {
    const got = await readAll(out, 40);
    assert.deepEqual(
      got.map((m) => m.key),
      ids,
    );
  } finally {
    await runner.stop();
  }
});

test('the producer tells since when a write has waited for its acknowledgement, and forgets it once acked', async () => {
  const topic = await freshTopic('inflight');
  assert.equal(producer.unacknowledgedSince(), undefined, 'no write in flight');
  const before = Date.now();
  const sent = producer.send(topic, [{ key: 'k', value: article('in-flight-1') }]);
  const since = producer.unacknowledgedSince();
  assert.ok(since !== undefined && since >= before, 'the write is in flight from its send');
  await sent;
  assert.equal(producer.unacknowledgedSince(), undefined, 'acknowledged: nothing waits');
});

test('after a write the broker refused, the next one goes through, once, under a new producer', async () => {
  const topic = await freshTopic('refused');
  const own = createProducer(kafka, serde, logger);
  await own.connect();
  try {
    // larger than the topic's max.message.bytes (16 MB, ensureTopics): refused, nothing appended
    const huge = Buffer.alloc(17 * 1024 * 1024, 1);
    await assert.rejects(own.sendRaw(topic, [{ key: 'huge', value: huge }]), UnavailableError);
    await own.send(topic, [{ key: 'after', value: article('after-refusal') }]);
  } finally {
    await own.close();
  }
  const got = await readAll(topic, 1);
  assert.equal(got.length, 1);
  assert.equal(((await serde.decode(got[0]!.value, 'article')) as { id: string }).id, 'after-refusal');
});

test('the idempotent producer is accepted by the broker and writes each record once', async () => {
  const topic = await freshTopic('idem', 2);
  const records = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: article(`k${i}`) }));
  await Promise.all([producer.send(topic, records.slice(0, 100)), producer.send(topic, records.slice(100))]);
  const got = await readAll(topic, 200);
  assert.equal(got.length, 200);
  assert.equal(new Set(got.map((g) => g.key)).size, 200);
});

test('a committed transaction is visible to read_committed consumers and an aborted one is not', async () => {
  const topic = await freshTopic('tx');
  const tx = createTransactionalProducer(kafka, serde, uniqueName('txid'));
  await tx.connect();
  try {
    await tx.inTransaction(async (send) => {
      await send(topic, [
        { key: 'c1', value: article('committed-1') },
        { key: 'c2', value: article('committed-2') },
      ]);
    });
    await assert.rejects(
      tx.inTransaction(async (send) => {
        await send(topic, [{ key: 'a1', value: article('aborted-1') }]);
        throw new Error('change of mind');
      }),
      /change of mind/,
    );
    await tx.inTransaction(async (send) => send(topic, [{ key: 'c3', value: article('committed-3') }]));
  } finally {
    await tx.close();
  }
  const committed = await readAll(topic, 3);
  const ids = await Promise.all(
    committed.map(async (m) => ((await serde.decode(m.value, 'article')) as { id: string }).id),
  );
  assert.deepEqual(ids.sort(), ['committed-1', 'committed-2', 'committed-3']);
  const uncommitted = await readAll(topic, 4, { readUncommitted: true });
  assert.equal(uncommitted.length, 4, 'read_uncommitted also sees the aborted record');
});

test('group members ask for the shortest session the broker allows, down to 3 s, and are let in', async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers } = await admin.describeCluster();
    const { resources } = await admin.describeConfigs({
      resources: brokers.map((b) => ({
        type: kafkajs.ConfigResourceTypes.BROKER,
        name: String(b.nodeId),
        configNames: ['group.min.session.timeout.ms'],
      })),
      includeSynonyms: false,
    });
    const brokerMin = Math.max(...resources.map((r) => Number(r.configEntries[0]!.configValue)));
    const settings = await groupConsumerSettings(admin);
    assert.equal(settings.sessionTimeout, Math.max(3000, brokerMin));
    assert.ok(settings.heartbeatInterval * 3 <= settings.sessionTimeout);
    // the broker takes a member with these settings: it joins and is given the partition
    const topic = await freshTopic('session');
    const consumer = kafka.consumer({ ...settings, groupId: uniqueName('session') });
    let assigned = 0;
    consumer.on(
      consumer.events.GROUP_JOIN,
      (e) => (assigned = e.payload.memberAssignment[topic]?.length ?? 0),
    );
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => {} });
      await waitFor('the member to join', () => (assigned > 0 ? true : undefined));
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.disconnect();
  }
});
