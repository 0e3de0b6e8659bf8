import { UnavailableError } from '../platform/errors.ts';
import { readLuaScript, type Redis } from '../platform/redis.ts';

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

// Records many mentions in one atomic call; the hash layout and arguments are described in the script.
const SCRIPT = readLuaScript(new URL('./record-mentions.lua', import.meta.url));

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
