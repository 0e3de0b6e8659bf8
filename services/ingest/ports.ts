// The ingest core talks to the outside world only through these ports, so that the accept path,
// the HTTP layer and the CLI can be tested without Kafka, and the Kafka side plugs in later.

// The Avro `newsflow.v1.Article` record (schemas/article.avsc); timestamps are ms since epoch.
export type { ArticleOrigin, ArticleRecord } from '../contracts/records.ts';
import type { ArticleRecord } from '../contracts/records.ts';

export interface ArticleSink {
  /**
   * Resolves only once Kafka acknowledged every record; rejects with an error whose `retriable`
   * is true when Kafka is unavailable.
   */
  publish(articles: ArticleRecord[]): Promise<void>;
}

export interface DedupStore {
  /** Atomically claims `key` for `id` for `ttlSeconds`; a duplicate reports who holds it. */
  claim(key: string, id: string, ttlSeconds: number): Promise<{ duplicate: boolean; existingId?: string }>;
  release(key: string): Promise<void>;
}

/** HTTP validators of the last successful fetch of a URL, for conditional GET. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface ValidatorStore {
  get(url: string): Promise<Validators | null>;
  set(url: string, validators: Validators): Promise<void>;
}

/** A per-key (host) rate limit: `take` answers 0 when a request may go now, else the ms to wait. */
export interface RateLimiter {
  take(key: string): Promise<number>;
}
