-- A pending claim is `pending:<ms>:<attempt>:<id>`, a confirmed one the bare id (as claims were
-- before pending ones existed, so keys written by an older ingest still count). The clock is the
-- server's, so replicas with skewed clocks agree on when a pending claim is stale.
--nst CLAIM = readLuaScript(new URL('./redis-dedup-claim.lua', import.meta.url));
--
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local attempt, id = string.match(v, '^pending:%d+:([^:]*):(.*)$')
if attempt ~= ARGV[1] then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], 'pending:' .. now .. ':' .. attempt .. ':' .. id, 'EX', ARGV[2])
return 1
