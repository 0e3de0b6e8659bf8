// The ingest service on the real stack: HTTP in, Avro on Kafka out (decoded through the registry),
// dedup in Redis; and `newsflow ingest` publishing files through the same path.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { run as ingestCli } from '../../cli/commands/ingest.ts';
import { loadConfig } from '../../services/ingest/config.ts';
import type { ArticleRecord } from '../../services/ingest/ports.ts';
import { createIngestService, type IngestService } from '../../services/ingest/service.ts';
import { ensureTopics } from '../../services/platform/admin.ts';
import { topicNames, topicSpecs } from '../../services/platform/topics.ts';
import { testClients, testLogger, uniqueName, waitFor } from '../helpers/stack.ts';

let env: Record<string, string>;
let service: IngestService;
let baseUrl: string;
let topic: string;
const received: ArticleRecord[] = [];
let stopConsumer: () => Promise<void>;

before(async () => {
  const { stack, kafka, serde } = await testClients('ingest-service-test');
  const prefix = `${uniqueName('ingest')}.`;
  topic = topicNames(prefix).articleRaw;
  await ensureTopics(
    kafka,
    topicSpecs(1, prefix).filter((s) => s.name === topic),
  );
  env = {
    KAFKA_BROKERS: stack.kafkaBrokers,
    SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
    REDIS_URL: stack.redisUrl,
    TOPIC_PREFIX: prefix,
    INGEST_REDIS_PREFIX: prefix,
    INGEST_QUEUE_PREFIX: prefix.replace(/\.$/, ''),
    INGEST_HTTP_HOST: '127.0.0.1',
    INGEST_HTTP_PORT: '0',
    INGEST_AUTH_TOKEN: 'test-token',
    LOG_LEVEL: 'silent',
  };
  service = createIngestService(loadConfig(env), { logger: testLogger() });
  baseUrl = (await service.start()).url;

  const consumer = kafka.consumer({ groupId: uniqueName('ingest-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void received.push((await serde.decode(message.value, 'article')) as ArticleRecord),
  });
  stopConsumer = () => consumer.disconnect();
});

after(async () => {
  await stopConsumer?.();
  await service?.stop();
});

const post = (path: string, body: string, type = 'application/json') =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: 'Bearer test-token' },
    body,
  });

describe('ingest service', () => {
  it('publishes an accepted article to Kafka as Avro, keyed by id, and answers duplicates', async () => {
    const article = {
      url: 'https://gazette.example/world/oslo?utm_source=x',
      title: 'Talks resume',
      text: 'Negotiators from Freedonia and Sylvania resumed talks in Oslo on Monday.',
      publishedAt: '2024-03-04T09:00:00Z',
      metadata: { desk: 'world' },
    };
    const res = await post('/v1/articles', JSON.stringify(article));
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    const got = await waitFor('the article on Kafka', () => received.find((a) => a.id === id), 30_000);
    assert.equal(got.canonicalUrl, 'https://gazette.example/world/oslo');
    assert.equal(got.origin, 'HTTP');
    assert.equal(got.publishedAt, Date.UTC(2024, 2, 4, 9));
    assert.deepEqual(got.metadata, { desk: 'world' });
    const again = await post('/v1/articles', JSON.stringify(article));
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { status: string }).status, 'duplicate');
  });

  it('takes NDJSON batches and serves health, readiness and the OpenAPI document', async () => {
    const lines = [1, 2, 3]
      .map((n) =>
        JSON.stringify({
          text: `Batch article number ${n} about a summit in Geneva.`,
          url: `https://gazette.example/batch/${n}`,
        }),
      )
      .join('\n');
    const res = await post('/v1/articles/batch', lines, 'application/x-ndjson');
    assert.equal(res.status, 202);
    const body = (await res.json()) as { accepted: number; results: { id: string }[] };
    assert.equal(body.accepted, 3);
    await waitFor(
      'the batch on Kafka',
      () => (body.results.every((r) => received.some((a) => a.id === r.id)) ? true : undefined),
      30_000,
    );
    assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
    assert.equal((await fetch(`${baseUrl}/readyz`)).status, 200);
    assert.equal((await fetch(`${baseUrl}/openapi.json`)).status, 200);
    assert.equal((await fetch(`${baseUrl}/v1/feeds`)).status, 401);
  });

  it('`newsflow ingest` publishes a folder of JSONL, text and HTML through the same path', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    stdout.on('data', (c) => out.push(String(c)));
    const fixtures = new URL('../fixtures/ingest', import.meta.url).pathname;
    const code = await ingestCli(['--json', fixtures], { stdin: new PassThrough(), stdout, stderr, env });
    const summary = JSON.parse(out.join('').trim()) as {
      accepted: number;
      rejected: { position: string }[];
      duplicates: unknown[];
    };
    assert.equal(code, 1, 'exit 1: some lines were rejected');
    assert.equal(summary.accepted, 5);
    assert.deepEqual(
      summary.rejected.map((r) => r.position.replace(/.*\//, '')),
      ['articles.jsonl:3', 'articles.jsonl:5'],
    );
    assert.equal(summary.duplicates.length, 1);
    await waitFor(
      'the files on Kafka',
      () => (received.filter((a) => a.origin === 'FILE').length >= 5 ? true : undefined),
      30_000,
    );
  });
});
