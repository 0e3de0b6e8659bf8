// A careful client of ingest: one POST per article at a steady rate; every answer other than 202
// (accepted) or 200 (duplicate, i.e. accepted before) is retried after Retry-After (1 s when
// absent), and so is a request that failed or took longer than 10 s. Every answer is recorded.
import { monitorEventLoopDelay } from 'node:perf_hooks';

interface ArticleOutcome {
  n: number;
  /** Answers in order: HTTP status, or 0 for a connection error or timeout. */
  answers: number[];
  /** Longest wait for an HTTP answer (ms; connection errors and timeouts not counted). */
  slowestAnswerMs: number;
  /** The article id ingest named (from the 202 or 200). */
  id?: string;
  /** When the final 202/200 came, or undefined when the client gave up. */
  doneAt?: number;
}

export interface ClientRun {
  outcomes: ArticleOutcome[];
  startedAt: number;
  sentAllAt: number;
  finishedAt: number;
  /**
   * Longest this process's event loop was held up while the client ran (ms). An answer time
   * includes such a hold-up of the client itself (a CPU-starved machine during a broker restart),
   * so it tells how much of a slow answer may not be ingest's.
   */
  eventLoopMaxDelayMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function postOnce(
  url: string,
  body: unknown,
): Promise<{ status: number; id?: string; retryAfter?: number; ms?: number }> {
  const started = Date.now();
  try {
    const res = await fetch(`${url}/v1/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const ms = Date.now() - started;
    const text = await res.text();
    let id: string | undefined;
    try {
      id = (JSON.parse(text) as { id?: string }).id;
    } catch {
      // not JSON (a proxy's page, a cut connection): no id
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      status: res.status,
      ms,
      id,
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    };
  } catch {
    return { status: 0 };
  }
}

/** Sends `count` articles at `rate` per second (open loop); resolves when every one is settled or given up. */
export async function runClient(opts: {
  url: () => string;
  count: number;
  rate: number;
  article: (n: number) => unknown;
  /** Give up on an article this long after its first send. */
  giveUpMs: number;
}): Promise<ClientRun> {
  const startedAt = Date.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const outcomes: ArticleOutcome[] = [];
  const tasks: Promise<void>[] = [];
  for (let n = 0; n < opts.count; n++) {
    const due = startedAt + (n * 1000) / opts.rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const outcome: ArticleOutcome = { n, answers: [], slowestAnswerMs: 0 };
    outcomes.push(outcome);
    tasks.push(
      (async () => {
        const body = opts.article(n);
        const until = Date.now() + opts.giveUpMs;
        while (Date.now() < until) {
          const r = await postOnce(opts.url(), body);
          outcome.answers.push(r.status);
          if (r.ms !== undefined) outcome.slowestAnswerMs = Math.max(outcome.slowestAnswerMs, r.ms);
          if (r.status === 202 || r.status === 200) {
            outcome.id = r.id;
            outcome.doneAt = Date.now();
            return;
          }
          // a 4xx other than 408/429 will not change on a retry
          if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) return;
          await sleep(Math.min((r.retryAfter ?? 1) * 1000, 5000));
        }
      })(),
    );
  }
  const sentAllAt = Date.now();
  await Promise.all(tasks);
  loop.disable();
  return { outcomes, startedAt, sentAllAt, finishedAt: Date.now(), eventLoopMaxDelayMs: loop.max / 1e6 };
}
