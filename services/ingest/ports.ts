// The ingest core talks to the outside world only through these ports, so that the accept path,
// the HTTP layer and the CLI can be tested without Kafka, and the Kafka side plugs in later.

// The Avro `newsflow.v1.Article` record (schemas/article.avsc); timestamps are ms since epoch.
export type { ArticleOrigin, ArticleRecord } from '../contracts/records.ts';
import type { ArticleRecord } from '../contracts/records.ts';

/** How a caller that may stop waiting (the HTTP deadline) follows one publish. */
export interface PublishControl {
  /**
   * Once aborted, a publish not yet sent to Kafka (queued behind a write Kafka has not
   * acknowledged) is taken back: it rejects, retriably, and none of its records is written.
   */
  signal?: AbortSignal;
  /** Called when the records leave for Kafka: from then on the outcome is Kafka's. */
  onSent?: () => void;
}

export interface ArticleSink {
  /**
   * Resolves only once Kafka acknowledged every record; rejects with an error whose `retriable`
   * is true when Kafka is unavailable (or the publish was withdrawn before it was sent).
   */
  publish(articles: ArticleRecord[], control?: PublishControl): Promise<void>;
  /**
   * Why a publish now would wait instead of being acknowledged (Kafka has left an earlier write
   * unacknowledged for seconds), or undefined. The acceptor then refuses at once, retriably,
   * rather than hold the request until its deadline. Absent: never known in advance.
   */
  unavailable?(): string | undefined;
}

/**
 * What a claim found. `claimed`: the key was free (or held by a pending claim older than the
 * stale age, i.e. an attempt that died or gave up, which this one takes over). `duplicate`: a
 * confirmed claim, the article is in Kafka already. `in-flight`: a young pending claim of another
 * attempt that may still publish; the caller should answer "retry later", never "duplicate".
 */
export type ClaimOutcome =
  | { kind: 'claimed'; tookOver: boolean }
  | { kind: 'duplicate'; existingId: string }
  | { kind: 'in-flight'; holderId: string };

interface ClaimOptions {
  /** Lifetime of the pending claim when nothing confirms or releases it. */
  pendingTtlSeconds: number;
  /** Age after which another attempt's pending claim is taken over. */
  staleAfterMs: number;
}

/**
 * Two-phase dedup: a short pending claim before publishing, confirmed with the long TTL only
 * after Kafka acknowledged. A claim therefore never outlives a publish that did not happen by
 * more than the pending TTL, whether or not the release ran.
 */
export interface DedupStore {
  /** Atomically claims `key` for `id` on behalf of `attempt` (a token unique to one accept call). */
  claim(key: string, id: string, attempt: string, options: ClaimOptions): Promise<ClaimOutcome>;
  /**
   * Renews `attempt`'s pending claim (a fresh timestamp and pending TTL) while its publish is
   * still under way, so that no retry takes it over and publishes a second copy meanwhile.
   */
  refresh(key: string, attempt: string, options: ClaimOptions): Promise<void>;
  /** Turns the claim into a confirmed one for `ttlSeconds` (after the Kafka ack). */
  confirm(key: string, id: string, ttlSeconds: number): Promise<void>;
  /** Drops the claim if it is still `attempt`'s pending one; a confirmed claim is never released. */
  release(key: string, attempt: string): Promise<void>;
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
