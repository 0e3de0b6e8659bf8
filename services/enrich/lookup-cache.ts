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

type CacheStats = ReturnType<LookupCache<unknown>['stats']>;

/** The cache's Prometheus metrics, when a registry is given. */
function cacheMetrics(registry: Registry, name: string) {
  const hits = counter(
    registry,
    `newsflow_${name}_cache_hits_total`,
    `${name} lookups answered by the cache`,
    ['layer'],
  );
  return {
    // Label children bound once: looking a label set up on every increment is not free.
    localHits: hits.labels({ layer: 'local' }),
    redisHits: hits.labels({ layer: 'redis' }),
    misses: counter(
      registry,
      `newsflow_${name}_cache_misses_total`,
      `${name} lookups that went to the resolver`,
    ),
    errors: counter(
      registry,
      `newsflow_${name}_cache_errors_total`,
      `${name} cache reads or writes that failed`,
    ),
    latency: histogram(
      registry,
      `newsflow_${name}_lookup_seconds`,
      `${name} batched lookup time`,
      [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
    ),
  };
}

/**
 * Cache-aside over Redis: batched reads (MGET), misses loaded once even when asked for
 * concurrently (request coalescing), found values and "not found" both cached with their own
 * TTL, and a small in-process layer in front. When Redis fails, lookups go straight to the
 * loader: slower, never wrong, never dropped.
 */
export function createLookupCache<V>(opts: LookupCacheOptions<V>): LookupCache<V> {
  const cache = new RedisLookupCache(opts);
  return {
    getMany: (keys) => cache.getMany(keys),
    peek: (keys) => cache.peek(keys),
    async get(key) {
      return (await cache.getMany([key]))[0] ?? null;
    },
    stats: () => ({ ...cache.stats }),
  };
}

class RedisLookupCache<V> {
  private readonly inflight = new Map<string, Promise<V | null>>();
  private readonly local = new Map<string, { value: V | null; until: number }>();
  private readonly localMax: number;
  private readonly m: ReturnType<typeof cacheMetrics> | undefined;
  readonly stats: CacheStats = { hits: 0, misses: 0, localHits: 0, redisErrors: 0 };

  constructor(private readonly opts: LookupCacheOptions<V>) {
    this.localMax = opts.localEntries ?? 10_000;
    this.m = opts.registry ? cacheMetrics(opts.registry, opts.name) : undefined;
  }

  private remember(key: string, value: V | null, ttl: number): void {
    if (this.localMax === 0) return;
    if (this.local.size >= this.localMax) this.local.delete(this.local.keys().next().value as string);
    this.local.set(key, { value, until: Date.now() + ttl * 1000 });
  }

  private redisFailed(err: unknown, what: string): void {
    this.stats.redisErrors++;
    this.m?.errors.inc();
    this.opts.logger.warn({ err: (err as Error).message }, `${this.opts.name} ${what}`);
  }

  private async loadMisses(keys: string[]): Promise<Map<string, V | null>> {
    const { opts } = this;
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
      this.redisFailed(err, 'cache write failed; continuing uncached');
    }
    for (const [k, v] of out) this.remember(k, v, v === null ? opts.negativeTtlSeconds : opts.ttlSeconds);
    return out;
  }

  peek(keys: string[]): (V | null)[] | undefined {
    const now = Date.now();
    const out: (V | null)[] = [];
    for (const k of keys) {
      const l = this.local.get(k);
      if (!l || l.until <= now) return undefined;
      out.push(l.value);
    }
    this.stats.localHits += keys.length;
    this.m?.localHits.inc(keys.length);
    return out;
  }

  async getMany(keys: string[]): Promise<(V | null)[]> {
    const started = process.hrtime.bigint();
    // The common case under a warm cache: every key is in the in-process layer.
    const fast = this.peek(keys);
    if (fast) {
      this.m?.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
      return fast;
    }
    const result = new Map<string, V | null>();
    const waiting: Promise<void>[] = [];
    const toFetch: string[] = [];
    for (const k of this.notLocal(keys, result)) {
      const p = this.inflight.get(k);
      if (p) waiting.push(p.then((v) => void result.set(k, v)));
      else toFetch.push(k);
    }
    if (toFetch.length > 0) {
      const batch = this.fetch(toFetch, result);
      for (const k of toFetch) {
        const p = batch.then(() => result.get(k) ?? null);
        this.inflight.set(k, p);
        void p.finally(() => this.inflight.delete(k)).catch(() => undefined);
      }
      waiting.push(batch);
    }
    await Promise.all(waiting);
    this.m?.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return keys.map((k) => result.get(k) ?? null);
  }

  /** The distinct keys not fresh in the in-process layer; the fresh ones go into `result`. */
  private notLocal(keys: string[], result: Map<string, V | null>): string[] {
    const now = Date.now();
    const wanted: string[] = [];
    for (const k of new Set(keys)) {
      const l = this.local.get(k);
      if (l && l.until > now) {
        result.set(k, l.value);
        this.stats.localHits++;
        this.m?.localHits.inc();
      } else wanted.push(k);
    }
    return wanted;
  }

  /** Reads the keys from Redis (MGET), loads the misses, and puts every value into `result`. */
  private async fetch(toFetch: string[], result: Map<string, V | null>): Promise<void> {
    const { opts } = this;
    let cached: (string | null)[] = [];
    try {
      cached = await opts.redis.mget(toFetch.map((k) => opts.prefix + k));
    } catch (err) {
      this.redisFailed(err, 'cache read failed; resolving uncached');
      cached = toFetch.map(() => null);
    }
    const misses: string[] = [];
    toFetch.forEach((k, i) => {
      const raw = cached[i];
      if (raw === null || raw === undefined) misses.push(k);
      else {
        const v = raw === NOT_FOUND ? null : (JSON.parse(raw) as V);
        result.set(k, v);
        this.remember(k, v, opts.ttlSeconds);
        this.stats.hits++;
        this.m?.redisHits.inc();
      }
    });
    this.stats.misses += misses.length;
    this.m?.misses.inc(misses.length);
    if (misses.length > 0) for (const [k, v] of await this.loadMisses(misses)) result.set(k, v);
  }
}
