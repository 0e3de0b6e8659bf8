import type { CommandIo } from '../io.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { createAcceptor, type Acceptor } from '../../services/ingest/accept.ts';
import { loadConfig } from '../../services/ingest/config.ts';
import { createMemoryDedupStore } from '../../services/ingest/memory-dedup-store.ts';
import type { ArticleRecord } from '../../services/ingest/ports.ts';
import { createIngestRuntime } from '../../services/ingest/runtime.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import { fileProgressBar } from '../format/progress-bar.ts';
import { ingestItems, type IngestSummary } from '../ingest/ingest-items.ts';
import { openSourceInput, type SourceFormat, type SourceInput } from '../ingest/read-sources.ts';

const USAGE = `usage: newsflow ingest <file|dir|-> [options]

Reads JSON Lines (.jsonl/.ndjson: one article object per line, as POST /v1/articles takes),
plain text (.txt: one article per file) and HTML (.html: one page per file), or stdin (-),
and publishes them to Kafka through the same accept path as the HTTP API.

options:
  --format jsonl|text|html   format of stdin (default: guessed from the first character)
  --batch N                  articles per publish (default 100)
  --dry-run                  normalise and dedup in memory, print the records as JSON Lines; no Kafka or Redis
  --json                     print the summary as one JSON object on stdout
  -h, --help
`;

const MAX_LISTED = 50;

function printSummary(io: CommandIo, s: IngestSummary, seconds: number): void {
  const w = (line: string) => io.stderr.write(`${line}\n`);
  w(
    `ingested ${s.items} item(s) in ${seconds.toFixed(1)} s: ${s.accepted} accepted, ${s.duplicates.length} duplicate(s), ${s.rejected.length} rejected`,
  );
  if (s.rejected.length > 0) {
    w('rejected:');
    for (const r of s.rejected.slice(0, MAX_LISTED))
      w(`  ${r.position}  ${r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    if (s.rejected.length > MAX_LISTED)
      w(`  ... and ${s.rejected.length - MAX_LISTED} more (use --json for all)`);
  }
  if (s.duplicates.length > 0) {
    w('duplicates:');
    for (const d of s.duplicates.slice(0, MAX_LISTED))
      w(`  ${d.position}  ${d.id} duplicates ${d.existingId}`);
    if (s.duplicates.length > MAX_LISTED) w(`  ... and ${s.duplicates.length - MAX_LISTED} more`);
  }
  if (s.abortedAt)
    w(`stopped at ${s.abortedAt.position}: ${s.abortedAt.error} (nothing from there on was ingested)`);
}

/** The accept path: in memory printing the records (--dry-run), or the real one over Kafka and Redis. */
async function openAcceptor(
  io: CommandIo,
  dryRun: boolean,
): Promise<{ acceptor: Acceptor; close: () => Promise<void> }> {
  if (dryRun) {
    const sink = {
      publish: async (records: ArticleRecord[]) =>
        void io.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join('')),
    };
    return { acceptor: createAcceptor({ sink, dedup: createMemoryDedupStore() }), close: async () => {} };
  }
  const runtime = await createIngestRuntime(loadConfig(io.env), {
    logger: createLogger('ingest-cli', 'warn'),
    clientId: 'newsflow-ingest-cli',
  });
  return { acceptor: runtime.acceptor, close: () => runtime.close() };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(
    io,
    'ingest',
    USAGE,
    argv,
    {
      format: { type: 'string' },
      batch: { type: 'string', default: '100' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    { allowPositionals: true },
  );
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const usage = commandUsage(io, 'ingest', USAGE);
  const target = positionals[0];
  const batchSize = Number(values.batch);
  const format = values.format as SourceFormat | undefined;
  if (!target || positionals.length > 1) return usage('give one file, folder, or - for stdin');
  if (!Number.isInteger(batchSize) || batchSize < 1)
    return usage(`--batch ${values.batch}: give a whole number from 1`);
  if (format && !['jsonl', 'text', 'html'].includes(format))
    return usage(`--format ${format}: use jsonl, text or html`);

  let input: SourceInput;
  try {
    input = await openSourceInput(target, io.stdin, format ?? 'auto');
  } catch (err) {
    io.stderr.write(`newsflow ingest: ${(err as Error).message}\n`);
    return 2;
  }
  let sink: Awaited<ReturnType<typeof openAcceptor>>;
  try {
    sink = await openAcceptor(io, values['dry-run']);
  } catch (err) {
    io.stderr.write(`newsflow ingest: ${(err as Error).message}\n`);
    return 3;
  }

  const bar = fileProgressBar(
    io,
    target !== '-' && !values.json,
    input.totalBytes,
    '{accepted} accepted, {duplicates} dup, {rejected} rejected',
    { accepted: 0, duplicates: 0, rejected: 0 },
  );
  const started = performance.now();
  let summary: IngestSummary;
  try {
    summary = await ingestItems(input.items(), {
      acceptor: sink.acceptor,
      ctx: { origin: target === '-' ? 'STDIN' : 'FILE' },
      batchSize,
      onBatch: (s) =>
        bar.update(input.bytesRead(), {
          accepted: s.accepted,
          duplicates: s.duplicates.length,
          rejected: s.rejected.length,
        }),
    });
  } finally {
    bar.stop();
    await sink.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json) io.stdout.write(`${JSON.stringify({ ...summary, seconds })}\n`);
  else printSummary(io, summary, seconds);
  if (summary.abortedAt) return 3;
  return summary.rejected.length > 0 ? 1 : 0;
}
