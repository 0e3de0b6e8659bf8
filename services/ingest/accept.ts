import { MAX_ARTICLE_CHARS } from '../contracts/limits.ts';
import { checkArticleInput, type CheckedInput } from './domain/article-input.ts';
import type { FieldError } from './domain/field-error.ts';
import { normalizeArticle } from './domain/normalize-article.ts';
import { randomBytes } from 'node:crypto';
import { ClaimInFlightError, DedupUnavailableError, SinkUnavailableError, isRetriable } from './errors.ts';
import type { ArticleOrigin, ArticleRecord, ArticleSink, DedupStore, PublishControl } from './ports.ts';

export type AcceptResult =
  | { status: 'accepted'; id: string }
  | { status: 'duplicate'; id: string; existingId: string }
  | { status: 'rejected'; reason: 'invalid' | 'unfetchable' | 'too-large'; errors: FieldError[] };

export interface AcceptContext {
  origin: ArticleOrigin;
  feedUrl?: string | null;
  /**
   * Set by a caller that may stop waiting (accept-deadline.ts). Once its signal is aborted, a
   * call that has not yet sent its articles to Kafka stops: its claims are released and nothing
   * is published, so "not accepted" stays true for the answer the caller already gave.
   */
  control?: PublishControl;
}

/** A fetched page for a url-only input: its body and whether that body is HTML or plain text. */
interface FetchedPage {
  body: string;
  kind: 'html' | 'text';
}

export interface AcceptorDeps {
  sink: ArticleSink;
  dedup: DedupStore;
  /** Fetches the page of an input that carries only a `url`; absent → such inputs are rejected. */
  fetchPage?: (url: string) => Promise<FetchedPage>;
  /** How long an id or content hash stays claimed once Kafka acknowledged it. Default 7 days. */
  dedupTtlSeconds?: number;
  /** Lifetime of the pending claim made before publishing. Default 60 s. */
  pendingTtlSeconds?: number;
  /**
   * Age after which another request's pending claim is taken over (its process died or gave
   * up). Should exceed the longest a live request waits for its ack (the HTTP deadline, 3 s). Default 6 s.
   */
  pendingStaleSeconds?: number;
  /** Told when a claim could not be confirmed after the ack (the article is accepted all the same). */
  onConfirmFailed?: (err: unknown) => void;
  /** Also drop the same text under another URL (see README, "Duplicates"). Default true. */
  dedupByContent?: boolean;
  /** Prefix of the dedup keys. Default 'ingest:dedup:'. */
  keyPrefix?: string;
  /** Longest accepted normalised text. Default MAX_ARTICLE_CHARS (200,000 characters). */
  maxTextChars?: number;
  /** url-only inputs fetched at once per call. Default 4. */
  fetchConcurrency?: number;
  now?: () => number;
}

export interface Acceptor {
  /**
   * One result per item, in order. Throws (retriable or not) when the batch could not be
   * published; then no item was accepted and every pending claim made for the batch was released
   * (or, if Redis failed too, expires after the pending TTL).
   */
  accept(items: readonly unknown[], ctx: AcceptContext): Promise<AcceptResult[]>;
}

type Prepared = { ok: true; article: ArticleRecord } | { ok: false; result: AcceptResult };

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** The acceptor's settings, with their defaults filled in. */
interface AcceptSettings {
  ttl: number;
  byContent: boolean;
  prefix: string;
  maxTextChars: number;
  now: () => number;
  pendingStaleMs: number;
  claimOptions: { pendingTtlSeconds: number; staleAfterMs: number };
}

function settingsOf(deps: AcceptorDeps): AcceptSettings {
  const pendingStaleMs = (deps.pendingStaleSeconds ?? 6) * 1000;
  return {
    ttl: deps.dedupTtlSeconds ?? 7 * 24 * 3600,
    byContent: deps.dedupByContent ?? true,
    prefix: deps.keyPrefix ?? 'ingest:dedup:',
    maxTextChars: deps.maxTextChars ?? MAX_ARTICLE_CHARS,
    now: deps.now ?? Date.now,
    pendingStaleMs,
    claimOptions: { pendingTtlSeconds: deps.pendingTtlSeconds ?? 60, staleAfterMs: pendingStaleMs },
  };
}

async function withContent(deps: AcceptorDeps, input: CheckedInput): Promise<CheckedInput | AcceptResult> {
  if (input.text != null || input.html != null) return input;
  if (!deps.fetchPage) {
    return {
      status: 'rejected',
      reason: 'invalid',
      errors: [{ field: 'url', message: 'fetching pages is disabled: send text or html' }],
    };
  }
  try {
    const page = await deps.fetchPage(input.canonicalUrl ?? input.url!);
    return page.kind === 'html' ? { ...input, html: page.body } : { ...input, text: page.body };
  } catch (err) {
    const message = `could not be fetched: ${err instanceof Error ? err.message : String(err)}`;
    return { status: 'rejected', reason: 'unfetchable', errors: [{ field: 'url', message }] };
  }
}

async function prepare(
  deps: AcceptorDeps,
  maxTextChars: number,
  raw: unknown,
  ctx: AcceptContext,
  ingestedAt: number,
): Promise<Prepared> {
  const checked = checkArticleInput(raw, ingestedAt);
  if (!checked.ok)
    return { ok: false, result: { status: 'rejected', reason: 'invalid', errors: checked.errors } };
  const input = await withContent(deps, checked.input);
  if ('status' in input) return { ok: false, result: input };
  const n = normalizeArticle(input, {
    origin: ctx.origin,
    feedUrl: ctx.feedUrl ?? null,
    ingestedAt,
    maxTextChars,
  });
  return n.ok
    ? { ok: true, article: n.article }
    : {
        ok: false,
        result: { status: 'rejected', reason: n.tooLarge ? 'too-large' : 'invalid', errors: n.errors },
      };
}

type Candidate = { index: number; article: ArticleRecord; key: string };

/** One accept call: its results, and the keys it holds a pending claim on. */
interface Batch {
  deps: AcceptorDeps;
  settings: AcceptSettings;
  attempt: string;
  results: AcceptResult[];
  /** Keys this call holds a pending claim on: confirmed after the ack, released otherwise. */
  claimed: Map<string, string>;
  /** An article another request holds a fresh pending claim on. */
  inFlight?: string;
}

function releaseAll(batch: Batch) {
  return Promise.allSettled(
    [...batch.claimed.keys()].map((key) => batch.deps.dedup.release(key, batch.attempt)),
  );
}

/** Second and later copies within the batch are duplicates of the first (in input order). */
function firstOfBatch(batch: Batch, list: Candidate[]): Candidate[] {
  const seen = new Map<string, string>();
  return list.filter((c) => {
    const first = seen.get(c.key);
    if (first === undefined) {
      seen.set(c.key, c.article.id);
      return true;
    }
    batch.results[c.index] = { status: 'duplicate', id: c.article.id, existingId: first };
    return false;
  });
}

/**
 * All claims of a phase go out at once (one pipelined round trip on Redis). Every claim is
 * settled before failing, so that one that did go through is released too.
 */
async function claimAll(batch: Batch, list: Candidate[]): Promise<Candidate[]> {
  const settled = await Promise.allSettled(
    list.map((c) => batch.deps.dedup.claim(c.key, c.article.id, batch.attempt, batch.settings.claimOptions)),
  );
  const kept: Candidate[] = [];
  let failure: unknown;
  settled.forEach((r, k) => {
    const c = list[k]!;
    if (r.status === 'rejected') {
      failure ??= r.reason;
      return;
    }
    const outcome = r.value;
    if (outcome.kind === 'claimed') {
      batch.claimed.set(c.key, c.article.id);
      kept.push(c);
    } else if (outcome.kind === 'duplicate') {
      batch.results[c.index] = { status: 'duplicate', id: c.article.id, existingId: outcome.existingId };
    } else {
      batch.inFlight ??= c.article.id;
    }
  });
  if (failure !== undefined) throw failure;
  return kept;
}

/** Claims the prepared articles by id, then by text; returns those to publish. */
async function claimUnique(batch: Batch, prepared: Prepared[]): Promise<ArticleRecord[]> {
  const { prefix, byContent } = batch.settings;
  try {
    const candidates = firstOfBatch(
      batch,
      prepared.flatMap((p, index) =>
        p.ok ? [{ index, article: p.article, key: `${prefix}id:${p.article.id}` }] : [],
      ),
    );
    let unique = await claimAll(batch, candidates);
    if (byContent && batch.inFlight === undefined) {
      const byText = await claimAll(
        batch,
        firstOfBatch(
          batch,
          unique.map((c) => ({ ...c, key: `${prefix}text:${c.article.contentHash}` })),
        ),
      );
      // Same text under a new URL: not published, and its id claim dropped, so that URL stays
      // free for the day its text changes.
      const kept = new Set(byText.map((c) => c.index));
      const lost = unique.filter((c) => !kept.has(c.index));
      for (const c of lost) batch.claimed.delete(c.key);
      await Promise.all(lost.map((c) => batch.deps.dedup.release(c.key, batch.attempt)));
      unique = unique.filter((c) => kept.has(c.index));
    }
    return unique.map((c) => c.article);
  } catch (err) {
    await releaseAll(batch);
    throw new DedupUnavailableError(`dedup store failed: ${(err as Error)?.message ?? err}`, {
      retriable: true,
      cause: err,
    });
  }
}

/** The caller stopped waiting before anything was sent: its claims go, nothing is published. */
async function withdrawIfAbandoned(batch: Batch, control: PublishControl | undefined): Promise<void> {
  if (!control?.signal?.aborted) return;
  await releaseAll(batch);
  throw new SinkUnavailableError('withdrawn: the caller stopped waiting before the publish', {
    retriable: true,
  });
}

/** Publishes the claimed articles, keeping their claims fresh meanwhile, then confirms the claims. */
async function publishAndConfirm(
  batch: Batch,
  toPublish: ArticleRecord[],
  control: PublishControl | undefined,
): Promise<void> {
  const { deps, attempt, claimed, settings } = batch;
  // While the publish is under way (it may outlive the HTTP deadline, e.g. during a broker
  // outage) its claims are kept fresh, so a retry waits ("in flight") instead of taking
  // them over and publishing a second copy; a dead process stops refreshing.
  const keepFresh = setInterval(
    () => {
      for (const key of claimed.keys())
        deps.dedup.refresh(key, attempt, settings.claimOptions).catch(() => {});
    },
    Math.max(100, settings.pendingStaleMs / 3),
  );
  try {
    await deps.sink.publish(toPublish, control);
  } catch (err) {
    // Release so that the retry of this batch is not kept waiting for the stale age. If the
    // release fails too, the pending claims expire or go stale on their own.
    await releaseAll(batch);
    throw new SinkUnavailableError(`publish failed: ${(err as Error)?.message ?? err}`, {
      retriable: isRetriable(err),
      cause: err,
    });
  } finally {
    clearInterval(keepFresh);
  }
  // In Kafka now: the claims become the long-lived record. A failed confirm costs at most a
  // second copy of the article if it is sent again after the pending claim went stale
  // (downstream ids are deterministic, so that copy's events replace rather than add up).
  const confirmed = await Promise.allSettled(
    [...claimed].map(([key, id]) => deps.dedup.confirm(key, id, settings.ttl)),
  );
  const failed = confirmed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) deps.onConfirmFailed?.(failed.reason);
}

export function createAcceptor(deps: AcceptorDeps): Acceptor {
  const settings = settingsOf(deps);
  return {
    async accept(items, ctx) {
      const ingestedAt = settings.now();
      const prepared = await mapLimit(items, deps.fetchConcurrency ?? 4, (raw) =>
        prepare(deps, settings.maxTextChars, raw, ctx, ingestedAt),
      );
      const unavailable = prepared.some((p) => p.ok) ? deps.sink.unavailable?.() : undefined;
      if (unavailable !== undefined)
        // Known in advance: refused before any claim, so nothing is left to release or wait for.
        throw new SinkUnavailableError(unavailable, { retriable: true });
      const batch: Batch = {
        deps,
        settings,
        attempt: randomBytes(8).toString('hex'),
        results: prepared.map((p) => (p.ok ? { status: 'accepted', id: p.article.id } : p.result)),
        claimed: new Map(),
      };
      await withdrawIfAbandoned(batch, ctx.control); // fetching url-only inputs can take long
      const toPublish = await claimUnique(batch, prepared);
      if (batch.inFlight !== undefined) {
        // Another request holds a fresh pending claim on one of these articles: it may still be
        // published, or its process may have died. Neither "accepted" nor "duplicate" is known to
        // be true, so the batch is refused retriably; after the stale age a retry takes over.
        await releaseAll(batch);
        throw new ClaimInFlightError(
          `article ${batch.inFlight} is being accepted by another request; retry in a few seconds`,
        );
      }
      if (toPublish.length > 0) {
        // Claims can take long when Redis is away (its client queues commands meanwhile).
        await withdrawIfAbandoned(batch, ctx.control);
        await publishAndConfirm(batch, toPublish, ctx.control);
      }
      return batch.results;
    },
  };
}
