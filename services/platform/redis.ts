import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ClaimOutcome, DedupStore } from '../ingest/ports.ts';
import type { Logger } from './logger.ts';

export type { Redis };

export interface CreateRedisOptions {
  /** Connection name shown by CLIENT LIST, e.g. 'ingest-dedup'. */
  name: string;
  /**
   * For BullMQ queues and workers: `maxRetriesPerRequest: null` (BullMQ's blocking commands must
   * wait through reconnects instead of failing after 20 retries).
   */
  forQueues?: boolean;
  /** Commands issued in the same tick go out in one write (ioredis auto-pipelining). */
  autoPipelining?: boolean;
  /** Told once per change between reachable and unreachable (one line, not one per retry). */
  logger?: Pick<Logger, 'warn' | 'info'>;
}

/**
 * A Lua script kept as a .lua file next to the module that defines it as a command, read once
 * when that module is loaded (process start-up). Throws naming the file when it cannot be read.
 */
export function readLuaScript(url: URL): string {
  try {
    return readFileSync(url, 'utf8');
  } catch (err) {
    throw new Error(`${fileURLToPath(url)}: cannot be read (${(err as Error).message})`, { cause: err });
  }
}

/** One ioredis client. Plain clients fail a command after 3 retries so HTTP can answer 503. */
export function createRedis(url: string, options: CreateRedisOptions): Redis {
  const redis = new Redis(url, {
    connectionName: options.name,
    maxRetriesPerRequest: options.forQueues ? null : 3,
    enableOfflineQueue: true,
    enableAutoPipelining: options.autoPipelining ?? false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  watchRedisState(redis, options.name, options.logger);
  return redis;
}

/**
 * An 'error' listener on every client (without one ioredis prints "[ioredis] Unhandled error
 * event" at each reconnect attempt) that logs one line when the server becomes unreachable and
 * one when it answers again. Clients BullMQ duplicates from this one get the same treatment.
 */
function watchRedisState(redis: Redis, name: string, logger?: Pick<Logger, 'warn' | 'info'>): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ redis: name, err: err.message }, 'Redis unreachable; retrying in the background');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ redis: name }, 'Redis reachable again');
  });
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = (override) => {
    const copy = duplicate(override);
    watchRedisState(copy, `${name}-copy`, logger);
    return copy;
  };
}

// Claims, refreshes and releases of ingest dedup keys; the claim format is described in the scripts.
const CLAIM = readLuaScript(new URL('./redis-dedup-claim.lua', import.meta.url));
const REFRESH = readLuaScript(new URL('./redis-dedup-refresh.lua', import.meta.url));
const RELEASE = readLuaScript(new URL('./redis-dedup-release.lua', import.meta.url));

type DedupCommands = {
  newsflowDedupClaim(
    key: string,
    attempt: string,
    id: string,
    ttl: number,
    staleMs: number,
  ): Promise<string[]>;
  newsflowDedupRelease(key: string, attempt: string): Promise<number>;
  newsflowDedupRefresh(key: string, attempt: string, ttl: number): Promise<number>;
};

/** DedupStore over Redis (see ports.ts): one script call per claim and per release. */
export function createRedisDedupStore(redis: Redis): DedupStore {
  if (!('newsflowDedupClaim' in redis)) {
    redis.defineCommand('newsflowDedupClaim', { numberOfKeys: 1, lua: CLAIM });
    redis.defineCommand('newsflowDedupRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('newsflowDedupRefresh', { numberOfKeys: 1, lua: REFRESH });
  }
  const commands = redis as unknown as DedupCommands;
  return {
    async claim(key, id, attempt, options): Promise<ClaimOutcome> {
      const [kind, detail = ''] = await commands.newsflowDedupClaim(
        key,
        attempt,
        id,
        options.pendingTtlSeconds,
        options.staleAfterMs,
      );
      if (kind === 'duplicate') return { kind, existingId: detail };
      if (kind === 'in-flight') return { kind, holderId: detail };
      return { kind: 'claimed', tookOver: detail === '1' };
    },
    async refresh(key, attempt, options) {
      await commands.newsflowDedupRefresh(key, attempt, options.pendingTtlSeconds);
    },
    async confirm(key, id, ttlSeconds) {
      await redis.set(key, id, 'EX', ttlSeconds);
    },
    async release(key, attempt) {
      await commands.newsflowDedupRelease(key, attempt);
    },
  };
}

/** JSON values under `<prefix><key>` with a TTL (e.g. HTTP validators per URL). */
export function createRedisJsonStore<T>(redis: Redis, prefix: string, ttlSeconds: number) {
  return {
    async get(key: string): Promise<T | null> {
      const raw = await redis.get(prefix + key);
      return raw === null ? null : (JSON.parse(raw) as T);
    },
    async set(key: string, value: T): Promise<void> {
      await redis.set(prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
    },
  };
}

/** JSON values in one Redis hash (e.g. the feeds registry): small, listed whole. */
export function createRedisHashStore<T>(redis: Redis, key: string) {
  return {
    async get(field: string): Promise<T | null> {
      const raw = await redis.hget(key, field);
      return raw === null ? null : (JSON.parse(raw) as T);
    },
    async set(field: string, value: T): Promise<void> {
      await redis.hset(key, field, JSON.stringify(value));
    },
    async delete(field: string): Promise<boolean> {
      return (await redis.hdel(key, field)) > 0;
    },
    async values(): Promise<T[]> {
      return Object.values(await redis.hgetall(key)).map((raw) => JSON.parse(raw) as T);
    },
  };
}

// Token bucket in one script so that every replica shares one budget per key (see the script).
const TAKE_TOKEN = readLuaScript(new URL('./redis-take-token.lua', import.meta.url));

/** Rate limit per key (e.g. per host): `take` answers 0 when allowed now, else the ms to wait. */
export function createRedisRateLimiter(
  redis: Redis,
  options: { prefix: string; ratePerSecond: number; burst: number },
) {
  if (!('newsflowTakeToken' in redis))
    redis.defineCommand('newsflowTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
  const take = (
    redis as unknown as { newsflowTakeToken(key: string, rate: number, burst: number): Promise<number> }
  ).newsflowTakeToken.bind(redis);
  return {
    async take(key: string): Promise<number> {
      return Number(await take(options.prefix + key, options.ratePerSecond, options.burst));
    },
  };
}

/** Closes a client, waiting for replies in flight; falls back to disconnect when it is down. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
