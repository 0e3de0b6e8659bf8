// `newsflow process`: the pipeline with no servers. Articles from files, a folder or stdin go
// through ingest's normalisation, extract's coder and enrich's linking and geocoding in worker
// threads (one per core), and the enriched events come out as JSON Lines (the enriched topic's
// records) or GDELT TSV, in input order, with cross-article counts kept in process.
import { availableParallelism } from 'node:os';
import type { ArticleRecord, EnrichedEventRecord } from '../../services/contracts/records.ts';
import { publisherOf } from '../../services/enrich/domain/index.ts';
import { createMemoryClusterStore } from '../../services/enrich/memory-cluster-store.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import { openOutput } from '../format/output-file.ts';
import { fileProgressBar } from '../format/progress-bar.ts';
import { openSourceInput, type SourceInput } from '../ingest/read-sources.ts';
import type { CommandIo } from '../io.ts';
import { writeOut } from '../format/cli-env.ts';
import { loadCountryCodes } from '../../services/loaders/country-codes.ts';
import { gdeltTsvHeader, gdeltTsvLine } from '../format/gdelt-tsv.ts';
import { jsonLine } from '../format/json-line.ts';
import {
  checkProcessCoder,
  UnsupportedOptionError,
  type ProcessCoderOptions,
} from '../process/coder-config.ts';
import { corpusInput } from '../process/corpus-input.ts';
import { createWorkerPool, type WorkerItems, type WorkerPool } from '../process/pool.ts';
import type { ProcessedArticle } from '../process/process-article.ts';

const USAGE = `usage: newsflow process <file|dir|-> [options]

Runs the pipeline with no servers: normalisation, event coding and enrichment (knowledge base,
geocoder, cross-article clusters) in worker threads, and writes the enriched events.
Input: .jsonl/.ndjson (one article object a line: text or html, and optionally title, url,
source, publishedAt, language, metadata; 'link' and 'date' are read as url and publishedAt,
'id' is kept as metadata.id, other fields are ignored), .txt and .html files, a folder of them,
or - for stdin.

options:
  --format jsonl|tsv   JSON Lines, one EnrichedEvent a line (default), or GDELT 2.0 event TSV
  --header             with --format tsv: a first line of column names
  --out FILE           write to FILE (via FILE.partial, renamed when complete); default stdout
  --workers N          worker threads (default: one per core, ${availableParallelism()} here)
  --dictionaries DIR   PETRARCH-layout dictionaries for the coder
  -h, --help
`;

/** Articles per message to a worker: enough to make the hand-over cheap, few enough to spread. */
const BATCH = 4;

interface Summary {
  read: number;
  articles: number;
  rejected: { position: string; message: string }[];
  duplicates: number;
  events: number;
  sentences: number;
  dropped: Set<string>;
}

interface ProcessOptions {
  target: string;
  format: 'jsonl' | 'tsv';
  header: boolean;
  out?: string;
  workers: number;
  coder: ProcessCoderOptions;
}

function parseOptions(argv: string[], io: CommandIo): ProcessOptions | { exit: number } {
  const parsed = parseCommandArgs(
    io,
    'process',
    USAGE,
    argv,
    {
      format: { type: 'string', default: 'jsonl' },
      header: { type: 'boolean', default: false },
      out: { type: 'string' },
      workers: { type: 'string' },
      dictionaries: { type: 'string' },
    },
    { allowPositionals: true },
  );
  if ('exit' in parsed) return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => ({ exit: commandUsage(io, 'process', USAGE)(message) });
  if (positionals.length !== 1) return usage('give one file, folder, or - for stdin');
  const format = values.format;
  if (format !== 'jsonl' && format !== 'tsv') return usage(`--format ${format}: use jsonl or tsv`);
  if (values.header && format !== 'tsv') return usage('--header goes with --format tsv only');
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    return usage(`--workers ${values.workers}: give a whole number from 1 to 256`);
  const coder = values.dictionaries === undefined ? {} : { dictionaries: values.dictionaries };
  try {
    checkProcessCoder(coder);
  } catch (err) {
    if (!(err instanceof UnsupportedOptionError)) throw err;
    io.stderr.write(`newsflow process: ${err.message}\n`);
    return { exit: 2 };
  }
  return { target: positionals[0]!, format, header: values.header, out: values.out, workers, coder };
}

/**
 * What happens to a worker's reply: rejected articles are listed, an article seen before (the same
 * id, or the same text under another URL, as ingest decides) is counted once, and each event gets
 * its cluster counts and is written.
 */
function createReplyHandler(
  s: Summary,
  clusters: ReturnType<typeof createMemoryClusterStore>,
  write: (r: EnrichedEventRecord) => Promise<void>,
  onProgress: () => void,
) {
  const seenIds = new Set<string>();
  const seenText = new Set<string>();
  return async (positions: string[], results: ProcessedArticle[]): Promise<void> => {
    for (let k = 0; k < results.length; k++) {
      const r = results[k]!;
      if (!r.ok) {
        s.rejected.push({
          position: positions[k]!,
          message: r.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        });
        continue;
      }
      if (seenIds.has(r.article.id) || seenText.has(r.article.contentHash)) {
        s.duplicates++;
        continue;
      }
      seenIds.add(r.article.id);
      seenText.add(r.article.contentHash);
      s.articles++;
      s.sentences += r.sentences;
      for (const draft of r.events) {
        const counts = await clusters.record({
          fingerprint: draft.fingerprint,
          eventId: draft.event.eventId,
          source: publisherOf(draft.event),
          articleId: draft.event.articleId,
          at: draft.enrichedAt,
        });
        await write({ ...draft, ...counts });
        s.events++;
      }
    }
    onProgress();
  };
}

type Item = WorkerItems[number];

/**
 * Sends items to the pool in batches, at most `maxInFlight` batches at once. Replies are handled
 * in input order, so that the output and the cluster counts do not depend on which worker was
 * fastest.
 */
function createDispatcher(
  pool: WorkerPool,
  maxInFlight: number,
  handle: (positions: string[], results: ProcessedArticle[]) => Promise<void>,
) {
  const inFlight: { positions: string[]; reply: Promise<ProcessedArticle[]> }[] = [];
  let batch: { position: string; item: Item }[] = [];
  const send = async () => {
    if (batch.length === 0) return;
    const positions = batch.map((b) => b.position);
    const reply = pool.run(batch.map((b) => b.item));
    reply.catch(() => {}); // awaited in order below; a failure must not count as unhandled meanwhile
    inFlight.push({ positions, reply });
    batch = [];
    while (inFlight.length >= maxInFlight) {
      const head = inFlight.shift()!;
      await handle(head.positions, await head.reply);
    }
  };
  return {
    async add(position: string, item: Item): Promise<void> {
      batch.push({ position, item });
      if (batch.length >= BATCH) await send();
    },
    async finish(): Promise<void> {
      await send();
      for (const head of inFlight.splice(0)) await handle(head.positions, await head.reply);
    },
  };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(argv, io);
  if ('exit' in options) return options.exit;
  const { target, format, workers } = options;
  const usage = commandUsage(io, 'process', USAGE);
  let input: SourceInput;
  try {
    input = await openSourceInput(target, io.stdin, 'auto');
  } catch (err) {
    return usage((err as Error).message);
  }
  if (target !== '-' && input.files.length === 0)
    return usage(`${target}: no .jsonl, .ndjson, .txt or .html files`);
  const origin: ArticleRecord['origin'] = target === '-' ? 'STDIN' : 'FILE';

  const codes = format === 'tsv' ? loadCountryCodes() : undefined;
  const render = (r: EnrichedEventRecord) => (codes ? gdeltTsvLine(r, codes) : jsonLine(r));
  const output = openOutput(io, options.out);
  const bar = fileProgressBar(
    io,
    target !== '-',
    input.totalBytes,
    '{articles} articles, {events} events, {rate} articles/s',
    { articles: 0, events: 0, rate: 0 as number | string },
  );

  const s: Summary = {
    read: 0,
    articles: 0,
    rejected: [],
    duplicates: 0,
    events: 0,
    sentences: 0,
    dropped: new Set(),
  };
  const clusters = createMemoryClusterStore();
  const pool = createWorkerPool(workers, options.coder);
  const t0 = performance.now();
  try {
    await pool.ready;
  } catch (err) {
    await pool.close();
    io.stderr.write(`newsflow process: ${(err as Error).message}\n`);
    return 1;
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  const started = performance.now();
  const handle = createReplyHandler(
    s,
    clusters,
    (r) => Promise.resolve(writeOut(output.stream, render(r))),
    () => {
      const seconds = (performance.now() - started) / 1000;
      bar.update(input.bytesRead(), {
        articles: s.articles,
        events: s.events,
        rate: (s.articles / Math.max(seconds, 0.001)).toFixed(1),
      });
    },
  );
  const dispatcher = createDispatcher(pool, workers * 3, handle);

  const pump = async () => {
    if (format === 'tsv' && options.header) await writeOut(output.stream, gdeltTsvHeader());
    for await (const item of input.items()) {
      s.read++;
      if ('error' in item) {
        s.rejected.push({ position: item.position, message: item.error });
        continue;
      }
      const { value, dropped } = corpusInput(item.value);
      for (const d of dropped) s.dropped.add(d);
      await dispatcher.add(item.position, { raw: value, origin, ingestedAt: Date.now() });
    }
    await dispatcher.finish();
  };
  try {
    await (output.failed ? Promise.race([pump(), output.failed]) : pump());
    await output.commit();
  } catch (err) {
    bar.stop();
    await output.abort();
    io.stderr.write(`newsflow process: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    bar.stop();
    await pool.close();
  }

  const seconds = (performance.now() - started) / 1000;
  printSummary(io, s, { seconds, loadSeconds, workers, clusters: clusters.size, out: options.out });
  return s.rejected.length > 0 ? 1 : 0;
}

function printSummary(
  io: CommandIo,
  s: Summary,
  run: { seconds: number; loadSeconds: number; workers: number; clusters: number; out?: string },
): void {
  const rate = s.articles / Math.max(run.seconds, 0.001);
  const w = (line: string) => io.stderr.write(`${line}\n`);
  w(
    `processed ${s.articles} article(s) in ${run.seconds.toFixed(1)} s with ${run.workers} worker(s): ` +
      `${rate.toFixed(2)} articles/s (${(rate / run.workers).toFixed(2)} per worker)`,
  );
  w(
    `  workers loaded the knowledge base, gazetteer and coder in ${run.loadSeconds.toFixed(1)} s (not counted above)`,
  );
  w(
    `  ${s.events} event(s) in ${run.clusters} cluster(s) from ${s.sentences} sentence(s)` +
      `${run.out ? `, written to ${run.out}` : ''}`,
  );
  w(`  read ${s.read}, rejected ${s.rejected.length}, duplicates ${s.duplicates}`);
  if (s.dropped.size > 0) w(`  fields ignored: ${[...s.dropped].sort().join(', ')}`);
  for (const r of s.rejected.slice(0, 20)) w(`  rejected ${r.position}  ${r.message}`);
  if (s.rejected.length > 20) w(`  ... and ${s.rejected.length - 20} more`);
}
