import type { Logger } from 'pino';
import type { JobQueue } from '../../platform/queues.ts';
import type { Acceptor, AcceptResult } from '../accept.ts';
import { canonicalizeUrl } from '../domain/canonical-url.ts';
import { articleId } from '../domain/article-id.ts';
import type { Fetcher } from '../fetch/fetcher.ts';
import { planItem, type FeedArticleInput } from './feed-item-plan.ts';
import type { Feed } from './feed-spec.ts';
import type { PollJob } from './feed-registry.ts';
import { parseFeed } from './parse-feed.ts';

export interface PageJob {
  url: string;
  feedUrl: string;
  input: FeedArticleInput;
  /** Used as the article text when the page yields none. */
  summary: string | null;
}

const PAGE_JOB = 'page';

export interface FeedJobsDeps {
  acceptor: Acceptor;
  fetcher: Fetcher;
  feeds: { get(id: string): Promise<Feed | null> };
  pageQueue: JobQueue<PageJob>;
  logger: Logger;
  summaryMaxChars: number;
  /** Attempts and first backoff of page fetch jobs. */
  pageAttempts: number;
  pageBackoffMs: number;
  now?: () => number;
}

export interface PollOutcome {
  status: 'not-modified' | 'polled' | 'gone';
  items: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  queued: number;
  skipped: number;
}

const tally = (results: AcceptResult[], status: AcceptResult['status']) =>
  results.filter((r) => r.status === status).length;

/**
 * The two job handlers, as plain functions: the BullMQ workers in service.ts only call them.
 * Errors thrown here carry `retriable`; the worker retries those with backoff, fails the others.
 */
export function createFeedJobs(deps: FeedJobsDeps) {
  const now = deps.now ?? Date.now;

  async function pollFeed(job: PollJob): Promise<PollOutcome> {
    const empty: PollOutcome = {
      status: 'gone',
      items: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      queued: 0,
      skipped: 0,
    };
    const feed = await deps.feeds.get(job.feedId);
    if (!feed) return empty; // removed while its job was waiting
    const log = deps.logger.child({ feedId: feed.id, feedUrl: feed.url });
    const fetched = await deps.fetcher.fetch(feed.url, { accept: 'feed' });
    if (fetched.status === 'not-modified') return { ...empty, status: 'not-modified' };

    const parsed = await parseFeed(fetched.body, { summaryMaxChars: deps.summaryMaxChars });
    const plans = parsed.items.map((item) => planItem(item, feed, parsed.language, now()));
    const inline = plans.flatMap((p) => (p.kind === 'accept' ? [p.input] : []));
    const results =
      inline.length > 0 ? await deps.acceptor.accept(inline, { origin: 'FEED', feedUrl: feed.url }) : [];
    let queued = 0;
    for (const plan of plans) {
      if (plan.kind !== 'fetch') continue;
      const canonical = canonicalizeUrl(plan.url);
      if (!canonical.ok) continue;
      // One job id per article URL: BullMQ does not add a job whose id it still keeps, so an item
      // seen at every poll is fetched once a day at most (and then conditionally).
      await deps.pageQueue.add(
        PAGE_JOB,
        { url: canonical.url, feedUrl: feed.url, input: plan.input, summary: plan.summary },
        {
          jobId: `page-${articleId(canonical.url, '')}`,
          attempts: deps.pageAttempts,
          backoffMs: deps.pageBackoffMs,
        },
      );
      queued++;
    }
    // Only now: had publishing failed, the retry must see the feed again rather than a 304.
    await fetched.commit();
    const outcome: PollOutcome = {
      status: 'polled',
      items: parsed.items.length,
      accepted: tally(results, 'accepted'),
      duplicates: tally(results, 'duplicate'),
      rejected: tally(results, 'rejected'),
      queued,
      skipped: plans.filter((p) => p.kind === 'skip').length,
    };
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected')
        log.warn({ item: inline[i]?.url ?? i, errors: r.errors }, 'feed item rejected');
    }
    log.info(outcome, 'feed polled');
    return outcome;
  }

  async function fetchPage(job: PageJob): Promise<AcceptResult | { status: 'not-modified' }> {
    const fetched = await deps.fetcher.fetch(job.url, { accept: 'html' });
    if (fetched.status === 'not-modified') return { status: 'not-modified' };
    const body = fetched.mediaType === 'text/plain' ? { text: fetched.body } : { html: fetched.body };
    let [result] = await deps.acceptor.accept([{ ...job.input, ...body }], {
      origin: 'FEED',
      feedUrl: job.feedUrl,
    });
    if (result?.status === 'rejected' && job.summary) {
      [result] = await deps.acceptor.accept([{ ...job.input, html: job.summary }], {
        origin: 'FEED',
        feedUrl: job.feedUrl,
      });
    }
    await fetched.commit();
    if (result?.status === 'rejected')
      deps.logger.warn({ url: job.url, errors: result.errors }, 'fetched page rejected');
    return result!;
  }

  return { pollFeed, fetchPage };
}
