import type { JobQueue } from '../../platform/queues.ts';
import type { FeedManager } from './feed-manager.ts';
import { checkFeedSpec, type Feed, type FeedDefaults } from './feed-spec.ts';
import { FeedSpecError } from './feed-spec-error.ts';

export interface FeedStore {
  get(id: string): Promise<Feed | null>;
  set(id: string, feed: Feed): Promise<void>;
  delete(id: string): Promise<boolean>;
  values(): Promise<Feed[]>;
}

export interface PollJob {
  feedId: string;
}

const POLL_JOB = 'poll';

/**
 * Feeds live in Redis (shared by every replica, kept across restarts); each has a BullMQ job
 * scheduler with the feed id as scheduler id, so adding a feed twice updates its interval.
 */
export function createFeedRegistry(deps: {
  store: FeedStore;
  pollQueue: JobQueue<PollJob>;
  defaults: FeedDefaults;
  now?: () => number;
}): FeedManager & {
  get(id: string): Promise<Feed | null>;
} {
  const now = deps.now ?? Date.now;
  return {
    async add(spec, origin = 'api') {
      const checked = checkFeedSpec(spec, deps.defaults);
      if (!checked.ok) throw new FeedSpecError(checked.errors);
      const existing = await deps.store.get(checked.feed.id);
      const feed: Feed = { ...checked.feed, origin, createdAt: existing?.createdAt ?? now() };
      await deps.store.set(feed.id, feed);
      await deps.pollQueue.upsertScheduler(feed.id, feed.intervalSeconds * 1000, POLL_JOB, {
        feedId: feed.id,
      });
      return { feed, created: existing === null };
    },
    async list() {
      return (await deps.store.values()).sort(
        (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
      );
    },
    async remove(id) {
      await deps.pollQueue.removeScheduler(id);
      return deps.store.delete(id);
    },
    get: (id) => deps.store.get(id),
  };
}
