import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { CommandIo } from '../io.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { ConfigError } from '../../services/platform/errors.ts';
import { readTopicToEnd, type StartAt, type TopicMessage } from '../../services/platform/topic-reader.ts';
import { topicNames } from '../../services/platform/topics.ts';
import { cliClients, describeFailure, writeOut, type CliClients } from '../format/cli-env.ts';
import { loadCountryCodes } from '../../services/kb/country-codes.ts';
import { gdeltTsvHeader, gdeltTsvLine } from '../format/gdelt-tsv.ts';
import { jsonLine } from '../format/json-line.ts';
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

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const usageError = commandUsage(io, 'export', USAGE);
  const parsed = parseCommandArgs(io, 'export', USAGE, argv, {
    format: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    'from-offset': { type: 'string' },
    clusters: { type: 'boolean', default: false },
    header: { type: 'boolean', default: false },
    out: { type: 'string' },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const format = values.format;
  if (format !== 'tsv' && format !== 'jsonl')
    return usageError(
      format === undefined ? '--format is required: tsv or jsonl' : `--format ${format}: use tsv or jsonl`,
    );
  if (values.header && format !== 'tsv') return usageError('--header goes with --format tsv only');
  const since = values.since === undefined ? undefined : parseIsoTime(values.since);
  if (values.since !== undefined && since === undefined)
    return usageError(
      `--since ${values.since}: give an ISO date or date-time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z`,
    );
  const until = values.until === undefined ? undefined : parseIsoTime(values.until);
  if (values.until !== undefined && until === undefined)
    return usageError(`--until ${values.until}: give an ISO date or date-time, e.g. 2024-05-02T00:00:00Z`);
  if (since !== undefined && until !== undefined && until <= since)
    return usageError('--until must be later than --since');
  const fromOffset = values['from-offset'] === undefined ? undefined : Number(values['from-offset']);
  if (fromOffset !== undefined && !(Number.isInteger(fromOffset) && fromOffset >= 0))
    return usageError(`--from-offset ${values['from-offset']}: give a whole number, 0 or more`);
  if (fromOffset !== undefined && since !== undefined)
    return usageError('--from-offset and --since both choose where to start; give one of them');

  let clients: CliClients;
  try {
    clients = cliClients(io.env, 'newsflow-export');
  } catch (err) {
    if (err instanceof ConfigError) return usageError(err.message);
    throw err;
  }
  const topic = topicNames(clients.prefix).eventEnriched;
  const start: StartAt =
    fromOffset !== undefined
      ? { offset: fromOffset }
      : since !== undefined
        ? { timestamp: since }
        : 'earliest';
  const codes = format === 'tsv' ? loadCountryCodes() : undefined;
  const render = (r: EnrichedEventRecord) =>
    codes ? gdeltTsvLine(r, codes, { clusterIds: values.clusters }) : jsonLine(r);

  const partial = values.out ? `${values.out}.partial` : undefined;
  const file = partial ? createWriteStream(partial) : undefined;
  const out: NodeJS.WritableStream = file ?? io.stdout;
  const outFailed = file ? new Promise<never>((_, reject) => file.once('error', reject)) : undefined;
  outFailed?.catch(() => {});

  let read = 0;
  let outside = 0;
  let undecodable = 0;
  let written = 0;
  // A second copy of an article (ingest's one crash window) yields events with the same ids:
  // one line per event id.
  const seen = new Set<string>();
  let repeated = 0;
  const clusters = values.clusters ? mergeClusters() : undefined;
  const onMessage = async (m: TopicMessage): Promise<void> => {
    read++;
    if ((since !== undefined && m.timestamp < since) || (until !== undefined && m.timestamp >= until)) {
      outside++;
      return;
    }
    let record: EnrichedEventRecord;
    try {
      record = (await clients.serde.decode(m.value, 'enriched-event')) as EnrichedEventRecord;
    } catch (err) {
      undecodable++;
      io.stderr.write(
        `${topic}[${m.partition}]@${m.offset}: cannot decode, skipped: ${(err as Error).message}\n`,
      );
      return;
    }
    if (seen.has(record.event.eventId)) {
      repeated++;
      return;
    }
    seen.add(record.event.eventId);
    if (clusters) clusters.add(record);
    else {
      await writeOut(out, render(record));
      written++;
    }
  };

  try {
    if (values.header) await writeOut(out, gdeltTsvHeader());
    const reader = await readTopicToEnd(clients.kafka, {
      topic,
      start,
      onMessage,
      groupPrefix: 'newsflow-export',
    });
    await (outFailed ? Promise.race([reader.done, outFailed]) : reader.done);
    for (const r of clusters?.records() ?? []) {
      await writeOut(out, render(r));
      written++;
    }
    if (file && partial) {
      file.end();
      await finished(file);
      await rename(partial, values.out!);
    }
  } catch (err) {
    if (file && partial) {
      file.destroy();
      await rm(partial, { force: true });
    }
    io.stderr.write(`newsflow export: ${describeFailure(err, clients)}\n`);
    return 1;
  }

  const what = clusters
    ? `${written} event cluster(s) from ${read - outside - undecodable - repeated} record(s)`
    : `${written} event(s)`;
  const window =
    (outside > 0 ? `, ${outside} outside the time window` : '') +
    (repeated > 0 ? `, ${repeated} repeated event id(s) skipped` : '');
  io.stderr.write(
    `exported ${what} of ${topic} (${read} read${window})${values.out ? ` to ${values.out}` : ''}\n`,
  );
  if (undecodable > 0) {
    io.stderr.write(`${undecodable} record(s) could not be decoded and are missing from the export\n`);
    return 1;
  }
  return 0;
}
