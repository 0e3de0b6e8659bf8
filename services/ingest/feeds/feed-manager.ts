import type { Feed, FeedSpec } from './feed-spec.ts';

/** What the HTTP layer needs of feeds: add (or update), list, remove. */
export interface FeedManager {
  /** Throws a FeedSpecError (with every offending field) for an invalid spec. */
  add(spec: FeedSpec | unknown, origin?: Feed['origin']): Promise<{ feed: Feed; created: boolean }>;
  list(): Promise<Feed[]>;
  remove(id: string): Promise<boolean>;
}
