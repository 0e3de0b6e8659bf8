import { MAX_ARTICLE_CHARS } from '../contracts/limits.ts';
import { checkArticleInput, type CheckedInput } from './domain/article-input.ts';
import type { FieldError } from './domain/field-error.ts';
import { normalizeArticle } from './domain/normalize-article.ts';
import { DedupUnavailableError, SinkUnavailableError, isRetriable } from './errors.ts';
import type { ArticleOrigin, ArticleRecord, ArticleSink, DedupStore } from './ports.ts';

export type AcceptResult =
  | { status: 'accepted'; id: string }
  | { status: 'duplicate'; id: string; existingId: string }
  | { status: 'rejected'; reason: 'invalid' | 'unfetchable' | 'too-large'; errors: FieldError[] };

export interface AcceptContext {
  origin: ArticleOrigin;
  feedUrl?: string | null;
}

/** A fetched page for a url-only input: its body and whether that body is HTML or plain text. */
export interface FetchedPage {
  body: string;
  kind: 'html' | 'text';
}

export interface AcceptorDeps {
  sink: ArticleSink;
  dedup: DedupStore;
  /** Fetches the page of an input that carries only a `url`; absent → such inputs are rejected. */
  fetchPage?: (url: string) => Promise<FetchedPage>;
  /** How long an id or content hash stays claimed. Default 7 days. */
  dedupTtlSeconds?: number;
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
   * published; then no item was accepted and every dedup claim made for the batch was released.
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

export function createAcceptor(deps: AcceptorDeps): Acceptor {
  const ttl = deps.dedupTtlSeconds ?? 7 * 24 * 3600;
  const byContent = deps.dedupByContent ?? true;
  const prefix = deps.keyPrefix ?? 'ingest:dedup:';
  const maxTextChars = deps.maxTextChars ?? MAX_ARTICLE_CHARS;
  const now = deps.now ?? Date.now;

  async function withContent(input: CheckedInput): Promise<CheckedInput | AcceptResult> {
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

  async function prepare(raw: unknown, ctx: AcceptContext, ingestedAt: number): Promise<Prepared> {
    const checked = checkArticleInput(raw, ingestedAt);
    if (!checked.ok)
      return { ok: false, result: { status: 'rejected', reason: 'invalid', errors: checked.errors } };
    const input = await withContent(checked.input);
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

  return {
    async accept(items, ctx) {
      const ingestedAt = now();
      const prepared = await mapLimit(items, deps.fetchConcurrency ?? 4, (raw) =>
        prepare(raw, ctx, ingestedAt),
      );
      const claimed: string[] = [];
      // Settles every claim before failing, so that a claim that did go through is released too.
      const claimAll = async (claims: { key: string; id: string }[]) => {
        const settled = await Promise.allSettled(claims.map((c) => deps.dedup.claim(c.key, c.id, ttl)));
        settled.forEach((r, k) => {
          if (r.status === 'fulfilled' && !r.value.duplicate) claimed.push(claims[k]!.key);
        });
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        return settled.map(
          (r) => (r as PromiseFulfilledResult<{ duplicate: boolean; existingId?: string }>).value,
        );
      };
      const releaseAll = () => Promise.allSettled(claimed.map((key) => deps.dedup.release(key)));
      const results: AcceptResult[] = prepared.map((p) =>
        p.ok ? { status: 'accepted', id: p.article.id } : p.result,
      );
      const toPublish: ArticleRecord[] = [];
      try {
        // All claims of a phase are issued at once (one pipelined round trip on Redis instead of
        // one per article); Redis runs them in the order sent, so the first of two copies in one
        // batch still wins, as it would one at a time.
        const candidates = prepared.flatMap((p, index) =>
          p.ok ? [{ index, article: p.article, idKey: `${prefix}id:${p.article.id}` }] : [],
        );
        const byId = await claimAll(candidates.map((c) => ({ key: c.idKey, id: c.article.id })));
        // Candidates whose claim went through; the others are answered "duplicate".
        const keepClaimed = (
          list: typeof candidates,
          claims: { duplicate: boolean; existingId?: string }[],
        ) =>
          list.filter((c, k) => {
            const claim = claims[k]!;
            if (claim.duplicate)
              results[c.index] = {
                status: 'duplicate',
                id: c.article.id,
                existingId: claim.existingId ?? c.article.id,
              };
            return !claim.duplicate;
          });
        const fresh = keepClaimed(candidates, byId);
        let unique = fresh;
        if (byContent) {
          const byHash = await claimAll(
            fresh.map((c) => ({ key: `${prefix}text:${c.article.contentHash}`, id: c.article.id })),
          );
          unique = keepClaimed(fresh, byHash);
          // Same text under a new URL: not published, so that URL stays free for the day its text changes.
          const kept = new Set(unique);
          const lost = new Set(fresh.filter((c) => !kept.has(c)).map((c) => c.idKey));
          claimed.splice(0, claimed.length, ...claimed.filter((k) => !lost.has(k)));
          await Promise.all([...lost].map((key) => deps.dedup.release(key)));
        }
        toPublish.push(...unique.map((c) => c.article));
      } catch (err) {
        await releaseAll();
        throw new DedupUnavailableError(`dedup store failed: ${(err as Error)?.message ?? err}`, {
          retriable: true,
          cause: err,
        });
      }

      if (toPublish.length > 0) {
        try {
          await deps.sink.publish(toPublish);
        } catch (err) {
          // Release so that the feeder's retry of this batch is not answered "duplicate".
          await releaseAll();
          throw new SinkUnavailableError(`publish failed: ${(err as Error)?.message ?? err}`, {
            retriable: isRetriable(err),
            cause: err,
          });
        }
      }
      return results;
    },
  };
}
