// The Redis-backed pieces of the platform against a real Redis.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClusterStore } from '../../services/enrich/event-clusters.ts';
import { createLookupCache } from '../../services/enrich/lookup-cache.ts';
import { testLogger, testStack, uniqueName } from '../helpers/stack.ts';

let redis: Redis;

before(async () => {
  redis = new Redis((await testStack()).redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

after(async () => {
  redis.disconnect();
});

test('lookup cache: misses load once, hits come from Redis, not-found is cached with its own TTL', async () => {
  const loads: string[][] = [];
  const make = () =>
    createLookupCache<{ name: string }>({
      redis,
      prefix: `${uniqueName('cache')}:`,
      ttlSeconds: 60,
      negativeTtlSeconds: 5,
      name: 'test',
      logger: testLogger(),
      localEntries: 0,
      load: async (keys) => {
        loads.push(keys);
        return keys.map((k) => (k.startsWith('known') ? { name: k.toUpperCase() } : null));
      },
    });
  const cache = make();
  // concurrent requests for the same keys are coalesced into one load
  const [a, b] = await Promise.all([
    cache.getMany(['known-1', 'unknown-1', 'known-1']),
    cache.get('known-1'),
  ]);
  assert.deepEqual(a, [{ name: 'KNOWN-1' }, null, { name: 'KNOWN-1' }]);
  assert.deepEqual(b, { name: 'KNOWN-1' });
  assert.deepEqual(loads, [['known-1', 'unknown-1']]);
  assert.deepEqual(await cache.getMany(['known-1', 'unknown-1']), [{ name: 'KNOWN-1' }, null]);
  assert.equal(loads.length, 1, 'second read is served by Redis, including the negative entry');
  assert.equal(cache.stats().hits, 2);
  const keys = await redis.keys('*unknown-1');
  assert.equal(keys.length, 1);
  const ttl = await redis.ttl(keys[0]!);
  assert.ok(ttl > 0 && ttl <= 5, `negative entry TTL ${ttl}`);
});

/** A client of a port nothing listens on that fails every command at once, never retrying. */
const unreachableRedis = () =>
  new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });

test('lookup cache keeps answering when Redis is gone', async () => {
  const dead = unreachableRedis();
  const cache = createLookupCache<number>({
    redis: dead,
    prefix: 'x:',
    ttlSeconds: 60,
    negativeTtlSeconds: 5,
    name: 'test',
    logger: testLogger(),
    localEntries: 0,
    load: async (keys) => keys.map((k) => k.length),
  });
  assert.deepEqual(await cache.getMany(['ab', 'abcd']), [2, 4]);
  assert.ok(cache.stats().redisErrors >= 1);
  dead.disconnect();
});

test('cluster store tells a replayed record from a second copy of the same event', async () => {
  const store = createClusterStore(redis, { prefix: `${uniqueName('copy')}:`, windowSeconds: 60 });
  const mention = { fingerprint: 'fp', eventId: 'e1', source: 'a.example', articleId: 'art1', at: 1000 };
  const first = await store.record({ ...mention, copy: '0:10' });
  assert.equal(first.otherCopy, undefined);
  const replay = await store.record({ ...mention, copy: '0:10' });
  assert.equal(replay.otherCopy, undefined, 'the same record read again is a replay, output again');
  assert.equal(replay.numMentions, 1);
  const copy = await store.record({ ...mention, copy: '0:42' });
  assert.equal(copy.otherCopy, true, 'the same event from another record is a second copy');
  assert.equal(copy.numMentions, 1, 'and is not counted');
});

test('cluster store counts mentions, sources and articles atomically and ignores replays', async () => {
  const store = createClusterStore(redis, { prefix: `${uniqueName('cl')}:`, windowSeconds: 60 });
  const fp = 'fp1';
  const first = await store.record({
    fingerprint: fp,
    eventId: 'e1',
    source: 'a.example',
    articleId: 'art1',
    at: 1000,
  });
  assert.deepEqual(first, {
    clusterId: 'e1',
    firstSeenAt: 1000,
    numMentions: 1,
    numSources: 1,
    numArticles: 1,
  });
  const replay = await store.record({
    fingerprint: fp,
    eventId: 'e1',
    source: 'a.example',
    articleId: 'art1',
    at: 1500,
  });
  assert.equal(replay.numMentions, 1, 'a replayed event does not count twice');
  const concurrent = await Promise.all([
    store.record({ fingerprint: fp, eventId: 'e2', source: 'b.example', articleId: 'art2', at: 2000 }),
    store.record({ fingerprint: fp, eventId: 'e3', source: 'a.example', articleId: 'art3', at: 3000 }),
    store.record({ fingerprint: fp, eventId: 'e4', source: 'b.example', articleId: 'art2', at: 4000 }),
  ]);
  const last = concurrent.reduce((x, y) => (x.numMentions > y.numMentions ? x : y));
  assert.deepEqual(last, {
    clusterId: 'e1',
    firstSeenAt: 1000,
    numMentions: 4,
    numSources: 2,
    numArticles: 3,
  });
  const other = await store.record({
    fingerprint: 'fp2',
    eventId: 'e9',
    source: 'a.example',
    articleId: 'art9',
    at: 9000,
  });
  assert.equal(other.clusterId, 'e9');
});

test('cluster store: many mentions in one call are counted in order, the same cluster several times included', async () => {
  const store = createClusterStore(redis, { prefix: `${uniqueName('clm')}:`, windowSeconds: 60 });
  const counts = await store.recordMany([
    { fingerprint: 'x', eventId: 'e1', source: 's1', articleId: 'a1', at: 10 },
    { fingerprint: 'y', eventId: 'e2', source: 's1', articleId: 'a2', at: 20 },
    { fingerprint: 'x', eventId: 'e3', source: 's2', articleId: 'a3', at: 30 },
    { fingerprint: 'x', eventId: 'e1', source: 's1', articleId: 'a1', at: 40 },
  ]);
  assert.deepEqual(
    counts.map((c) => [c.clusterId, c.firstSeenAt, c.numMentions, c.numSources, c.numArticles]),
    [
      ['e1', 10, 1, 1, 1],
      ['e2', 20, 1, 1, 1],
      ['e1', 10, 2, 2, 2],
      ['e1', 10, 2, 2, 2],
    ],
  );
  // and single calls made side by side are answered one by one, each with its own counts
  const side = await Promise.all(
    ['e4', 'e5', 'e6'].map((id, i) =>
      store.record({ fingerprint: 'y', eventId: id, source: `s${i}`, articleId: id, at: 50 + i }),
    ),
  );
  assert.deepEqual(
    side.map((c) => c.numMentions),
    [2, 3, 4],
  );
  assert.ok(side.every((c) => c.clusterId === 'e2' && c.firstSeenAt === 20));
});

test('cluster store says "unavailable" (retriable, so the consumer pauses) when Redis is gone', async () => {
  const dead = unreachableRedis();
  const store = createClusterStore(dead, { windowSeconds: 60 });
  await assert.rejects(
    store.record({ fingerprint: 'f', eventId: 'e', source: 's', articleId: 'a', at: 1 }),
    (err: Error & { retriable?: boolean }) => err.name === 'UnavailableError' && err.retriable === true,
  );
  dead.disconnect();
});
