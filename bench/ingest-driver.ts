import { benchArticle, type Corpus } from './corpus.ts';
import { sleep } from './child-process.ts';

export interface DriveOptions {
  ingestUrl: string;
  corpus: Corpus;
  runId: string;
  seconds: number;
  /** Articles per second; undefined = max-rate mode. */
  rate: number | undefined;
  batch: number;
  concurrency: number;
  /** Max-rate mode waits while backlog() exceeds this (0: never waits). */
  maxBacklog: number;
  /** Accepted articles not yet consumed by extract, as last measured. */
  backlog: () => number;
  signal: AbortSignal;
  /** Stop after this many articles (the warm-up). */
  limit?: number;
  /** Goes into each URL path before the number: keeps warm-up copies apart from measured ones. */
  tag?: string;
}

export interface DriveResult {
  /** Accepted article id → the time (ms) ingest's 202/207 answer arrived. */
  accepted: Map<string, number>;
  sent: number;
  duplicates: number;
  rejected: number;
  /** Batches that failed as a whole (HTTP error, timeout); none of their articles was accepted. */
  failedBatches: number;
  firstError: string | undefined;
  startedAt: number;
  /** When the last answer arrived, or the end of the sending window when later. */
  endedAt: number;
  /** Time spent held back by --max-backlog, ms. */
  heldMs: number;
  /** Fixed-rate mode: 100 ms ticks at which sending fell behind schedule (too many batches unanswered). */
  behindTicks: number;
}

interface BatchAnswer {
  results?: { status?: string; id?: string }[];
}

/**
 * Sends the corpus, cycled, to ingest's NDJSON batch endpoint: with `concurrency` batches in
 * flight as fast as answers come (max-rate mode), or `rate` articles a second in small batches
 * on a 100 ms timer (fixed-rate mode). Records every accepted id with the time of its answer.
 */
export async function driveIngest(opts: DriveOptions): Promise<DriveResult> {
  const result: DriveResult = {
    accepted: new Map(),
    sent: 0,
    duplicates: 0,
    rejected: 0,
    failedBatches: 0,
    firstError: undefined,
    startedAt: Date.now(),
    endedAt: Date.now(),
    heldMs: 0,
    behindTicks: 0,
  };
  let next = 0;
  const endAt = result.startedAt + opts.seconds * 1000;

  async function postBatch(count: number): Promise<void> {
    if (opts.limit !== undefined) count = Math.min(count, opts.limit - result.sent);
    if (count <= 0) return;
    const lines: string[] = [];
    for (let i = 0; i < count; i++)
      lines.push(JSON.stringify(benchArticle(opts.corpus, opts.runId, next++, opts.tag)));
    result.sent += count;
    try {
      const res = await fetch(`${opts.ingestUrl}/v1/articles/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: lines.join('\n'),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await res.json().catch(() => ({}))) as BatchAnswer;
      const at = Date.now();
      if (res.status !== 202 && res.status !== 207) {
        result.failedBatches++;
        result.firstError ??= `HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`;
        return;
      }
      for (const r of body.results ?? []) {
        if (r.status === 'accepted' && r.id) result.accepted.set(r.id, at);
        else if (r.status === 'duplicate') result.duplicates++;
        else {
          result.rejected++;
          result.firstError ??= `rejected: ${JSON.stringify(r).slice(0, 300)}`;
        }
      }
      result.endedAt = at;
    } catch (err) {
      result.failedBatches++;
      result.firstError ??= (err as Error).message;
    }
  }

  if (opts.rate === undefined) {
    const lane = async () => {
      while (
        Date.now() < endAt &&
        !opts.signal.aborted &&
        (opts.limit === undefined || result.sent < opts.limit)
      ) {
        if (opts.maxBacklog > 0 && opts.backlog() > opts.maxBacklog) {
          await sleep(100);
          result.heldMs += 100 / opts.concurrency;
          continue;
        }
        await postBatch(opts.batch);
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, lane));
    result.endedAt = Math.max(result.endedAt, Math.min(Date.now(), endAt));
  } else {
    // Open loop: the schedule does not wait for answers, so a slow pipeline shows as latency,
    // not as a lower rate; only a pile-up of unanswered batches (bounded) delays articles.
    const tickMs = 100;
    const maxInFlight = Math.max(16, opts.concurrency * 4);
    const inFlight = new Set<Promise<void>>();
    let scheduled = 0;
    while (!opts.signal.aborted) {
      const now = Date.now();
      const due =
        Math.floor((opts.rate * Math.min(now, endAt) - opts.rate * result.startedAt) / 1000) - scheduled;
      for (let left = due; left > 0;) {
        if (inFlight.size >= maxInFlight) {
          result.behindTicks++;
          break;
        }
        const n = Math.min(left, opts.batch);
        const p = postBatch(n).finally(() => inFlight.delete(p));
        inFlight.add(p);
        scheduled += n;
        left -= n;
      }
      if (now >= endAt) break;
      await sleep(tickMs - ((Date.now() - result.startedAt) % tickMs));
    }
    await Promise.all(inFlight);
  }
  return result;
}
