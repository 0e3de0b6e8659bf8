import type { Logger } from '../platform/logger.ts';
import { counter, histogram, type Registry } from '../platform/metrics.ts';
import type { Redis } from '../platform/redis.ts';

export interface LookupCacheOptions<V> {
  redis: Redis;
  /** Key namespace, e.g. 'nf:entity:v1:'; bump the version when the value shape changes. */
  prefix: string;
  ttlSeconds: number;
  /** TTL of a cached "not found", shorter so that new knowledge shows up soon. */
  negativeTtlSeconds: number;
  /** Resolves keys that are not cached; returns null for "not found". */
  load: (keys: string[]) => Promise<(V | null)[]>;
  logger: Logger;
  registry?: Registry;
  name: string;
  /** Entries kept in process memory in front of Redis (0 disables). */
  localEntries?: number;
}

export interface LookupCache<V> {
  get(key: string): Promise<V | null>;
  getMany(keys: string[]): Promise<(V | null)[]>;
  /** The values when every key is fresh in the in-process layer (counted as hits), else undefined. */
  peek(keys: string[]): (V | null)[] | undefined;
  stats(): { hits: number; misses: number; localHits: number; redisErrors: number };
}

const NOT_FOUND = '\u0000';

/**
 * Cache-aside over Redis: batched reads (MGET), misses loaded once even when asked for
 * concurrently (request coalescing), found values and "not found" both cached with their own
 * TTL, and a small in-process layer in front. When Redis fails, lookups go straight to the
 * loader: slower, never wrong, never dropped.
 */
export function createLookupCache<V>(opts: LookupCacheOptions<V>): LookupCache<V> {
  const inflight = new Map<string, Promise<V | null>>();
  const local = new Map<string, { value: V | null; until: number }>();
  const localMax = opts.localEntries ?? 10_000;
  const s = { hits: 0, misses: 0, localHits: 0, redisErrors: 0 };
  const m = opts.registry
    ? {
        hits: counter(
          opts.registry,
          `newsflow_${opts.name}_cache_hits_total`,
          `${opts.name} lookups answered by the cache`,
          ['layer'],
        ),
        misses: counter(
          opts.registry,
          `newsflow_${opts.name}_cache_misses_total`,
          `${opts.name} lookups that went to the resolver`,
        ),
        errors: counter(
          opts.registry,
          `newsflow_${opts.name}_cache_errors_total`,
          `${opts.name} cache reads or writes that failed`,
        ),
        latency: histogram(
          opts.registry,
          `newsflow_${opts.name}_lookup_seconds`,
          `${opts.name} batched lookup time`,
          [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
        ),
      }
    : undefined;

  function remember(key: string, value: V | null, ttl: number) {
    if (localMax === 0) return;
    if (local.size >= localMax) local.delete(local.keys().next().value as string);
    local.set(key, { value, until: Date.now() + ttl * 1000 });
  }

  async function loadMisses(keys: string[]): Promise<Map<string, V | null>> {
    const out = new Map<string, V | null>();
    const values = await opts.load(keys);
    keys.forEach((k, i) => out.set(k, values[i] ?? null));
    try {
      const pipe = opts.redis.pipeline();
      for (const [k, v] of out) {
        const ttl = v === null ? opts.negativeTtlSeconds : opts.ttlSeconds;
        pipe.set(opts.prefix + k, v === null ? NOT_FOUND : JSON.stringify(v), 'EX', ttl);
      }
      await pipe.exec();
    } catch (err) {
      s.redisErrors++;
      m?.errors.inc();
      opts.logger.warn(
        { err: (err as Error).message },
        `${opts.name} cache write failed; continuing uncached`,
      );
    }
    for (const [k, v] of out) remember(k, v, v === null ? opts.negativeTtlSeconds : opts.ttlSeconds);
    return out;
  }

  // Label children bound once: looking a label set up on every increment is not free.
  const localHitsMetric = m?.hits.labels({ layer: 'local' });
  const redisHitsMetric = m?.hits.labels({ layer: 'redis' });

  function peek(keys: string[]): (V | null)[] | undefined {
    const now = Date.now();
    const out: (V | null)[] = [];
    for (const k of keys) {
      const l = local.get(k);
      if (!l || l.until <= now) return undefined;
      out.push(l.value);
    }
    s.localHits += keys.length;
    localHitsMetric?.inc(keys.length);
    return out;
  }

  async function getMany(keys: string[]): Promise<(V | null)[]> {
    const started = process.hrtime.bigint();
    // The common case under a warm cache: every key is in the in-process layer.
    const fast = peek(keys);
    if (fast) {
      m?.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
      return fast;
    }
    const now = Date.now();
    const result = new Map<string, V | null>();
    const wanted: string[] = [];
    for (const k of new Set(keys)) {
      const l = local.get(k);
      if (l && l.until > now) {
        result.set(k, l.value);
        s.localHits++;
        localHitsMetric?.inc();
      } else wanted.push(k);
    }
    const waiting: Promise<void>[] = [];
    const toFetch: string[] = [];
    for (const k of wanted) {
      const p = inflight.get(k);
      if (p) waiting.push(p.then((v) => void result.set(k, v)));
      else toFetch.push(k);
    }
    if (toFetch.length > 0) {
      const batch = (async () => {
        let cached: (string | null)[] = [];
        try {
          cached = await opts.redis.mget(toFetch.map((k) => opts.prefix + k));
        } catch (err) {
          s.redisErrors++;
          m?.errors.inc();
          opts.logger.warn(
            { err: (err as Error).message },
            `${opts.name} cache read failed; resolving uncached`,
          );
          cached = toFetch.map(() => null);
        }
        const misses: string[] = [];
        toFetch.forEach((k, i) => {
          const raw = cached[i];
          if (raw === null || raw === undefined) misses.push(k);
          else {
            const v = raw === NOT_FOUND ? null : (JSON.parse(raw) as V);
            result.set(k, v);
            remember(k, v, opts.ttlSeconds);
            s.hits++;
            redisHitsMetric?.inc();
          }
        });
        s.misses += misses.length;
        m?.misses.inc(misses.length);
        if (misses.length > 0) for (const [k, v] of await loadMisses(misses)) result.set(k, v);
      })();
      for (const k of toFetch) {
        const p = batch.then(() => result.get(k) ?? null);
        inflight.set(k, p);
        void p.finally(() => inflight.delete(k)).catch(() => undefined);
      }
      waiting.push(batch);
    }
    await Promise.all(waiting);
    m?.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return keys.map((k) => result.get(k) ?? null);
  }

  return {
    getMany,
    peek,
    async get(key) {
      return (await getMany([key]))[0] ?? null;
    },
    stats: () => ({ ...s }),
  };
}
