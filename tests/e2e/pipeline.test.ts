// The whole pipeline on real servers: ingest (HTTP) → Kafka → extract → enrich → Kafka, with the
// three services built from their own config, on topics of this test's own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Consumer } from 'kafkajs';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { createProducer, type EventProducer } from '../../services/platform/producer.ts';
import { dlqOf, topicNames } from '../../services/platform/topics.ts';
import { startPipeline } from '../helpers/pipeline.ts';
import { testClients, testLogger, uniqueName, waitFor } from '../helpers/stack.ts';

const prefix = `${uniqueName('e2e')}.`;
const topics = topicNames(prefix);
const enriched: EnrichedEventRecord[] = [];
const deadLetters: Record<string, unknown>[] = [];
const stops: (() => Promise<unknown>)[] = [];
let ingestUrl: string;
let producer: EventProducer;

before(async () => {
  const { stack, kafka, serde } = await testClients('e2e');
  const pipeline = await startPipeline(stack, prefix);
  ingestUrl = pipeline.ingestUrl;
  stops.push(...pipeline.stops);

  producer = createProducer(kafka, serde, testLogger());
  await producer.connect();
  stops.push(() => producer.close());

  const watch = async (
    topic: string,
    onValue: (v: unknown) => void,
    reader: 'enriched-event' | 'dead-letter',
  ) => {
    const consumer: Consumer = kafka.consumer({ groupId: uniqueName('watch'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => onValue(await serde.decode(message.value, reader)),
    });
    stops.push(() => consumer.disconnect());
  };
  await watch(
    topics.eventEnriched,
    (v) => enriched.push(JSON.parse(JSON.stringify(v)) as EnrichedEventRecord),
    'enriched-event',
  );
  await watch(dlqOf(topics.articleRaw), (v) => deadLetters.push(v as Record<string, unknown>), 'dead-letter');
});

after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
});

async function post(article: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${ingestUrl}/v1/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(article),
  });
  const body = (await res.json()) as { id: string; status: string };
  assert.equal(res.status, 202, `ingest accepted the article: ${JSON.stringify(body)}`);
  return body.id;
}

const eventsOf = (articleId: string) => enriched.filter((e) => e.event.articleId === articleId);

test('an article POSTed to ingest comes out enriched, with actors linked and places geocoded', async () => {
  const id = await post({
    url: 'https://wire-a.example/2016/02/15/obama-putin',
    source: 'wire-a.example',
    publishedAt: '2016-02-15T08:00:00Z',
    text: 'Barack Obama called Vladimir Putin on Sunday to discuss the fighting in Syria. Turkish artillery shelled Kurdish militia positions near Aleppo on Saturday.',
  });
  const events = await waitFor(
    'enriched events of the article',
    () => (eventsOf(id).length >= 2 ? eventsOf(id) : undefined),
    60000,
  );
  const call = events.find(
    (e) => e.event.source.code.startsWith('USA') && e.event.target?.code.startsWith('RUS'),
  );
  assert.ok(
    call,
    `a USA → RUS event: ${events.map((e) => `${e.event.source.code}-${e.event.eventCode}-${e.event.target?.code}`).join(', ')}`,
  );
  assert.equal(call.event.eventRootCode, '04');
  assert.equal(call.sourceEntity?.id, 'Q76', 'Obama linked to Wikidata');
  assert.equal(call.targetEntity?.id, 'Q7747', 'Putin linked to Wikidata');
  assert.equal(call.event.eventDate, '2016-02-14', '"on Sunday" resolved against the publication date');
  const shelling = events.find((e) => e.event.eventRootCode === '19');
  assert.ok(shelling, 'the shelling is coded as fighting');
  assert.equal(shelling.actionGeo?.countryIso2, 'SY');
  assert.ok(
    shelling.places.some(
      (p) => p.name === 'Aleppo' && Math.abs(p.lat - 36.2) < 0.5 && Math.abs(p.lon - 37.15) < 0.5,
    ),
    'Aleppo geocoded',
  );
  assert.equal(call.numMentions, 1);
});

test('the same story from a second source raises the counts of the existing cluster', async () => {
  const story = 'Turkish artillery shelled Kurdish militia positions in northern Syria on Saturday';
  const first = await post({
    url: 'https://wire-a.example/2016/02/16/shelling',
    source: 'wire-a.example',
    publishedAt: '2016-02-16T08:00:00Z',
    text: `${story}, officials said.`,
  });
  const a = await waitFor(
    'first report enriched',
    () => eventsOf(first).find((e) => e.event.eventRootCode === '19'),
    60000,
  );
  const second = await post({
    url: 'https://wire-b.example/world/turkey-syria',
    source: 'wire-b.example',
    publishedAt: '2016-02-16T09:30:00Z',
    text: `${story}, a monitoring group reported.`,
  });
  const b = await waitFor(
    'second report enriched',
    () => eventsOf(second).find((e) => e.event.eventRootCode === '19'),
    60000,
  );
  assert.equal(b.fingerprint, a.fingerprint, 'same event, same fingerprint');
  assert.equal(b.clusterId, a.clusterId, 'no new cluster');
  assert.equal(b.numMentions, a.numMentions + 1);
  assert.equal(b.numSources, 2);
  assert.equal(b.numArticles, 2);
});

test('a malformed record ends on the dead-letter topic while the pipeline keeps flowing', async () => {
  await producer.sendRaw(topics.articleRaw, [{ key: 'garbage', value: Buffer.from('{"not":"avro"}') }]);
  const letter = await waitFor(
    'the dead letter',
    () => deadLetters.find((d) => d.errorType === 'DecodeError'),
    60000,
  );
  assert.equal(letter.service, 'extract');
  assert.equal(letter.originalTopic, topics.articleRaw);
  assert.equal(Buffer.from(letter.originalValue as Buffer).toString(), '{"not":"avro"}');
  const id = await post({
    source: 'wire-c.example',
    publishedAt: '2016-02-17T08:00:00Z',
    text: 'Iraqi troops attacked Islamic State fighters near Ramadi on Tuesday.',
  });
  const after = await waitFor(
    'the next article still flows',
    () => (eventsOf(id).length > 0 ? eventsOf(id) : undefined),
    60000,
  );
  assert.equal(after[0]!.event.source.countryCode, 'IRQ');
});
