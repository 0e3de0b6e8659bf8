import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAcceptor } from '../accept.ts';
import { createMemoryDedupStore } from '../memory-dedup-store.ts';
import type { ArticleRecord, ArticleSink } from '../ports.ts';
import { buildHttpApp, type HttpAppOptions } from './app.ts';
import { counter, createMetrics } from '../../platform/metrics.ts';

class RecordingSink implements ArticleSink {
  published: ArticleRecord[] = [];
  failWith: Error | null = null;
  async publish(articles: ArticleRecord[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.published.push(...articles);
  }
}

const TEXT =
  'The government of Freedonia said on Monday it would withdraw troops from the border region after talks.';

async function setup(options: HttpAppOptions = {}) {
  const sink = new RecordingSink();
  const dedup = createMemoryDedupStore();
  const acceptor = createAcceptor({ sink, dedup });
  const app = await buildHttpApp({ acceptor, options });
  return { app, sink, dedup };
}

const json = (payload: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/v1/articles',
  headers: { 'content-type': 'application/json', ...headers },
  payload: JSON.stringify(payload),
});
/** A POST with a body sent as it is, under the given content type. */
const raw = (contentType: string, payload: string, url = '/v1/articles') => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': contentType },
  payload,
});

describe('POST /v1/articles', () => {
  it('answers 202 with the id only after the sink took the record', async () => {
    const { app, sink } = await setup();
    const res = await app.inject(
      json({ text: TEXT, url: 'https://Example.com/a?utm_source=x', publishedAt: '2024-03-01T10:00:00Z' }),
    );
    assert.equal(res.statusCode, 202);
    const body = res.json();
    assert.equal(body.status, 'accepted');
    assert.match(body.id, /^[0-9a-f]{32}$/);
    assert.equal(sink.published.length, 1);
    const rec = sink.published[0]!;
    assert.equal(rec.id, body.id);
    assert.equal(rec.canonicalUrl, 'https://example.com/a');
    assert.equal(rec.origin, 'HTTP');
    assert.equal(rec.publishedAt, Date.UTC(2024, 2, 1, 10));
    assert.equal(rec.language, 'en');
    assert.equal(rec.source, 'example.com');
  });

  it('answers a duplicate with the id of the first copy', async () => {
    const { app, sink } = await setup();
    const first = await app.inject(json({ text: TEXT, url: 'https://example.com/a' }));
    const again = await app.inject(json({ text: `${TEXT} Updated.`, url: 'https://example.com/a#comments' }));
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { id: first.json().id, status: 'duplicate', existingId: first.json().id });
    const sameText = await app.inject(json({ text: TEXT, url: 'https://mirror.example.org/a' }));
    assert.equal(sameText.json().status, 'duplicate');
    assert.equal(sameText.json().existingId, first.json().id);
    assert.equal(sink.published.length, 1);
  });

  it('names every offending field in a 400', async () => {
    const { app } = await setup();
    const res = await app.inject(
      json({
        url: 'ftp://x/y',
        publishedAt: 'yesterday-ish',
        language: 'english!',
        metadata: { a: 1 },
        colour: 'red',
      }),
    );
    assert.equal(res.statusCode, 400);
    const fields = res
      .json()
      .details.map((d: { field: string }) => d.field)
      .sort();
    assert.deepEqual(fields, ['colour', 'language', 'metadata.a', 'publishedAt', 'url']);
    assert.equal(res.json().error, 'invalid article');
  });

  it('requires one of text, html or url', async () => {
    const { app } = await setup();
    const res = await app.inject(json({ title: 'no body' }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().details, [
      { field: 'text', message: 'one of text, html or url is required' },
    ]);
  });

  it('says what is wrong with a field of the wrong type, and how deep a nested metadata value is', async () => {
    const { app } = await setup();
    const num = await app.inject(json({ text: 5 }));
    assert.equal(num.statusCode, 400);
    assert.deepEqual(num.json().details, [{ field: 'text', message: 'must be a string, not a number (5)' }]);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 30; i++) deep = { a: deep };
    const nested = await app.inject(json({ text: TEXT, metadata: deep }));
    assert.equal(nested.statusCode, 400);
    const [detail] = nested.json().details;
    assert.equal(detail.field, 'metadata.a');
    assert.match(detail.message, /must be a string .*not an object nested 29 levels deep/);
  });

  it('answers 413 above MAX_ARTICLE_CHARS, the limit extract also applies, and 202 at it', async () => {
    const { MAX_ARTICLE_CHARS } = await import('../../contracts/limits.ts');
    const { loadConfig } = await import('../../extract/config.ts');
    assert.equal(loadConfig({}).MAX_ARTICLE_CHARS, MAX_ARTICLE_CHARS);
    const { app, sink } = await setup({ bodyLimitBytes: 4 * MAX_ARTICLE_CHARS });
    const words = (n: number) => 'word '.repeat(Math.ceil(n / 5)).slice(0, n - 1) + '.';
    const over = await app.inject(json({ text: words(MAX_ARTICLE_CHARS + 1) }));
    assert.equal(over.statusCode, 413);
    assert.equal(over.json().error, 'article too large');
    assert.match(over.json().details[0].message, /MAX_ARTICLE_CHARS/);
    const at = await app.inject(json({ text: words(MAX_ARTICLE_CHARS) }));
    assert.equal(at.statusCode, 202);
    assert.equal(sink.published[0]!.text.length, MAX_ARTICLE_CHARS);
  });

  it('answers 400 for malformed JSON, 413 above the body limit, 415 for other types', async () => {
    const { app } = await setup({ bodyLimitBytes: 2048 });
    const bad = await app.inject(raw('application/json', '{"text": '));
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().details[0].field, 'body');
    const big = await app.inject(json({ text: 'x'.repeat(5000) }));
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error, 'body too large');
    const xml = await app.inject(raw('application/xml', '<a/>'));
    assert.equal(xml.statusCode, 415);
    const text = await app.inject(raw('text/plain', TEXT));
    assert.equal(text.statusCode, 415);
  });

  it('answers 503 with Retry-After when the sink fails retriably, and releases the claims', async () => {
    const { app, sink } = await setup({ retryAfterSeconds: 7 });
    sink.failWith = Object.assign(new Error('no brokers'), { retriable: true });
    const res = await app.inject(json({ text: TEXT }));
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '7');
    sink.failWith = null;
    const retry = await app.inject(json({ text: TEXT }));
    assert.equal(retry.statusCode, 202, 'the retry must not be called a duplicate');
  });

  it('answers 500 when the sink fails for good', async () => {
    const { app, sink } = await setup();
    sink.failWith = Object.assign(new Error('schema mismatch'), { retriable: false });
    const res = await app.inject(json({ text: TEXT }));
    assert.equal(res.statusCode, 500);
  });
});

describe('bearer auth', () => {
  it('401 without a token, 403 with a wrong one, 202 with the right one; health stays open', async () => {
    const { app } = await setup({ authToken: 's3cret' });
    const none = await app.inject(json({ text: TEXT }));
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    const wrong = await app.inject(json({ text: TEXT }, { authorization: 'Bearer nope' }));
    assert.equal(wrong.statusCode, 403);
    const right = await app.inject(json({ text: TEXT }, { authorization: 'Bearer s3cret' }));
    assert.equal(right.statusCode, 202);
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});

describe('POST /v1/articles/batch', () => {
  it('gives per-item results for NDJSON, with line numbers, and 207 when not all were accepted', async () => {
    const { app, sink } = await setup();
    const lines = [
      JSON.stringify({ text: TEXT, url: 'https://example.com/1' }),
      '',
      '{broken',
      JSON.stringify({
        text: 'Another article entirely, about a summit in Geneva between two foreign ministers.',
        url: 'https://example.com/2',
      }),
      JSON.stringify({ text: TEXT, url: 'https://example.com/1?utm_medium=rss' }),
      JSON.stringify({ html: '<p></p>' }),
    ].join('\n');
    const res = await app.inject(raw('application/x-ndjson', lines, '/v1/articles/batch'));
    assert.equal(res.statusCode, 207);
    const body = res.json();
    assert.deepEqual(
      body.results.map((r: { status: string }) => r.status),
      ['accepted', 'rejected', 'accepted', 'duplicate', 'rejected'],
    );
    assert.deepEqual(
      body.results.map((r: { line: number }) => r.line),
      [1, 3, 4, 5, 6],
    );
    assert.equal(body.results[3].existingId, body.results[0].id);
    assert.equal(body.results[4].errors[0].field, 'html');
    assert.deepEqual([body.accepted, body.duplicates, body.rejected], [2, 1, 2]);
    assert.equal(sink.published.length, 2);
  });

  it('answers 202 for a JSON array all accepted, 413 above the item cap, 400 for a non-array', async () => {
    const { app } = await setup({ batchMaxItems: 2 });
    const ok = await app.inject(
      raw('application/json', JSON.stringify([{ text: TEXT }]), '/v1/articles/batch'),
    );
    assert.equal(ok.statusCode, 202);
    assert.equal(ok.json().results[0].index, 0);
    const many = await app.inject(
      raw(
        'application/json',
        JSON.stringify([{ text: 'a' }, { text: 'b' }, { text: 'c' }]),
        '/v1/articles/batch',
      ),
    );
    assert.equal(many.statusCode, 413);
    const obj = await app.inject(raw('application/json', '{"text":"a"}', '/v1/articles/batch'));
    assert.equal(obj.statusCode, 400);
  });
});

describe('service endpoints', () => {
  it('serves the OpenAPI document with the article routes', async () => {
    const { app } = await setup();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.paths['/v1/articles'].post);
    assert.ok(doc.paths['/v1/articles/batch'].post.requestBody.content['application/x-ndjson']);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });

  it('serves Prometheus metrics when given a registry, and says 503 when not ready', async () => {
    const metrics = createMetrics('ingest-test');
    counter(metrics.registry, 'newsflow_test_total', 'a test counter').inc(3);
    const sink = new RecordingSink();
    const acceptor = createAcceptor({ sink, dedup: createMemoryDedupStore() });
    const app = await buildHttpApp({ acceptor, metrics: metrics.registry, ready: () => false });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^newsflow_test_total\{service="ingest-test"\} 3$/m);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503);
  });
});
