// Property-based fuzz of the raw article topic (fast-check), against a real extract service on the
// real Kafka and registry: batches of generated malformed records (empty, short, wrong magic byte,
// unknown or non-Avro schema ids, truncated or corrupted Avro, random bytes, valid Avro of another
// schema, articles with bad field values) and odd but valid articles are produced straight to the
// topic, then one valid article. The stage must not crash, must dead-letter every malformed
// record exactly once with a reason naming its problem, must not dead-letter the valid ones, and
// the valid article after them must reach the coded topic.
//
// Case count: RUNS batches of BATCH records (1,500 records), plus the ingest HTTP fuzz's 7,500
// requests (services/ingest/http/fuzz.test.ts) and the coded-topic fuzz's 1,000 records below:
// the 10,000 generated requests and records.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import fc from 'fast-check';
import type { Kafka, Producer } from 'kafkajs';
import type { ArticleRecord, CodedEventRecord } from '../../services/contracts/records.ts';
import { loadConfig as loadEnrichConfig } from '../../services/enrich/config.ts';
import { createEnrichService } from '../../services/enrich/service.ts';
import { loadConfig as loadExtractConfig } from '../../services/extract/config.ts';
import { createExtractService } from '../../services/extract/service.ts';
import { IDEMPOTENT_PRODUCER } from '../../services/platform/kafka.ts';
import type { Serde } from '../../services/platform/serde.ts';
import type { StageService } from '../../services/platform/stage-service.ts';
import { readTopicToEnd, type TopicMessage } from '../../services/platform/topic-reader.ts';
import { dlqOf, topicNames, type SchemaName } from '../../services/platform/topics.ts';
import { framingFaults, type FuzzCase } from '../helpers/record-fuzz.ts';
import { serverEnv, testClients, uniqueName, waitFor } from '../helpers/stack.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/avro/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const codedFixture = fixture('coded-event') as unknown as CodedEventRecord;
const deadLetterFixture = fixture('dead-letter');

const RUNS = 5;
const BATCH = 300;
const CODED_RUNS = 4;
const CODED_BATCH = 250;
const MAX_CHARS = 4000;
const EVENTFUL = 'Turkish troops shelled Kurdish militia positions in northern Syria on Saturday.';

let kafka: Kafka;
let serde: Serde;
let producer: Producer;
let topics: ReturnType<typeof topicNames>;
let notAvroId: number;
const fatal: unknown[] = [];
const services: StageService[] = [];

const article = (over: Partial<ArticleRecord> = {}): ArticleRecord => ({
  id: 'a',
  url: null,
  canonicalUrl: null,
  source: 'news.example',
  title: null,
  text: EVENTFUL,
  language: 'en',
  publishedAt: Date.UTC(2016, 1, 15),
  ingestedAt: Date.UTC(2016, 1, 15, 1),
  origin: 'OTHER',
  feedUrl: null,
  contentHash: 'x',
  metadata: {},
  ...over,
});

before(async () => {
  const c = await testClients('topic-fuzz');
  ({ kafka, serde } = c);
  const prefix = `${uniqueName('fuzz')}.`;
  topics = topicNames(prefix);
  const base = {
    ...serverEnv(c.stack),
    TOPIC_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HEALTH_PORT: '0',
    MAX_ARTICLE_CHARS: String(MAX_CHARS),
  };
  const onFatal = (err: unknown) => void fatal.push(err);
  services.push(
    createExtractService(loadExtractConfig({ ...base, GROUP_ID: `${prefix}extract` }), onFatal),
    createEnrichService(loadEnrichConfig({ ...base, GROUP_ID: `${prefix}enrich` }), onFatal),
  );
  for (const s of services) await s.start();
  for (const [topic, schema] of [
    [topics.articleRaw, 'article'],
    [topics.eventCoded, 'coded-event'],
    [topics.eventEnriched, 'enriched-event'],
    [dlqOf(topics.articleRaw), 'dead-letter'],
  ] as const)
    await serde.register(topic, schema);
  // A registered schema that is not Avro: its id must be refused, not retried.
  const registry = new SchemaRegistry({ host: c.stack.schemaRegistryUrl });
  ({ id: notAvroId } = await registry.register(
    {
      type: SchemaType.JSON,
      schema: JSON.stringify({ type: 'object', properties: { n: { type: 'number' } } }),
    },
    { subject: `${prefix}fuzz-json-value` },
  ));
  producer = kafka.producer(IDEMPOTENT_PRODUCER);
  await producer.connect();
});

after(async () => {
  await producer?.disconnect();
  for (const s of services.reverse()) await s.stop();
});

const foreign = (own: SchemaName) =>
  (
    [
      ['coded-event', topics.eventCoded, codedFixture],
      [
        'dead-letter',
        dlqOf(topics.articleRaw),
        { ...deadLetterFixture, originalKey: null, originalValue: null },
      ],
      ['article', topics.articleRaw, article()],
    ] as const
  )
    .filter(([schema]) => schema !== own)
    .map(([schema, topic, sample]) => ({ id: serde.schemaIdOf(topic)!, schema, sample }));

/** Articles of the right schema whose fields the extract stage must refuse, by name. */
const badArticles = () =>
  fc.oneof(
    fc
      .constantFrom('', ' ', '\n\n\t', '\u00a0\u2003')
      .map((text) => ({ kind: 'blank text', over: { text }, reason: /has no text/ })),
    fc.integer({ min: MAX_CHARS + 1, max: 3 * MAX_CHARS }).map((n) => ({
      kind: 'text over MAX_ARTICLE_CHARS',
      over: { text: 'x'.repeat(n) },
      reason: /MAX_ARTICLE_CHARS/,
    })),
    fc
      .oneof(
        fc.integer({ min: 8.64e15 + 1, max: Number.MAX_SAFE_INTEGER - 1 }),
        fc.integer({ min: -Number.MAX_SAFE_INTEGER + 1, max: -62_200_000_000_000 }),
      )
      .chain((ms) =>
        fc.constantFrom(
          {
            kind: 'invalid publishedAt',
            over: { publishedAt: ms },
            reason: /publishedAt -?\d+ ms, not a date/,
          },
          {
            kind: 'invalid ingestedAt',
            over: { publishedAt: null, ingestedAt: ms },
            reason: /ingestedAt -?\d+ ms, not a date/,
          },
        ),
      ),
    fc.constant({ kind: 'empty id', over: { id: '' }, reason: /empty id/ }),
  );

/** Articles that are odd but valid: the stage codes them (or finds no event) without a dead letter. */
const oddArticles = () =>
  fc
    .record({
      text: fc
        .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 400 }), fc.lorem({ maxCount: 30 }))
        .filter((t) => t.trim() !== '' && t.length <= MAX_CHARS),
      title: fc.option(fc.string({ maxLength: 50 })),
      language: fc.option(fc.string({ maxLength: 5 })),
      publishedAt: fc.option(fc.integer({ min: -62_000_000_000_000, max: 253_000_000_000_000 })),
      metadata: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
    })
    .map((over) => ({ kind: 'odd but valid', over, reason: null }));

/** Sends the cases to partition 0 in order (keys `<tag>-<i>`), in requests of at most ~256 KB. */
async function produceInOrder(
  topic: string,
  messages: { key: string; value: Buffer | null }[],
): Promise<void> {
  let chunk: typeof messages = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length)
      await producer.send({ topic, acks: -1, messages: chunk.map((m) => ({ ...m, partition: 0 })) });
    chunk = [];
    bytes = 0;
  };
  for (const m of messages) {
    if (bytes + (m.value?.length ?? 0) > 256 * 1024) await flush();
    chunk.push(m);
    bytes += (m.value?.length ?? 0) + 64;
  }
  await flush();
}

/** Dead letters of `topic`'s DLQ by original key, read_committed to the end. */
async function deadLetters(topic: string): Promise<Map<string, { errorMessage: string; count: number }>> {
  const out = new Map<string, { errorMessage: string; count: number }>();
  const reader = await readTopicToEnd(kafka, {
    topic: dlqOf(topic),
    start: 'earliest',
    groupPrefix: 'topic-fuzz',
    onMessage: async (m) => {
      const dead = (await serde.decode(m.value, 'dead-letter')) as {
        originalKey: Buffer | null;
        errorMessage: string;
      };
      const key = dead.originalKey?.toString() ?? '';
      const seen = out.get(key);
      out.set(key, { errorMessage: dead.errorMessage, count: (seen?.count ?? 0) + 1 });
    },
  });
  await reader.done;
  return out;
}

/** What `idOf` says of each record on `topic` (read_committed, to the end). */
async function idsOn(
  topic: string,
  idOf: (m: TopicMessage) => Promise<string> | string,
): Promise<Set<string>> {
  const keys = new Set<string>();
  const reader = await readTopicToEnd(kafka, {
    topic,
    start: 'earliest',
    groupPrefix: 'topic-fuzz',
    onMessage: async (m) => void keys.add(await idOf(m)),
  });
  await reader.done;
  return keys;
}

/**
 * One property run: the cases, then a valid record keyed `<tag>-valid` whose output must appear
 * on `output` under `outputKey`; then every case's dead letter is checked.
 */
interface StageUnderFuzz {
  input: string;
  output: string;
  valid: (tag: string) => { value: Buffer; outputId: string };
  /** The id of an output record the valid record is found by. */
  outputId: (m: TopicMessage) => Promise<string> | string;
}

/** `runs` batches of `batch` generated cases, each batch through `runBatch`. */
async function fuzzStage(
  cases: fc.Arbitrary<FuzzCase>,
  batch: number,
  runs: number,
  stage: StageUnderFuzz,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(cases, { minLength: batch, maxLength: batch }), (b) =>
      runBatch({ ...stage, cases: b }),
    ),
    // each run is a few hundred records through the real stage: no shrinking, the failing
    // record is named in the assertion
    { numRuns: runs, endOnFailure: true },
  );
}

async function runBatch(opts: StageUnderFuzz & { cases: FuzzCase[] }): Promise<void> {
  const tag = uniqueName('case');
  const valid = opts.valid(tag);
  await produceInOrder(opts.input, [
    ...opts.cases.map((c, i) => ({ key: `${tag}-${i}`, value: c.value })),
    { key: `${tag}-valid`, value: valid.value },
  ]);
  // Written after every case, in the same partition: once its output is visible, every case was
  // handled and its dead letter committed.
  await waitFor(
    `the valid record after ${opts.cases.length} malformed ones to reach ${opts.output}`,
    async () =>
      (await idsOn(opts.output, opts.outputId)).has(valid.outputId) ? true : fatal.length ? false : undefined,
    120_000,
  );
  assert.deepEqual(fatal.map(String), [], 'a stage stopped on a programmer error');
  const dead = await deadLetters(opts.input);
  opts.cases.forEach((c, i) => {
    const d = dead.get(`${tag}-${i}`);
    const what = `${c.kind} #${i} (${c.value === null ? 'null' : c.value.subarray(0, 40).toString('hex')})`;
    if (c.reason === null) assert.equal(d, undefined, `${what} was dead-lettered: ${d?.errorMessage}`);
    else {
      assert.ok(d, `${what} was not dead-lettered`);
      assert.equal(d.count, 1, `${what} was dead-lettered ${d.count} times`);
      assert.match(d.errorMessage, c.reason, `${what}: the reason does not name the problem`);
    }
  });
  assert.equal(dead.get(`${tag}-valid`), undefined, 'the valid record was dead-lettered');
}

describe('raw article topic fuzz (extract)', () => {
  it(`dead-letters ${RUNS} × ${BATCH} malformed records by name, and the next article flows`, async () => {
    const validBody = serde.encode(topics.articleRaw, article({ id: 'fuzz-template' }));
    const cases = fc.oneof(
      {
        weight: 6,
        arbitrary: framingFaults(
          'article',
          { own: serde.schemaIdOf(topics.articleRaw)!, foreign: foreign('article'), notAvro: notAvroId },
          validBody,
        ),
      },
      {
        weight: 3,
        arbitrary: fc.oneof(badArticles(), oddArticles()).map(({ kind, over, reason }): FuzzCase => ({
          kind,
          value: serde.encode(topics.articleRaw, article({ id: 'fuzz-field', ...over })),
          reason,
        })),
      },
    );
    await fuzzStage(cases, BATCH, RUNS, {
      input: topics.articleRaw,
      output: topics.eventCoded,
      valid: (tag) => ({
        value: serde.encode(topics.articleRaw, article({ id: `${tag}-article` })),
        outputId: `${tag}-article`,
      }),
      outputId: (m) => m.key?.toString() ?? '',
    });
  });
});

describe('coded event topic fuzz (enrich)', () => {
  it(`dead-letters ${CODED_RUNS} × ${CODED_BATCH} malformed records by name, and the next event flows`, async () => {
    const event = (over: Partial<CodedEventRecord>) => ({ ...codedFixture, ...over });
    const validBody = serde.encode(topics.eventCoded, event({}));
    const cases = framingFaults(
      'coded-event',
      { own: serde.schemaIdOf(topics.eventCoded)!, foreign: foreign('coded-event'), notAvro: notAvroId },
      validBody,
    );
    await fuzzStage(cases, CODED_BATCH, CODED_RUNS, {
      input: topics.eventCoded,
      output: topics.eventEnriched,
      valid: (tag) => ({
        value: serde.encode(
          topics.eventCoded,
          event({ eventId: `${tag}-event`, articleId: `${tag}-article` }),
        ),
        outputId: `${tag}-event`,
      }),
      outputId: async (m) =>
        ((await serde.decode(m.value, 'enriched-event')) as { event: { eventId: string } }).event.eventId,
    });
  });
});
