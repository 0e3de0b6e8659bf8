// Feed polling end to end on a real Redis and real BullMQ: a feed registered through the registry
// gets a job scheduler, its poll accepts full items, queues page fetches for summary-only items
// (retried with backoff), and the next poll is a conditional GET answered 304.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAcceptor } from '../../services/ingest/accept.ts';
import { createFetcher } from '../../services/ingest/fetch/fetcher.ts';
import { createFeedJobs, type PageJob } from '../../services/ingest/feeds/feed-jobs.ts';
import { createFeedRegistry, type PollJob } from '../../services/ingest/feeds/feed-registry.ts';
import type { Feed } from '../../services/ingest/feeds/feed-spec.ts';
import type { ArticleRecord, Validators } from '../../services/ingest/ports.ts';
import { createJobQueue, createJobWorker, type JobWorker } from '../../services/platform/queues.ts';
import {
  closeRedis,
  createRedis,
  createRedisDedupStore,
  createRedisHashStore,
  createRedisJsonStore,
  createRedisRateLimiter,
  type Redis,
} from '../../services/platform/redis.ts';
import { testLogger, testStack, uniqueName, waitFor } from '../helpers/stack.ts';

let server: Server;
let base: string;
const hits: Record<string, number> = {};
let redis: Redis;
let queueRedis: Redis;

function feedXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Local gazette</title><link>${base}/</link><description>test</description><language>en</language>
<item><title>Freedonia pulls troops back</title><link>${base}/articles/troops?utm_source=rss</link>
<pubDate>Fri, 01 Mar 2024 09:30:00 +0100</pubDate>
<content:encoded><![CDATA[<p>Freedonia's defence ministry said on Friday that it would withdraw two battalions from the border with Sylvania.</p><p>Observers will confirm the move next week.</p>]]></content:encoded></item>
<item><title>Sylvania debates sanctions</title><link>${base}/articles/sanctions</link><description>Lawmakers debate a sanctions bill.</description></item>
<item><title>Flaky page</title><link>${base}/articles/flaky</link><description>A page that fails once.</description></item>
</channel></rss>`;
}

before(async () => {
  const page = await readFile(new URL('../fixtures/ingest/article-page.html', import.meta.url), 'utf8');
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === '/feed.xml') {
      if (req.headers['if-none-match'] === '"feed-v1"') return void res.writeHead(304).end();
      return void res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"feed-v1"' })
        .end(feedXml());
    }
    if (path === '/articles/sanctions')
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"p1"' }).end(page);
    if (path === '/articles/flaky') {
      if (hits[path] === 1) return void res.writeHead(503).end();
      return void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<html><body><article><p>The flaky page finally answered with a report on border talks between Freedonia and Sylvania.</p></article></body></html>',
        );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stack = await testStack();
  redis = createRedis(stack.redisUrl, { name: 'ingest-feeds-test' });
  queueRedis = createRedis(stack.redisUrl, { name: 'ingest-feeds-test-queues', forQueues: true });
});

after(async () => {
  await closeRedis(queueRedis);
  await closeRedis(redis);
  await new Promise<void>((ok) => server.close(() => ok()));
});

describe('feeds on BullMQ', () => {
  it('schedules, polls, fetches summary-only pages with retries, then polls conditionally', async () => {
    const ns = uniqueName('feeds');
    const published: ArticleRecord[] = [];
    const pollQueue = createJobQueue<PollJob>(`${ns}-poll`, { connection: queueRedis });
    const pageQueue = createJobQueue<PageJob>(`${ns}-page`, { connection: queueRedis });
    const registry = createFeedRegistry({
      store: createRedisHashStore<Feed>(redis, `${ns}:feeds`),
      pollQueue,
      defaults: { intervalSeconds: 300, minIntervalSeconds: 60, fetchFullText: true },
    });
    const fetcher = createFetcher({
      allowPrivateNetworks: ['127.0.0.0/8'],
      timeoutMs: 3000,
      validators: createRedisJsonStore<Validators>(redis, `${ns}:validators:`, 600),
      rateLimiter: createRedisRateLimiter(redis, { prefix: `${ns}:rate:`, ratePerSecond: 50, burst: 10 }),
    });
    const acceptor = createAcceptor({
      sink: { publish: async (articles) => void published.push(...articles) },
      dedup: createRedisDedupStore(redis),
      keyPrefix: `${ns}:dedup:`,
    });
    const jobs = createFeedJobs({
      acceptor,
      fetcher,
      feeds: registry,
      pageQueue,
      logger: testLogger(),
      summaryMaxChars: 600,
      pageAttempts: 3,
      pageBackoffMs: 100,
    });
    const failures: string[] = [];
    const workers: JobWorker[] = [
      createJobWorker(pollQueue.name, jobs.pollFeed, { connection: queueRedis }),
      createJobWorker(pageQueue.name, jobs.fetchPage, {
        connection: queueRedis,
        concurrency: 2,
        onFailed: (job, err) => failures.push(`${job.name}: ${err.message}`),
      }),
    ];
    try {
      const { feed, created } = await registry.add({ url: `${base}/feed.xml`, intervalSeconds: 60 });
      assert.equal(created, true);
      assert.deepEqual(await pollQueue.schedulerIds(), [feed.id]);
      assert.equal(
        (await registry.add({ url: `${base}/feed.xml`, intervalSeconds: 120 })).created,
        false,
        'same URL updates',
      );
      assert.deepEqual(
        (await registry.list()).map((f) => [f.id, f.intervalSeconds]),
        [[feed.id, 120]],
      );

      await waitFor('three articles from the feed', () => (published.length >= 3 ? true : undefined), 20_000);
      assert.deepEqual(failures, []);
      const byUrl = new Map(published.map((a) => [a.canonicalUrl, a]));
      const troops = byUrl.get(`${base}/articles/troops`);
      assert.ok(troops, 'full item accepted from the feed itself');
      assert.equal(troops.origin, 'FEED');
      assert.equal(troops.feedUrl, `${base}/feed.xml`);
      assert.equal(troops.publishedAt, Date.UTC(2024, 2, 1, 8, 30));
      assert.equal(troops.metadata.feedId, feed.id);
      assert.match(
        byUrl.get(`${base}/articles/sanctions`)?.text ?? '',
        /Lawmakers in Sylvania began debating/,
      );
      assert.match(byUrl.get(`${base}/articles/flaky`)?.text ?? '', /finally answered/);
      assert.equal(hits['/articles/flaky'], 2, 'the 503 was retried once');
      // Changing the interval re-creates the scheduler, which may poll once more: dedup and the
      // conditional GET keep that from publishing anything twice.
      assert.ok((hits['/feed.xml'] ?? 0) >= 1);

      const again = await jobs.pollFeed({ feedId: feed.id });
      assert.equal(again.status, 'not-modified', 'the second poll is a conditional GET');
      assert.equal(published.length, 3);

      assert.equal(await registry.remove(feed.id), true);
      assert.deepEqual(await pollQueue.schedulerIds(), []);
      assert.deepEqual(await registry.list(), []);
      assert.equal((await jobs.pollFeed({ feedId: feed.id })).status, 'gone');
      assert.equal(await registry.remove(feed.id), false);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([pollQueue.close(), pageQueue.close()]);
      fetcher.close();
    }
  });

  it('fails a page job at once when the error is not retriable', async () => {
    const ns = uniqueName('pages');
    const pageQueue = createJobQueue<{ url: string }>(`${ns}-page`, { connection: queueRedis });
    const attempts: number[] = [];
    const failed: string[] = [];
    const worker = createJobWorker<{ url: string }>(
      pageQueue.name,
      async (_data, job) => {
        attempts.push(job.attemptsMade);
        throw Object.assign(new Error('HTTP 404'), { retriable: false });
      },
      { connection: queueRedis, onFailed: (_job, err) => failed.push(err.message) },
    );
    try {
      await pageQueue.add('page', { url: 'x' }, { attempts: 5, backoffMs: 50 });
      await waitFor('the job to fail', () => (failed.length > 0 ? true : undefined), 10_000);
      assert.deepEqual(attempts, [0]);
      assert.deepEqual(failed, ['HTTP 404']);
    } finally {
      await worker.close();
      await pageQueue.close();
    }
  });
});
