import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { CommandIo } from '../io.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { createAcceptor, type Acceptor } from '../../services/ingest/accept.ts';
import { loadConfig } from '../../services/ingest/config.ts';
import { createMemoryDedupStore } from '../../services/ingest/memory-dedup-store.ts';
import type { ArticleRecord } from '../../services/ingest/ports.ts';
import { createIngestRuntime } from '../../services/ingest/runtime.ts';
import { ingestItems, type IngestSummary } from '../ingest/ingest-items.ts';
import {
  listFiles,
  readFileItems,
  readStdinItems,
  type SourceFormat,
  type SourceItem,
} from '../ingest/read-sources.ts';

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

export async function run(argv: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        batch: { type: 'string', default: '100' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const target = positionals[0];
  const batchSize = Number(values.batch);
  const format = values.format as SourceFormat | undefined;
  if (
    !target ||
    positionals.length > 1 ||
    !Number.isInteger(batchSize) ||
    batchSize < 1 ||
    (format && !['jsonl', 'text', 'html'].includes(format))
  ) {
    io.stderr.write(USAGE);
    return 2;
  }

  let files: Awaited<ReturnType<typeof listFiles>> = [];
  if (target !== '-') {
    try {
      files = await listFiles(target);
    } catch (err) {
      io.stderr.write(`newsflow ingest: ${(err as Error).message}\n`);
      return 2;
    }
  }

  let acceptor: Acceptor;
  let close = async () => {};
  if (values['dry-run']) {
    const sink = {
      publish: async (records: ArticleRecord[]) =>
        void io.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join('')),
    };
    acceptor = createAcceptor({ sink, dedup: createMemoryDedupStore() });
  } else {
    try {
      const config = loadConfig(io.env);
      const runtime = await createIngestRuntime(config, {
        logger: createLogger('ingest-cli', 'warn'),
        clientId: 'newsflow-ingest-cli',
      });
      acceptor = runtime.acceptor;
      close = () => runtime.close();
    } catch (err) {
      io.stderr.write(`newsflow ingest: ${(err as Error).message}\n`);
      return 3;
    }
  }

  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true && !values.json;
  const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  const bar =
    tty && target !== '-'
      ? new cliProgress.SingleBar(
          {
            stream: io.stderr,
            format: '{bar} {percentage}% | {accepted} accepted, {duplicates} dup, {rejected} rejected',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let bytesRead = 0;
  bar?.start(Math.max(totalBytes, 1), 0, { accepted: 0, duplicates: 0, rejected: 0 });

  async function* allItems(): AsyncGenerator<SourceItem> {
    if (target === '-') {
      yield* readStdinItems(io.stdin, format ?? 'auto');
      return;
    }
    for (const f of files) yield* readFileItems(f.path, f.format, (n) => (bytesRead += n));
  }

  const started = performance.now();
  let summary: IngestSummary;
  try {
    summary = await ingestItems(allItems(), {
      acceptor,
      ctx: { origin: target === '-' ? 'STDIN' : 'FILE' },
      batchSize,
      onBatch: (s) =>
        bar?.update(Math.min(bytesRead, totalBytes), {
          accepted: s.accepted,
          duplicates: s.duplicates.length,
          rejected: s.rejected.length,
        }),
    });
  } finally {
    bar?.stop();
    await close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json) io.stdout.write(`${JSON.stringify({ ...summary, seconds })}\n`);
  else printSummary(io, summary, seconds);
  if (summary.abortedAt) return 3;
  return summary.rejected.length > 0 ? 1 : 0;
}
