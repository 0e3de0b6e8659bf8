-- One hash per cluster: 'cluster' and 'first' are set by the first mention; 'm:<eventId>',
-- 's:<source>' and 'a:<articleId>' are members (so a replayed event does not count twice) and
-- '#m', '#s', '#a' their counts. One key instead of a hash and three sets keeps a cluster small
-- (Redis stores a small hash as one compact list); per mention the script reads the hash once,
-- adds the three members, and writes back only the fields that changed.
-- The script takes many mentions at once and handles them in order, atomically: ARGV[1] is the
-- window in seconds, then five values per mention (eventId, source, articleId, at, copy). The
-- event's member holds the copy (the consumed record's position): the same record replayed
-- finds its own copy and counts nothing, a second copy of the event (another record, e.g. of an
-- article ingest published twice) is reported as such.
local ttl = tonumber(ARGV[1])
local out = {}
for i, k in ipairs(KEYS) do
  local a = 1 + (i - 1) * 5
  local event, source, article, at, copy = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local c = redis.call('HMGET', k, 'cluster', 'first', '#m', '#s', '#a')
  local changed = {}
  local other = '0'
  if not c[1] then
    c[1], c[2] = event, at
    changed[#changed + 1] = 'cluster'; changed[#changed + 1] = event
    changed[#changed + 1] = 'first'; changed[#changed + 1] = at
  end
  local function add(member, slot, field, value)
    local n = tonumber(c[slot]) or 0
    if redis.call('HSETNX', k, member, value) == 1 then
      n = n + 1
    elseif slot == 3 and copy ~= '' then
      local held = redis.call('HGET', k, member)
      if held ~= '1' and held ~= copy then other = '1' end
    end
    if n ~= (tonumber(c[slot]) or 0) then
      changed[#changed + 1] = field; changed[#changed + 1] = n
    end
    c[slot] = n
  end
  add('m:' .. event, 3, '#m', copy ~= '' and copy or '1')
  add('s:' .. source, 4, '#s', 1)
  add('a:' .. article, 5, '#a', 1)
  if #changed > 0 then redis.call('HSET', k, unpack(changed)) end
  redis.call('EXPIRE', k, ttl)
  out[i] = { c[1], c[2], c[3], c[4], c[5], other }
end
return out
