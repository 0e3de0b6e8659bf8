import type { DedupStore } from './ports.ts';

/**
 * A process-local DedupStore for `newsflow ingest --dry-run` and unit tests of the HTTP layer.
 * Services use the Redis one (platform/redis.ts), shared by every ingest replica.
 */
export function createMemoryDedupStore(now: () => number = Date.now): DedupStore {
  const claims = new Map<string, { id: string; expiresAt: number }>();
  return {
    async claim(key, id, ttlSeconds) {
      const held = claims.get(key);
      if (held && held.expiresAt > now()) return { duplicate: true, existingId: held.id };
      claims.set(key, { id, expiresAt: now() + ttlSeconds * 1000 });
      return { duplicate: false };
    },
    async release(key) {
      claims.delete(key);
    },
  };
}
