import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cliClients } from '../cli/format/cli-env.ts';
import { topicNames } from '../services/platform/topics.ts';
import { topicWatermarks } from '../services/platform/topic-reader.ts';
import { commandUsage, parseCommandArgs } from '../cli/command-args.ts';
import type { CommandIo } from '../cli/io.ts';
import { parseJsonLines } from '../cli/jsonl.ts';

const USAGE = `usage: newsflow bench ingest --url http://127.0.0.1:PORT [options]

Drives a running ingest with NDJSON batches, then with single POSTs, and reports articles/s and
p50/p99 latency of an accepted request (which includes Kafka's acknowledgement).

options:
  --url URL            ingest base URL; loopback only (default http://127.0.0.1:8080)
  --batch N            articles per batch request (default 100)
  --seconds S          duration of each phase (default 20)
  --concurrency C      requests in flight (default 8)
  --corpus FILE        JSON Lines of articles to send (default: synthesised articles)
  --mode M             batch, single or both (default both)
  --token T            bearer token, when ingest requires one
  --json               print the report as JSON
  -h, --help
`;

interface PhaseReport {
  phase: 'batch' | 'single';
  requests: number;
  articles: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failedRequests: number;
  seconds: number;
  articlesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const WORDS = (
  'government minister talks border troops parliament sanctions protest capital agreement ' +
  'foreign ministry officials opposition election ceasefire summit delegation police court president ' +
  'withdraw announced criticised condemned met signed accused demanded rejected welcomed'
).split(' ');

function synthetic(n: number, nonce: string): Record<string, unknown> {
  const words = Array.from({ length: 120 }, (_, i) => WORDS[(n * 7 + i * 13) % WORDS.length]);
  const sentences: string[] = [];
  for (let i = 0; i < words.length; i += 12) sentences.push(`${words.slice(i, i + 12).join(' ')}.`);
  return {
    url: `https://bench.newsflow.invalid/${nonce}/${n}`,
    title: `Benchmark article ${n}`,
    text: `${sentences.slice(0, 5).join(' ')}\n\n${sentences.slice(5).join(' ')}\n\n[bench ${nonce}-${n}]`,
    publishedAt: Date.now(),
  };
}

/** Every article sent is unique (URL and text carry a run nonce), so dedup does not flatter the numbers. */
export function articleSource(corpus: Record<string, unknown>[] | null, nonce: string) {
  let n = 0;
  return () => {
    const i = n++;
    if (!corpus) return synthetic(i, nonce);
    const base = corpus[i % corpus.length]!;
    const text = typeof base.text === 'string' ? `${base.text}\n\n[bench ${nonce}-${i}]` : base.text;
    // Only the article fields the API knows, so that corpora with extra fields (annotations,
    // `link`) can be replayed as they are.
    const pick = (k: string) => (typeof base[k] === 'string' ? { [k]: base[k] } : {});
    return {
      ...pick('title'),
      ...pick('source'),
      ...pick('publishedAt'),
      ...pick('language'),
      ...pick('html'),
      url: `https://bench.newsflow.invalid/${nonce}/${i}`,
      ...(text !== undefined ? { text } : {}),
    };
  };
}

/**
 * The same articles as articleSource, as UTF-8 JSON lines ready to send. The client shares the
 * cores with ingest, so it does as little as it can per article: each corpus entry is serialised
 * once, in two pieces around the copy number, and a request body is those bytes put together
 * (a string body would be checked and converted to UTF-8 again by fetch on every request).
 */
export function articleLines(corpus: Record<string, unknown>[] | null, nonce: string): () => Buffer {
  if (!corpus) {
    const next = articleSource(null, nonce);
    return () => Buffer.from(JSON.stringify(next()));
  }
  const pieces = corpus.map((base) => {
    const known: Record<string, unknown> = {};
    for (const k of ['title', 'source', 'publishedAt', 'language', 'html'])
      if (typeof base[k] === 'string') known[k] = base[k];
    const head = JSON.stringify(known).slice(0, -1); // '{...' without its closing brace
    const text = typeof base.text === 'string' ? JSON.stringify(base.text).slice(0, -1) : undefined;
    return {
      head: Buffer.from(
        `${head}${head.length > 1 ? ',' : ''}"url":"https://bench.newsflow.invalid/${nonce}/`,
      ),
      text: text === undefined ? undefined : Buffer.from(`","text":${text}`),
    };
  });
  let n = 0;
  return () => {
    const i = n++;
    const p = pieces[i % pieces.length]!;
    const tail = p.text
      ? [Buffer.from(String(i)), p.text, Buffer.from(`\\n\\n[bench ${nonce}-${i}]"}`)]
      : [Buffer.from(`${i}"}`)];
    return Buffer.concat([p.head, ...tail]);
  };
}

const NL = Buffer.from('\n');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function runPhase(
  phase: 'batch' | 'single',
  opts: {
    base: string;
    batch: number;
    seconds: number;
    concurrency: number;
    headers: Record<string, string>;
    next: () => Buffer;
  },
): Promise<PhaseReport> {
  const latencies: number[] = [];
  const r = { requests: 0, articles: 0, accepted: 0, duplicates: 0, rejected: 0, failedRequests: 0 };
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      const items = phase === 'batch' ? Array.from({ length: opts.batch }, opts.next) : [opts.next()];
      const body =
        items.length === 1 ? items[0]! : Buffer.concat(items.flatMap((b, k) => (k ? [NL, b] : [b])));
      const t0 = performance.now();
      const res = await fetch(
        phase === 'batch' ? `${opts.base}/v1/articles/batch` : `${opts.base}/v1/articles`,
        {
          method: 'POST',
          headers: {
            ...opts.headers,
            'content-type': phase === 'batch' ? 'application/x-ndjson' : 'application/json',
          },
          body,
        },
      ).catch(() => null);
      const answer = res ? ((await res.json().catch(() => ({}))) as Record<string, unknown>) : {};
      r.requests++;
      r.articles += items.length;
      if (!res || (res.status >= 300 && res.status !== 207)) {
        r.failedRequests++;
        if (res?.status === 400) r.rejected += items.length;
        else await new Promise((ok) => setTimeout(ok, 100)); // 503: back off a little
        continue;
      }
      latencies.push(performance.now() - t0);
      if (phase === 'batch') {
        r.accepted += Number(answer.accepted ?? 0);
        r.duplicates += Number(answer.duplicates ?? 0);
        r.rejected += Number(answer.rejected ?? 0);
      } else if (answer.status === 'accepted') r.accepted++;
      else r.duplicates++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    phase,
    ...r,
    seconds: round(seconds),
    articlesPerSecond: round(r.accepted / seconds),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
  };
}

interface IngestBenchOptions {
  base: URL;
  batch: number;
  seconds: number;
  concurrency: number;
  mode: 'batch' | 'single' | 'both';
  corpus?: string;
  token?: string;
  json: boolean;
}

function parseOptions(argv: string[], io: CommandIo): IngestBenchOptions | { exit: number } {
  const parsed = parseCommandArgs(io, 'bench ingest', USAGE, argv, {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    batch: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
    corpus: { type: 'string' },
    mode: { type: 'string', default: 'both' },
    token: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed;
  const { values } = parsed;
  const usage = (message: string) => ({ exit: commandUsage(io, 'bench ingest', USAGE)(message) });
  const [batch, seconds, concurrency] = [values.batch, values.seconds, values.concurrency].map(Number) as [
    number,
    number,
    number,
  ];
  let base: URL;
  try {
    base = new URL(values.url);
  } catch {
    return usage('--url: not a URL');
  }
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(base.hostname))
    return usage('--url: the benchmark only drives a loopback ingest (127.0.0.1, ::1, localhost)');
  if (![batch, seconds, concurrency].every((n) => Number.isFinite(n) && n > 0))
    return usage('--batch, --seconds and --concurrency must be positive numbers');
  const mode = values.mode;
  if (mode !== 'batch' && mode !== 'single' && mode !== 'both')
    return usage(`--mode ${mode}: use batch, single or both`);
  return {
    base,
    batch,
    seconds,
    concurrency,
    mode,
    corpus: values.corpus,
    token: values.token,
    json: values.json,
  };
}

/** The corpus's articles; lines that are not JSON are left out. */
async function readCorpus(path: string): Promise<Record<string, unknown>[]> {
  return parseJsonLines(await readFile(path, 'utf8')).flatMap((l) =>
    l.error === undefined ? [l.value as Record<string, unknown>] : [],
  );
}

function writeReport(
  io: CommandIo,
  reports: PhaseReport[],
  accounting: { topic: string; accepted: number; written: number; missing: number },
): void {
  for (const p of reports) {
    io.stdout.write(
      `${p.phase.padEnd(6)} ${p.articlesPerSecond.toFixed(1).padStart(9)} articles/s  p50 ${p.latencyMs.p50} ms  p99 ${p.latencyMs.p99} ms  ` +
        `(${p.requests} requests, ${p.accepted} accepted, ${p.duplicates} duplicates, ${p.rejected} rejected, ${p.failedRequests} failed, ${p.seconds} s)\n`,
    );
  }
  const { topic, accepted, written, missing } = accounting;
  io.stdout.write(
    `accepted ${accepted}, new messages in ${topic} ${written}: ${missing === 0 ? 'none missing' : `${missing} MISSING`}` +
      `${written > accepted ? ' (other writers also wrote to the topic meanwhile)' : ''}\n`,
  );
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(argv, io);
  if ('exit' in options) return options.exit;
  const { base, batch, seconds, concurrency } = options;
  let corpus: Record<string, unknown>[] | null = null;
  if (options.corpus) {
    corpus = await readCorpus(options.corpus);
    if (corpus.length === 0) {
      io.stderr.write(`--corpus: no JSON lines in ${options.corpus}\n`);
      return 2;
    }
  }
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const ready = await fetch(new URL('/healthz', base)).catch(() => null);
  if (!ready?.ok) {
    io.stderr.write(`no ingest answers at ${base.origin}/healthz\n`);
    return 3;
  }
  const next = articleLines(corpus, randomBytes(4).toString('hex'));
  const opts = { base: base.origin, batch, seconds, concurrency: Math.floor(concurrency), headers, next };
  const phases = options.mode === 'both' ? (['batch', 'single'] as const) : [options.mode];
  // Every accepted article must be in the topic: count the topic's messages before and after.
  const { kafka, prefix } = cliClients(io.env, 'newsflow-bench-ingest');
  const topic = topicNames(prefix).articleRaw;
  const messagesIn = async () =>
    (await topicWatermarks(kafka, [topic]))[0]!.partitions.reduce((n, p) => n + p.high - p.low, 0);
  const before = await messagesIn();
  const reports: PhaseReport[] = [];
  for (const phase of phases) reports.push(await runPhase(phase, opts));
  const written = (await messagesIn()) - before;
  const accepted = reports.reduce((n, p) => n + p.accepted, 0);

  const accounting = { topic, accepted, written, missing: Math.max(0, accepted - written) };
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ url: base.origin, batch, concurrency, corpus: options.corpus ?? 'synthetic', phases: reports, accounting })}\n`,
    );
  } else writeReport(io, reports, accounting);
  if (accounting.missing > 0) return 1;
  return reports.some((p) => p.failedRequests > 0 && p.accepted === 0) ? 1 : 0;
}
