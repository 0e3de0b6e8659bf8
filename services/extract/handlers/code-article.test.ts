import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleRecord } from '../../contracts/records.ts';
import type { MessageContext } from '../../platform/consumer.ts';
import { ValidationError } from '../../platform/errors.ts';
import { silentLogger } from '../../platform/logger.ts';
import { loadCoder } from '../../loaders/coder.ts';
import { lazyPlaceFinder } from '../../loaders/gazetteer.ts';
import { createCodeArticleHandler, timedCoder, type CodeArticleDeps } from './code-article.ts';

// The default coder, as the service builds it (Phoenix dictionaries merged with the knowledge base).
const { coder } = loadCoder();
// As the service finds places (its gazetteer), loaded when a test first codes a text.
const findPlaces = lazyPlaceFinder();
const handlerWith = (deps: Partial<CodeArticleDeps>) =>
  createCodeArticleHandler({
    code: timedCoder(coder, findPlaces),
    outputTopic: 'out',
    maxChars: 10_000,
    ...deps,
  });

const ctx: MessageContext = {
  topic: 'in',
  partition: 0,
  offset: '0',
  key: null,
  logger: silentLogger(),
  raw: null,
};
const article = (text: string): ArticleRecord => ({
  id: 'art-1',
  url: null,
  canonicalUrl: 'https://news.example/a',
  source: 'news.example',
  title: null,
  text,
  language: 'en',
  publishedAt: Date.UTC(2016, 1, 15),
  ingestedAt: Date.UTC(2016, 1, 15, 1),
  origin: 'HTTP',
  feedUrl: null,
  contentHash: 'x',
  metadata: {},
});

test('codes an article into CodedEvents keyed by article id, with the same ids on a replay', async () => {
  const seen: number[] = [];
  const handler = handlerWith({ now: () => 42, observe: (s) => seen.push(s.events) });
  const text = 'Turkish troops shelled Kurdish militia positions in northern Syria on Saturday.';
  const first = await handler(article(text), ctx);
  const again = await handler(article(text), ctx);
  assert.deepEqual(seen, [], 'nothing counted before the transaction commits');
  first.committed!();
  again.committed!();
  const records = first.produce![0]!.records;
  assert.equal(first.produce![0]!.topic, 'out');
  assert.ok(records.length >= 1);
  const event = records[0]!.value as {
    eventId: string;
    articleId: string;
    eventRootCode: string;
    eventDate: string;
    codedAt: number;
  };
  assert.equal(records[0]!.key, 'art-1');
  assert.equal(event.articleId, 'art-1');
  assert.equal(event.eventRootCode, '19');
  assert.equal(event.eventDate, '2016-02-13', '"on Saturday" before the Monday publication date');
  assert.equal(event.codedAt, 42);
  assert.deepEqual(
    again.produce![0]!.records.map((r) => (r.value as { eventId: string }).eventId),
    records.map((r) => (r.value as { eventId: string }).eventId),
    'deterministic event ids',
  );
  assert.deepEqual(seen, [records.length, records.length]);
});

test('an article with no political event produces nothing and is counted as eventless', async () => {
  const seen: number[] = [];
  const handler = handlerWith({ observe: (s) => seen.push(s.events) });
  const result = await handler(
    article('Markets were calm on Monday as traders waited for new figures.'),
    ctx,
  );
  assert.deepEqual(result.produce![0]!.records, []);
  result.committed!();
  assert.deepEqual(seen, [0]);
});

test('empty and oversized articles are rejected with a reason (dead-lettered by the runner)', async () => {
  const handler = handlerWith({ maxChars: 50 });
  await assert.rejects(
    handler(article('   '), ctx),
    (e: Error) => e instanceof ValidationError && /no text/.test(e.message),
  );
  await assert.rejects(
    handler(article('x'.repeat(51)), ctx),
    (e: Error) => e instanceof ValidationError && /51 characters; the limit is 50/.test(e.message),
  );
});

test('dates outside the years 0–9999 and an empty id are rejected by name, not thrown as a RangeError', async () => {
  const handler = handlerWith({});
  const text = 'Turkish troops shelled Kurdish militia positions in northern Syria on Saturday.';
  await assert.rejects(
    handler({ ...article(text), publishedAt: 9e15 }, ctx),
    (e: Error) =>
      e instanceof ValidationError && /publishedAt 9000000000000000 ms, not a date/.test(e.message),
  );
  await assert.rejects(
    handler({ ...article(text), publishedAt: null, ingestedAt: -8.7e15 }, ctx),
    (e: Error) => e instanceof ValidationError && /ingestedAt -8700000000000000 ms/.test(e.message),
  );
  await assert.rejects(
    handler({ ...article(text), id: '' }, ctx),
    (e: Error) => e instanceof ValidationError && /empty id/.test(e.message),
  );
  const ancient = await handler({ ...article(text), publishedAt: Date.UTC(812, 0, 1) }, ctx);
  assert.ok(ancient.produce![0]!.records.length >= 1);
});
