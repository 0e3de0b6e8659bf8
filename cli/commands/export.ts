import type { CommandIo } from '../io.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { readTopicToEnd, type StartAt, type TopicMessage } from '../../services/platform/topic-reader.ts';
import { topicNames } from '../../services/platform/topics.ts';
import { clientsOrUsage, describeFailure, writeOut } from '../format/cli-env.ts';
import { loadCountryCodes } from '../../services/loaders/country-codes.ts';
import { gdeltTsvHeader, gdeltTsvLine } from '../format/gdelt-tsv.ts';
import { jsonLine } from '../format/json-line.ts';
import { openOutput } from '../format/output-file.ts';
import { mergeClusters } from '../format/clusters.ts';

const USAGE = `usage: newsflow export --format tsv|jsonl [options]

Reads news.event.enriched.v1 from the beginning (or from --since / --from-offset) up to the end
offsets it has when the command starts, then stops. Writes GDELT 2.0 event-table rows (61
tab-separated columns, no header; see docs/gdelt-export.md) or JSON Lines (one EnrichedEvent a line).

options:
  --format tsv|jsonl   output format (required)
  --since ISO          only events written to the topic at or after this time
                       (e.g. 2024-05-01 or 2024-05-01T12:00:00Z; reading starts at the offsets for it)
  --until ISO          only events written before this time
  --from-offset N      start at offset N in every partition (instead of the beginning)
  --clusters           one row per event cluster (its first mention, with the cluster's latest
                       mention/source/article counts), as GDELT's event table has; default: one
                       row per enriched record
  --header             TSV only: a first line with GDELT's column names
  --out FILE           write to FILE (written to FILE.partial, renamed when complete); default stdout
  -h, --help

Times are those of the Kafka records (when enrich wrote each event); a time without a zone is UTC.
environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX
`;

/** ISO date or date-time → ms; a value without a zone is read as UTC. */
export function parseIsoTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value))
    return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || value.length === 10 ? value : `${value}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

interface ExportOptions {
  format: 'tsv' | 'jsonl';
  since?: number;
  until?: number;
  start: StartAt;
  clusters: boolean;
  header: boolean;
  out?: string;
}

function parseOptions(argv: string[], io: CommandIo): ExportOptions | { exit: number } {
  const parsed = parseCommandArgs(io, 'export', USAGE, argv, {
    format: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    'from-offset': { type: 'string' },
    clusters: { type: 'boolean', default: false },
    header: { type: 'boolean', default: false },
    out: { type: 'string' },
  });
  if ('exit' in parsed) return parsed;
  const { values } = parsed;
  const usage = (message: string) => ({ exit: commandUsage(io, 'export', USAGE)(message) });
  const format = values.format;
  if (format !== 'tsv' && format !== 'jsonl')
    return usage(
      format === undefined ? '--format is required: tsv or jsonl' : `--format ${format}: use tsv or jsonl`,
    );
  if (values.header && format !== 'tsv') return usage('--header goes with --format tsv only');
  const since = values.since === undefined ? undefined : parseIsoTime(values.since);
  if (values.since !== undefined && since === undefined)
    return usage(
      `--since ${values.since}: give an ISO date or date-time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z`,
    );
  const until = values.until === undefined ? undefined : parseIsoTime(values.until);
  if (values.until !== undefined && until === undefined)
    return usage(`--until ${values.until}: give an ISO date or date-time, e.g. 2024-05-02T00:00:00Z`);
  if (since !== undefined && until !== undefined && until <= since)
    return usage('--until must be later than --since');
  const fromOffset = values['from-offset'] === undefined ? undefined : Number(values['from-offset']);
  if (fromOffset !== undefined && !(Number.isInteger(fromOffset) && fromOffset >= 0))
    return usage(`--from-offset ${values['from-offset']}: give a whole number, 0 or more`);
  if (fromOffset !== undefined && since !== undefined)
    return usage('--from-offset and --since both choose where to start; give one of them');
  const start: StartAt =
    fromOffset !== undefined
      ? { offset: fromOffset }
      : since !== undefined
        ? { timestamp: since }
        : 'earliest';
  return { format, since, until, start, clusters: values.clusters, header: values.header, out: values.out };
}

interface ExportCounts {
  read: number;
  outside: number;
  undecodable: number;
  repeated: number;
  written: number;
}

/**
 * What happens to each record read: one outside the time window is counted and left, one that
 * cannot be decoded is reported; a second copy of an article (ingest's one crash window) yields
 * events with the same ids, so there is one line per event id. With --clusters the records are
 * merged and written at the end.
 */
function createExporter(
  io: CommandIo,
  options: ExportOptions,
  decode: (m: TopicMessage) => Promise<EnrichedEventRecord>,
  topic: string,
  write: (r: EnrichedEventRecord) => Promise<void>,
) {
  const counts: ExportCounts = { read: 0, outside: 0, undecodable: 0, repeated: 0, written: 0 };
  const { since, until } = options;
  const seen = new Set<string>();
  const clusters = options.clusters ? mergeClusters() : undefined;
  const onMessage = async (m: TopicMessage): Promise<void> => {
    counts.read++;
    if ((since !== undefined && m.timestamp < since) || (until !== undefined && m.timestamp >= until)) {
      counts.outside++;
      return;
    }
    let record: EnrichedEventRecord;
    try {
      record = await decode(m);
    } catch (err) {
      counts.undecodable++;
      io.stderr.write(
        `${topic}[${m.partition}]@${m.offset}: cannot decode, skipped: ${(err as Error).message}\n`,
      );
      return;
    }
    if (seen.has(record.event.eventId)) {
      counts.repeated++;
      return;
    }
    seen.add(record.event.eventId);
    if (clusters) clusters.add(record);
    else {
      await write(record);
      counts.written++;
    }
  };
  const writeClusters = async (): Promise<void> => {
    for (const r of clusters?.records() ?? []) {
      await write(r);
      counts.written++;
    }
  };
  return { counts, onMessage, writeClusters };
}

function writeSummary(io: CommandIo, topic: string, c: ExportCounts, clusters: boolean, out?: string): void {
  const what = clusters
    ? `${c.written} event cluster(s) from ${c.read - c.outside - c.undecodable - c.repeated} record(s)`
    : `${c.written} event(s)`;
  const window =
    (c.outside > 0 ? `, ${c.outside} outside the time window` : '') +
    (c.repeated > 0 ? `, ${c.repeated} repeated event id(s) skipped` : '');
  io.stderr.write(`exported ${what} of ${topic} (${c.read} read${window})${out ? ` to ${out}` : ''}\n`);
  if (c.undecodable > 0)
    io.stderr.write(`${c.undecodable} record(s) could not be decoded and are missing from the export\n`);
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(argv, io);
  if ('exit' in options) return options.exit;
  const clients = clientsOrUsage(io.env, 'newsflow-export', commandUsage(io, 'export', USAGE));
  if ('exit' in clients) return clients.exit;
  const topic = topicNames(clients.prefix).eventEnriched;
  const codes = options.format === 'tsv' ? loadCountryCodes() : undefined;
  const render = (r: EnrichedEventRecord) =>
    codes ? gdeltTsvLine(r, codes, { clusterIds: options.clusters }) : jsonLine(r);
  const output = openOutput(io, options.out);
  const exporter = createExporter(
    io,
    options,
    async (m) => (await clients.serde.decode(m.value, 'enriched-event')) as EnrichedEventRecord,
    topic,
    async (r) => writeOut(output.stream, render(r)),
  );
  try {
    if (options.header) await writeOut(output.stream, gdeltTsvHeader());
    const reader = await readTopicToEnd(clients.kafka, {
      topic,
      start: options.start,
      onMessage: exporter.onMessage,
      groupPrefix: 'newsflow-export',
    });
    await (output.failed ? Promise.race([reader.done, output.failed]) : reader.done);
    await exporter.writeClusters();
    await output.commit();
  } catch (err) {
    await output.abort();
    io.stderr.write(`newsflow export: ${describeFailure(err, clients)}\n`);
    return 1;
  }
  writeSummary(io, topic, exporter.counts, options.clusters, options.out);
  return exporter.counts.undecodable > 0 ? 1 : 0;
}
