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
export function watchRedisState(redis: Redis, name: string, logger?: Pick<Logger, 'warn' | 'info'>): void {
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

// A pending claim is `pending:<ms>:<attempt>:<id>`, a confirmed one the bare id (as claims were
// before pending ones existed, so keys written by an older ingest still count). The clock is the
// server's, so replicas with skewed clocks agree on when a pending claim is stale.
const CLAIM = `
local v = redis.call('GET', KEYS[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if v then
  if string.sub(v, 1, 8) ~= 'pending:' then return {'duplicate', v} end
  local at, holder = string.match(v, '^pending:(%d+):[^:]*:(.*)$')
  if at and now - tonumber(at) < tonumber(ARGV[4]) then return {'in-flight', holder} end
end
redis.call('SET', KEYS[1], 'pending:' .. now .. ':' .. ARGV[1] .. ':' .. ARGV[2], 'EX', ARGV[3])
if v then return {'claimed', '1'} end
return {'claimed', '0'}
`;

const REFRESH = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local attempt, id = string.match(v, '^pending:%d+:([^:]*):(.*)$')
if attempt ~= ARGV[1] then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], 'pending:' .. now .. ':' .. attempt .. ':' .. id, 'EX', ARGV[2])
return 1
`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^pending:%d+:([^:]*):') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

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

// Token bucket in one script so that every replica shares one budget per key. The clock is the
// server's (TIME), so replicas with skewed clocks cannot overdraw it.
const TAKE_TOKEN = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait
`;

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
