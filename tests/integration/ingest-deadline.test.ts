// Ingest's answer deadline on the real stack: a request whose dedup claims Redis has not answered
// by then is answered 503 and withdrawn, so nothing of it reaches Kafka later and its retry is
// accepted, not told "duplicate". Redis is made slow for this ingest only, by holding the bytes
// of its connection in a relay (tests/helpers/tcp-pause.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../services/ingest/config.ts';
import type { ArticleRecord } from '../../services/ingest/ports.ts';
import { createIngestService, type IngestService } from '../../services/ingest/service.ts';
import { ensureTopics } from '../../services/platform/admin.ts';
import { topicNames, topicSpecs } from '../../services/platform/topics.ts';
import { testClients, testLogger, uniqueName, waitFor } from '../helpers/stack.ts';
import { pausableRelay, type PausableRelay } from '../helpers/tcp-pause.ts';

let service: IngestService;
let relay: PausableRelay;
let baseUrl: string;
const received: ArticleRecord[] = [];
let stopConsumer: () => Promise<void>;

before(async () => {
  const { stack, kafka, serde } = await testClients('ingest-deadline-test');
  const prefix = `${uniqueName('deadline')}.`;
  const topic = topicNames(prefix).articleRaw;
  await ensureTopics(
    kafka,
    topicSpecs(1, prefix).filter((s) => s.name === topic),
  );
  const redis = new URL(stack.redisUrl);
  relay = await pausableRelay(redis.hostname, Number(redis.port || 6379));
  redis.host = relay.address;
  service = createIngestService(
    loadConfig({
      KAFKA_BROKERS: stack.kafkaBrokers,
      SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
      REDIS_URL: redis.toString(),
      TOPIC_PREFIX: prefix,
      INGEST_REDIS_PREFIX: prefix,
      INGEST_QUEUE_PREFIX: prefix.replace(/\.$/, ''),
      INGEST_HTTP_HOST: '127.0.0.1',
      INGEST_HTTP_PORT: '0',
      INGEST_REQUEST_TIMEOUT_MS: '500',
      LOG_LEVEL: 'silent',
    }),
    { logger: testLogger() },
  );
  baseUrl = (await service.start()).url;
  const consumer = kafka.consumer({ groupId: uniqueName('deadline-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void received.push((await serde.decode(message.value, 'article')) as ArticleRecord),
  });
  stopConsumer = () => consumer.disconnect();
});

after(async () => {
  relay?.release();
  await stopConsumer?.();
  await service?.stop();
  await relay?.close();
});

const post = (body: unknown) =>
  fetch(`${baseUrl}/v1/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('ingest deadline', () => {
  it('withdraws a request Redis did not answer in time: 503, nothing published, the retry accepted', async () => {
    const article = {
      url: 'https://deadline.example/talks',
      text: 'Freedonia and Sylvania resumed border talks in Geneva on Monday after a month.',
    };
    relay.hold();
    const first = await post(article);
    assert.equal(first.status, 503);
    assert.ok(first.headers.get('retry-after'));
    const body = (await first.json()) as { details: { message: string }[] };
    assert.match(body.details[0]!.message, /nothing of this request was accepted/);

    // Redis answers the held claims now; the withdrawn request releases them instead of publishing.
    relay.release();
    // A careful client retries a 503 (its claims may take a moment to be released).
    const retry = await waitFor('an answer other than 503', async () => {
      const res = await post(article);
      return res.status === 503 ? undefined : res;
    });
    assert.equal(retry.status, 202, 'the retry is accepted, not told "duplicate"');
    const { id } = (await retry.json()) as { id: string };

    // A second article, published after both: once it is read, an earlier copy would be too.
    const marker = await post({
      text: 'Sylvania recalled its ambassador from Freedonia on Tuesday morning.',
    });
    assert.equal(marker.status, 202);
    const markerId = ((await marker.json()) as { id: string }).id;
    await waitFor('the marker on Kafka', () => received.find((a) => a.id === markerId));
    assert.equal(received.filter((a) => a.id === id).length, 1, 'one copy of the article on Kafka');
  });
});
