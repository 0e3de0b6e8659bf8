-- A pending claim is `pending:<ms>:<attempt>:<id>`, a confirmed one the bare id (as claims were
-- before pending ones existed, so keys written by an older ingest still count). The clock is the
-- server's, so replicas with skewed clocks agree on when a pending claim is stale.
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
