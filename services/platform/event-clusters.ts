import type { Redis } from 'ioredis';
import { UnavailableError } from './errors.ts';

export interface ClusterCounts {
  clusterId: string;
  firstSeenAt: number;
  numMentions: number;
  numSources: number;
  numArticles: number;
}

// One round trip, atomic: the first event of a fingerprint names the cluster; mentions, sources
// and articles are sets, so a replayed event (same eventId) does not count twice.
const SCRIPT = `
local meta, mentions, sources, articles = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
redis.call('HSETNX', meta, 'cluster', ARGV[1])
redis.call('HSETNX', meta, 'first', ARGV[4])
redis.call('SADD', mentions, ARGV[1])
redis.call('SADD', sources, ARGV[2])
redis.call('SADD', articles, ARGV[3])
local ttl = tonumber(ARGV[5])
for _, k in ipairs(KEYS) do redis.call('EXPIRE', k, ttl) end
return { redis.call('HGET', meta, 'cluster'), redis.call('HGET', meta, 'first'), redis.call('SCARD', mentions), redis.call('SCARD', sources), redis.call('SCARD', articles) }
`;

export interface ClusterStore {
  /** Records one mention and returns the cluster's counts including it. */
  record(input: {
    fingerprint: string;
    eventId: string;
    source: string;
    articleId: string;
    at: number;
  }): Promise<ClusterCounts>;
}

/**
 * GDELT-style NumMentions / NumSources / NumArticles per event fingerprint, counted in Redis
 * within a window (the keys' TTL, renewed on each mention).
 */
export function createClusterStore(
  redis: Redis,
  opts: { prefix?: string; windowSeconds: number },
): ClusterStore {
  const prefix = opts.prefix ?? 'nf:cluster:v1:';
  redis.defineCommand('nfRecordMention', { numberOfKeys: 4, lua: SCRIPT });
  return {
    async record({ fingerprint, eventId, source, articleId, at }) {
      const base = prefix + fingerprint;
      let reply: [string, string, number, number, number];
      try {
        reply = await (redis as unknown as Record<string, (...a: unknown[]) => Promise<typeof reply>>)
          .nfRecordMention!(
          `${base}:meta`,
          `${base}:m`,
          `${base}:s`,
          `${base}:a`,
          eventId,
          source,
          articleId,
          String(at),
          String(opts.windowSeconds),
        );
      } catch (err) {
        throw new UnavailableError(`Redis could not count the mention: ${(err as Error).message}`, {
          cause: err,
        });
      }
      const [clusterId, first, numMentions, numSources, numArticles] = reply;
      return { clusterId, firstSeenAt: Number(first), numMentions, numSources, numArticles };
    },
  };
}
