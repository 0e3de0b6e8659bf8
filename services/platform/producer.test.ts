import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import { WithdrawnError } from './errors.ts';
import { silentLogger } from './logger.ts';
import { createProducer } from './producer.ts';
import type { Serde } from './serde.ts';

type Batch = { topicMessages: { topic: string; messages: { key: unknown; value: Buffer | null }[] }[] };

/** A kafkajs producer whose requests wait until the test acknowledges them (a slow broker). */
function slowBroker() {
  const requests: { batch: Batch; ack: () => void }[] = [];
  const client = {
    connect: async () => {},
    disconnect: async () => {},
    sendBatch: (batch: Batch) => new Promise<void>((ack) => requests.push({ batch, ack })),
  };
  const kafka = { producer: () => client } as unknown as Kafka;
  return { kafka, requests };
}

const serde = { encode: (_t: string, v: unknown) => Buffer.from(JSON.stringify(v)) } as unknown as Serde;
const tick = () => new Promise((ok) => setImmediate(ok));

describe('producer group commit', () => {
  it('takes back a write queued behind an unacknowledged one when its caller stops waiting', async () => {
    const { kafka, requests } = slowBroker();
    const producer = createProducer(kafka, serde, silentLogger());
    await producer.connect();
    const sent: string[] = [];
    const first = producer.send('t', [{ key: 'a', value: 1 }], { onSent: () => sent.push('a') });
    await tick();
    assert.equal(requests.length, 1, 'the first write is in flight');
    assert.deepEqual(sent, ['a']);

    const abandon = new AbortController();
    const second = producer.send('t', [{ key: 'b', value: 2 }], {
      signal: abandon.signal,
      onSent: () => sent.push('b'),
    });
    const third = producer.send('t', [{ key: 'c', value: 3 }], { onSent: () => sent.push('c') });
    await tick();
    abandon.abort();
    await assert.rejects(second, (err) => err instanceof WithdrawnError && (err as WithdrawnError).retriable);

    requests[0]!.ack();
    await first;
    await tick();
    assert.equal(requests.length, 2, 'the next request went out');
    const keys = requests[1]!.batch.topicMessages.flatMap((t) => t.messages.map((m) => m.key));
    assert.deepEqual(keys, ['c'], 'the withdrawn write is not in it');
    assert.deepEqual(sent, ['a', 'c']);
    requests[1]!.ack();
    await third;
  });

  it('does not take back a write already sent, and refuses one aborted before it was queued', async () => {
    const { kafka, requests } = slowBroker();
    const producer = createProducer(kafka, serde, silentLogger());
    await producer.connect();
    const abandon = new AbortController();
    let sent = false;
    const inFlight = producer.send('t', [{ key: 'a', value: 1 }], {
      signal: abandon.signal,
      onSent: () => (sent = true),
    });
    await tick();
    abandon.abort();
    assert.equal(sent, true);
    requests[0]!.ack();
    await inFlight; // Kafka's outcome, not withdrawn
    await assert.rejects(
      producer.send('t', [{ key: 'b', value: 2 }], { signal: abandon.signal }),
      WithdrawnError,
    );
    assert.equal(requests.length, 1);
  });
});
