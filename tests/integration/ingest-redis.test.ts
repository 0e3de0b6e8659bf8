// The Redis side of ingest against a real Redis: dedup claims, the accept path over them, the
// per-host token bucket and the HTTP validator store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAcceptor } from '../../services/ingest/accept.ts';
import type { ArticleRecord } from '../../services/ingest/ports.ts';
import {
  closeRedis,
  createRedis,
  createRedisDedupStore,
  createRedisJsonStore,
  createRedisRateLimiter,
  type Redis,
} from '../../services/platform/redis.ts';
import { testStack, uniqueName } from '../helpers/stack.ts';

let redis: Redis;

before(async () => {
  const stack = await testStack();
  redis = createRedis(stack.redisUrl, { name: 'ingest-redis-test' });
});
after(() => closeRedis(redis));

describe('Redis dedup store', () => {
  it('claims once, names the holder of a duplicate, expires, and releases', async () => {
    const dedup = createRedisDedupStore(redis);
    const key = uniqueName('dedup');
    assert.deepEqual(await dedup.claim(key, 'id-1', 60), { duplicate: false });
    assert.deepEqual(await dedup.claim(key, 'id-2', 60), { duplicate: true, existingId: 'id-1' });
    const ttl = await redis.ttl(key);
    assert.ok(ttl > 0 && ttl <= 60, `ttl ${ttl}`);
    await dedup.release(key);
    assert.deepEqual(await dedup.claim(key, 'id-3', 1), { duplicate: false });
    await new Promise((ok) => setTimeout(ok, 1100));
    assert.deepEqual(
      await dedup.claim(key, 'id-4', 60),
      { duplicate: false },
      'expired claims are free again',
    );
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const dedup = createRedisDedupStore(redis);
    const key = uniqueName('race');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => dedup.claim(key, `id-${i}`, 60)));
    assert.equal(results.filter((r) => !r.duplicate).length, 1);
  });

  it('backs the accept path: duplicates across calls, claims released after a failed publish', async () => {
    const published: ArticleRecord[] = [];
    let failing = true;
    const prefix = `${uniqueName('accept')}:`;
    const acceptor = createAcceptor({
      dedup: createRedisDedupStore(redis),
      keyPrefix: prefix,
      sink: {
        publish: async (articles) => {
          if (failing) throw Object.assign(new Error('Kafka unavailable'), { retriable: true });
          published.push(...articles);
        },
      },
    });
    const items = [
      { text: 'Talks between Freedonia and Sylvania resumed in Oslo.', url: 'https://gazette.example/a' },
    ];
    await assert.rejects(
      acceptor.accept(items, { origin: 'OTHER' }),
      (err: { retriable: boolean }) => err.retriable,
    );
    assert.deepEqual(await redis.keys(`${prefix}*`), [], 'every claim was released');
    failing = false;
    const [first] = await acceptor.accept(items, { origin: 'OTHER' });
    assert.equal(first!.status, 'accepted');
    const [again] = await acceptor.accept([{ ...items[0], url: 'https://gazette.example/a?utm_source=x' }], {
      origin: 'OTHER',
    });
    assert.equal(again!.status, 'duplicate');
    assert.equal((await redis.keys(`${prefix}*`)).length, 2, 'one key for the id, one for the text');
    assert.equal(published.length, 1);
  });
});

describe('Redis token bucket', () => {
  it('lets a burst through, then asks to wait about 1/rate', async () => {
    const limiter = createRedisRateLimiter(redis, {
      prefix: `${uniqueName('rate')}:`,
      ratePerSecond: 10,
      burst: 3,
    });
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await limiter.take('news.example'));
    assert.deepEqual(waits.slice(0, 3), [0, 0, 0]);
    assert.ok(waits[3]! > 0 && waits[3]! <= 100, `wait ${waits[3]}`);
    assert.equal(await limiter.take('other.example'), 0, 'each host has its own bucket');
    await new Promise((ok) => setTimeout(ok, 120));
    assert.equal(await limiter.take('news.example'), 0);
  });
});

describe('Redis JSON store', () => {
  it('keeps validators per URL with a TTL', async () => {
    const prefix = `${uniqueName('validators')}:`;
    const store = createRedisJsonStore<{ etag?: string }>(redis, prefix, 30);
    assert.equal(await store.get('https://x.example/a'), null);
    await store.set('https://x.example/a', { etag: '"v1"' });
    assert.deepEqual(await store.get('https://x.example/a'), { etag: '"v1"' });
    assert.ok((await redis.ttl(`${prefix}https://x.example/a`)) > 0);
  });
});
