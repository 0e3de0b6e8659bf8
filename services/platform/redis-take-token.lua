-- A pending claim is `pending:<ms>:<attempt>:<id>`, a confirmed one the bare id (as claims were
-- before pending ones existed, so keys written by an older ingest still count). The clock is the
-- server's, so replicas with skewed clocks agree on when a pending claim is stale.
--nst CLAIM = readLuaScript(new URL('./redis-dedup-claim.lua', import.meta.url));
--
--nst REFRESH = readLuaScript(new URL('./redis-dedup-refresh.lua', import.meta.url));
--
--nst RELEASE = readLuaScript(new URL('./redis-dedup-release.lua', import.meta.url));
--
--pe DedupCommands = {
--newsflowDedupClaim(
--  key: string,
--  attempt: string,
--  id: string,
--  ttl: number,
--  staleMs: number,
--): Promise<string[]>;
--newsflowDedupRelease(key: string, attempt: string): Promise<number>;
--newsflowDedupRefresh(key: string, attempt: string, ttl: number): Promise<number>;
--
--
--* DedupStore over Redis (see ports.ts): one script call per claim and per release. */
--port function createRedisDedupStore(redis: Redis): DedupStore {
--if (!('newsflowDedupClaim' in redis)) {
--  redis.defineCommand('newsflowDedupClaim', { numberOfKeys: 1, lua: CLAIM });
--  redis.defineCommand('newsflowDedupRelease', { numberOfKeys: 1, lua: RELEASE });
--  redis.defineCommand('newsflowDedupRefresh', { numberOfKeys: 1, lua: REFRESH });
--}
--const commands = redis as unknown as DedupCommands;
--return {
--  async claim(key, id, attempt, options): Promise<ClaimOutcome> {
--    const [kind, detail = ''] = await commands.newsflowDedupClaim(
--      key,
--      attempt,
--      id,
--      options.pendingTtlSeconds,
--      options.staleAfterMs,
--    );
--    if (kind === 'duplicate') return { kind, existingId: detail };
--    if (kind === 'in-flight') return { kind, holderId: detail };
--    return { kind: 'claimed', tookOver: detail === '1' };
--  },
--  async refresh(key, attempt, options) {
--    await commands.newsflowDedupRefresh(key, attempt, options.pendingTtlSeconds);
--  },
--  async confirm(key, id, ttlSeconds) {
--    await redis.set(key, id, 'EX', ttlSeconds);
--  },
--  async release(key, attempt) {
--    await commands.newsflowDedupRelease(key, attempt);
--  },
--};
--
--
--* JSON values under `<prefix><key>` with a TTL (e.g. HTTP validators per URL). */
--port function createRedisJsonStore<T>(redis: Redis, prefix: string, ttlSeconds: number) {
--return {
--  async get(key: string): Promise<T | null> {
--    const raw = await redis.get(prefix + key);
--    return raw === null ? null : (JSON.parse(raw) as T);
--  },
--  async set(key: string, value: T): Promise<void> {
--    await redis.set(prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
--  },
--};
--
--
--* JSON values in one Redis hash (e.g. the feeds registry): small, listed whole. */
--port function createRedisHashStore<T>(redis: Redis, key: string) {
--return {
--  async get(field: string): Promise<T | null> {
--    const raw = await redis.hget(key, field);
--    return raw === null ? null : (JSON.parse(raw) as T);
--  },
--  async set(field: string, value: T): Promise<void> {
--    await redis.hset(key, field, JSON.stringify(value));
--  },
--  async delete(field: string): Promise<boolean> {
--    return (await redis.hdel(key, field)) > 0;
--  },
--  async values(): Promise<T[]> {
--    return Object.values(await redis.hgetall(key)).map((raw) => JSON.parse(raw) as T);
--  },
--};
--
--
-- Token bucket in one script so that every replica shares one budget per key. The clock is the
-- server's (TIME), so replicas with skewed clocks cannot overdraw it.
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
