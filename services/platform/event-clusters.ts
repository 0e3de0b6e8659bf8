import type { Redis } from 'ioredis';
import { UnavailableError } from './errors.ts';

export interface ClusterCounts {
  clusterId: string;
  firstSeenAt: number;
  numMentions: number;
  numSources: number;
  numArticles: number;
  /** Set when the event was already recorded from another record (a second copy): do not output it. */
  otherCopy?: true;
}

export interface Mention {
  fingerprint: string;
  eventId: string;
  source: string;
  articleId: string;
  at: number;
  /** Where this mention was read (e.g. `<partition>:<offset>`), to tell a replay from a copy. */
  copy?: string;
}

// One hash per cluster: 'cluster' and 'first' are set by the first mention; 'm:<eventId>',
// 's:<source>' and 'a:<articleId>' are members (so a replayed event does not count twice) and
// '#m', '#s', '#a' their counts. One key instead of a hash and three sets keeps a cluster small
// (Redis stores a small hash as one compact list); per mention the script reads the hash once,
// adds the three members, and writes back only the fields that changed.
// The script takes many mentions at once and handles them in order, atomically: ARGV[1] is the
// window in seconds, then five values per mention (eventId, source, articleId, at, copy). The
// event's member holds the copy (the consumed record's position): the same record replayed
// finds its own copy and counts nothing, a second copy of the event (another record, e.g. of an
// article ingest published twice) is reported as such.
const SCRIPT = `
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
`;

export interface ClusterStore {
  /**
   * Records one mention and returns the cluster's counts including it. Calls made in the same
   * turn of the event loop (a window of events handled side by side) go to Redis as one script
   * call, in the order they were made.
   */
  record(input: Mention): Promise<ClusterCounts>;
  /** Records mentions in order, in one round trip, atomically; counts for each. */
  recordMany(inputs: readonly Mention[]): Promise<ClusterCounts[]>;
}

type Reply = [string, string, string, string, string, string][];

/**
 * GDELT-style NumMentions / NumSources / NumArticles per event fingerprint, counted in Redis
 * within a window (the key's TTL, renewed on each mention).
 */
export function createClusterStore(
  redis: Redis,
  opts: { prefix?: string; windowSeconds: number; maxBatch?: number },
): ClusterStore {
  const prefix = opts.prefix ?? 'nf:cluster:v2:';
  const maxBatch = opts.maxBatch ?? 500;
  if (!('nfRecordMentions' in redis)) redis.defineCommand('nfRecordMentions', { lua: SCRIPT });
  const call = (
    redis as unknown as Record<string, (...a: unknown[]) => Promise<Reply>>
  ).nfRecordMentions!.bind(redis);

  async function recordMany(inputs: readonly Mention[]): Promise<ClusterCounts[]> {
    if (inputs.length === 0) return [];
    const args: unknown[] = [inputs.length];
    for (const m of inputs) args.push(prefix + m.fingerprint);
    args.push(String(opts.windowSeconds));
    for (const m of inputs) args.push(m.eventId, m.source, m.articleId, String(m.at), m.copy ?? '');
    let reply: Reply;
    try {
      reply = await call(...args);
    } catch (err) {
      throw new UnavailableError(`Redis could not count the mentions: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return reply.map(([clusterId, first, m, s, a, other]) => ({
      clusterId,
      firstSeenAt: Number(first),
      numMentions: Number(m),
      numSources: Number(s),
      numArticles: Number(a),
      ...(other === '1' ? { otherCopy: true } : {}),
    }));
  }

  let queue: { input: Mention; resolve: (c: ClusterCounts) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    for (let i = 0; i < batch.length; i += maxBatch) {
      const part = batch.slice(i, i + maxBatch);
      recordMany(part.map((q) => q.input)).then(
        (counts) => part.forEach((q, k) => q.resolve(counts[k]!)),
        (err: unknown) => part.forEach((q) => q.reject(err)),
      );
    }
  };

  return {
    recordMany,
    record(input) {
      return new Promise<ClusterCounts>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ input, resolve, reject });
      });
    },
  };
}
