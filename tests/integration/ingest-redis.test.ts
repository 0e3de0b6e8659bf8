// The Redis side of ingest against a real Redis: dedup claims, the accept path over them, the
// per-host token bucket and the HTTP validator store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAcceptor } from '../../services/ingest/accept.ts';
import { ClaimInFlightError } from '../../services/ingest/errors.ts';
import type { ArticleRecord } from '../../services/ingest/ports.ts';
import { closeRedis, createRedis, type Redis } from '../../services/platform/redis.ts';
// The three stores ingest builds over Redis (services/ingest/runtime.ts), each tested alone.
import {
  createRedisDedupStore,
  createRedisJsonStore,
  createRedisRateLimiter,
} from '../../services/platform/redis.ts';
import { testStack, uniqueName } from '../helpers/stack.ts';

let redis: Redis;

before(async () => {
  const stack = await testStack();
  redis = createRedis(stack.redisUrl, { name: 'ingest-redis-test' });
});
after(() => closeRedis(redis));

describe('Redis dedup store', () => {
  const opts = { pendingTtlSeconds: 60, staleAfterMs: 10_000 };

  it('claims pending, answers in-flight to others, confirms with the long TTL, expires', async () => {
    const dedup = createRedisDedupStore(redis);
    const key = uniqueName('dedup');
    assert.deepEqual(await dedup.claim(key, 'id-1', 'a1', opts), { kind: 'claimed', tookOver: false });
    assert.deepEqual(await dedup.claim(key, 'id-2', 'a2', opts), { kind: 'in-flight', holderId: 'id-1' });
    const pendingTtl = await redis.ttl(key);
    assert.ok(pendingTtl > 0 && pendingTtl <= 60, `pending ttl ${pendingTtl}`);
    await dedup.confirm(key, 'id-1', 3600);
    assert.deepEqual(await dedup.claim(key, 'id-2', 'a2', opts), { kind: 'duplicate', existingId: 'id-1' });
    const ttl = await redis.ttl(key);
    assert.ok(ttl > 60 && ttl <= 3600, `confirmed ttl ${ttl}`);
    await dedup.release(key, 'a1');
    assert.equal(await redis.get(key), 'id-1', 'a confirmed claim is never released');

    const short = uniqueName('dedup-expiry');
    await dedup.claim(short, 'id-3', 'a3', { ...opts, pendingTtlSeconds: 1 });
    await new Promise((ok) => setTimeout(ok, 1100));
    assert.deepEqual(
      await dedup.claim(short, 'id-4', 'a4', opts),
      { kind: 'claimed', tookOver: false },
      'a pending claim nobody confirmed or released expires after the pending TTL',
    );
  });

  it('releases only its own pending claim, and takes over a stale one', async () => {
    const dedup = createRedisDedupStore(redis);
    const key = uniqueName('dedup-stale');
    await dedup.claim(key, 'id-1', 'a1', opts);
    await dedup.release(key, 'someone-else');
    assert.match((await redis.get(key)) ?? '', /^pending:\d+:a1:id-1$/);
    await dedup.release(key, 'a1');
    assert.equal(await redis.get(key), null);
    await dedup.claim(key, 'id-1', 'a1', { ...opts, staleAfterMs: 300 });
    await new Promise((ok) => setTimeout(ok, 350));
    assert.deepEqual(await dedup.claim(key, 'id-1', 'a2', { ...opts, staleAfterMs: 300 }), {
      kind: 'claimed',
      tookOver: true,
    });
  });

  it('counts a bare id (a claim written before pending claims existed) as confirmed', async () => {
    const dedup = createRedisDedupStore(redis);
    const key = uniqueName('dedup-legacy');
    await redis.set(key, 'old-id', 'EX', 60);
    assert.deepEqual(await dedup.claim(key, 'new-id', 'a1', opts), {
      kind: 'duplicate',
      existingId: 'old-id',
    });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const dedup = createRedisDedupStore(redis);
    const key = uniqueName('race');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => dedup.claim(key, `id-${i}`, `a${i}`, opts)),
    );
    assert.equal(results.filter((r) => r.kind === 'claimed').length, 1);
    assert.equal(results.filter((r) => r.kind === 'in-flight').length, 19);
  });

  it('never loses a retry: a crash between claim and ack, and a release Redis refused', async () => {
    const prefix = `${uniqueName('crash')}:`;
    const items = [
      { text: 'Freedonia closed its border with Sylvania on Monday.', url: 'https://w.example/c' },
    ];
    // Attempt 1 claimed, then its process died before Kafka acknowledged: its pending claims
    // stay behind, no longer refreshed or released (the keys as it left them).
    const store = createRedisDedupStore(redis);
    const [ready] = await createAcceptor({
      dedup: createRedisDedupStore(redis),
      keyPrefix: `${uniqueName('probe')}:`,
      sink: { publish: async () => {} },
    }).accept(items, { origin: 'OTHER' });
    const id = ready!.status === 'accepted' ? ready!.id : '';
    await store.claim(`${prefix}id:${id}`, id, 'dead', { pendingTtlSeconds: 60, staleAfterMs: 1000 });
    const published: ArticleRecord[] = [];
    const live = createAcceptor({
      dedup: createRedisDedupStore(redis),
      keyPrefix: prefix,
      pendingStaleSeconds: 1,
      sink: { publish: async (a) => void published.push(...a) },
    });
    await assert.rejects(
      live.accept(items, { origin: 'OTHER' }),
      (err: Error) => err instanceof ClaimInFlightError,
    );
    await new Promise((ok) => setTimeout(ok, 1050));
    const [retried] = await live.accept(items, { origin: 'OTHER' });
    assert.equal(retried!.status, 'accepted', 'the retry after the stale age is accepted, not "duplicate"');
    assert.equal(published.length, 1);
    for (const key of await redis.keys(`${prefix}*`))
      assert.doesNotMatch((await redis.get(key))!, /^pending:/, `${key} confirmed after the ack`);

    // Attempt 2 fails to publish and Redis refuses the release: the claims must still not outlive it.
    const prefix2 = `${uniqueName('norelease')}:`;
    const failing = createAcceptor({
      dedup: { ...store, release: async () => Promise.reject(new Error('redis went away')) },
      keyPrefix: prefix2,
      pendingStaleSeconds: 1,
      sink: { publish: async () => Promise.reject(Object.assign(new Error('no ack'), { retriable: true })) },
    });
    await assert.rejects(
      failing.accept(items, { origin: 'OTHER' }),
      (err: { retriable: boolean }) => err.retriable,
    );
    await new Promise((ok) => setTimeout(ok, 1050));
    const after = createAcceptor({
      dedup: store,
      keyPrefix: prefix2,
      pendingStaleSeconds: 1,
      sink: { publish: async () => {} },
    });
    assert.equal((await after.accept(items, { origin: 'OTHER' }))[0]!.status, 'accepted');
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
