import type { DedupStore } from './ports.ts';

type Held = { id: string; expiresAt: number } & (
  { state: 'pending'; attempt: string; at: number } | { state: 'confirmed' }
);

/**
 * A process-local DedupStore for `newsflow ingest --dry-run` and unit tests of the HTTP layer.
 * Services use the Redis one (platform/redis.ts), shared by every ingest replica; both follow
 * the same two-phase rules (ports.ts).
 */
export function createMemoryDedupStore(now: () => number = Date.now): DedupStore {
  const claims = new Map<string, Held>();
  const live = (key: string) => {
    const held = claims.get(key);
    if (held && held.expiresAt <= now()) {
      claims.delete(key);
      return undefined;
    }
    return held;
  };
  return {
    async claim(key, id, attempt, options) {
      const held = live(key);
      if (held?.state === 'confirmed') return { kind: 'duplicate', existingId: held.id };
      if (held && now() - held.at < options.staleAfterMs) return { kind: 'in-flight', holderId: held.id };
      claims.set(key, {
        id,
        state: 'pending',
        attempt,
        at: now(),
        expiresAt: now() + options.pendingTtlSeconds * 1000,
      });
      return { kind: 'claimed', tookOver: held !== undefined };
    },
    async refresh(key, attempt, options) {
      const held = live(key);
      if (held?.state === 'pending' && held.attempt === attempt) {
        held.at = now();
        held.expiresAt = now() + options.pendingTtlSeconds * 1000;
      }
    },
    async confirm(key, id, ttlSeconds) {
      claims.set(key, { id, state: 'confirmed', expiresAt: now() + ttlSeconds * 1000 });
    },
    async release(key, attempt) {
      const held = live(key);
      if (held?.state === 'pending' && held.attempt === attempt) claims.delete(key);
    },
  };
}
