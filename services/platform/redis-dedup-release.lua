-- A pending claim is `pending:<ms>:<attempt>:<id>`, a confirmed one the bare id (as claims were
-- before pending ones existed, so keys written by an older ingest still count). The clock is the
-- server's, so replicas with skewed clocks agree on when a pending claim is stale.
--nst CLAIM = readLuaScript(new URL('./redis-dedup-claim.lua', import.meta.url));
--
--nst REFRESH = readLuaScript(new URL('./redis-dedup-refresh.lua', import.meta.url));
--
local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^pending:%d+:([^:]*):') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
