import type { CommandIo } from '../io.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import type {
  ArticleRecord,
  CodedEventRecord,
  DeadLetterRecord,
  EnrichedEventRecord,
} from '../../services/contracts/records.ts';
import { followTopic, type TopicFollower, type TopicMessage } from '../../services/platform/topic-reader.ts';
import { dlqOf, Topics, type SchemaName } from '../../services/platform/topics.ts';
import { loadRootNames } from '../format/cameo-names.ts';
import { clientsOrUsage, describeFailure, writeOut } from '../format/cli-env.ts';
import { loadCountryCodes } from '../../services/loaders/country-codes.ts';
import {
  eventPredicate,
  isEmptyFilter,
  parseEventFilter,
  type EventPredicate,
} from '../format/event-filter.ts';
import { articleLine, codedLine, deadLetterLine, enrichedLine } from '../format/event-line.ts';
import { jsonLine } from '../format/json-line.ts';

const USAGE = `usage: newsflow tail [options]

Follows a topic and prints each record as it arrives: a one-line summary, or one JSON object a
line with --json. Reads with a throwaway consumer group that commits nothing. Ctrl-C stops.

options:
  --topic T            enriched (default), coded, articles, or dlq:<T> for a dead-letter topic
                       (dlq:enriched, dlq:coded, dlq:articles); full topic names work too
                       (news.event.coded.v1); TOPIC_PREFIX is applied
  --json               one JSON object per line (the decoded record; bytes as base64)
  --from-beginning     start at the oldest record kept (default: only records written from now)
  --root NN            CAMEO root code, 01-20 (repeatable: any of them)
  --country XXX        an actor's country (CAMEO/ISO alpha-3, or ISO alpha-2) or the place's
                       country (repeatable)
  --actor CODE         an actor code starting with CODE, e.g. USAGOV, USA, IGOUNO (repeatable)
  --limit N            stop after N printed records
  -h, --help

The filters apply to the event topics (enriched, coded).
environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX
`;

type Kind = 'enriched' | 'coded' | 'articles';

const KIND_TOPIC: Record<Kind, string> = {
  enriched: Topics.eventEnriched,
  coded: Topics.eventCoded,
  articles: Topics.articleRaw,
};
const KIND_SCHEMA: Record<Kind, SchemaName> = {
  enriched: 'enriched-event',
  coded: 'coded-event',
  articles: 'article',
};

interface Target {
  kind: Kind;
  deadLetter: boolean;
  /** Topic name without TOPIC_PREFIX. */
  topic: string;
}

/** 'enriched' | 'news.event.coded.v1' | 'dlq:coded' | 'dlq:news.article.raw.v1' → the topic to read. */
export function parseTopicArg(value: string): Target | undefined {
  const deadLetter = value.startsWith('dlq:');
  const name = deadLetter ? value.slice(4) : value;
  const kind = (Object.keys(KIND_TOPIC) as Kind[]).find((k) => k === name || KIND_TOPIC[k] === name);
  if (!kind) return undefined;
  return { kind, deadLetter, topic: deadLetter ? dlqOf(KIND_TOPIC[kind]) : KIND_TOPIC[kind] };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const usageError = commandUsage(io, 'tail', USAGE);
  const parsed = parseCommandArgs(io, 'tail', USAGE, argv, {
    topic: { type: 'string', default: 'enriched' },
    json: { type: 'boolean', default: false },
    'from-beginning': { type: 'boolean', default: false },
    root: { type: 'string', multiple: true },
    country: { type: 'string', multiple: true },
    actor: { type: 'string', multiple: true },
    limit: { type: 'string' },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const target = parseTopicArg(values.topic);
  if (!target)
    return usageError(`--topic ${values.topic}: use enriched, coded, articles or dlq:<one of them>`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit === Infinity || (Number.isInteger(limit) && limit > 0)))
    return usageError(`--limit ${values.limit}: give a whole number above 0`);
  const filter = parseEventFilter({ root: values.root, country: values.country, actor: values.actor });
  if ('error' in filter) return usageError(filter.error);
  const filtering = !isEmptyFilter(filter.spec);
  if (filtering && (target.deadLetter || target.kind === 'articles')) {
    return usageError('--root, --country and --actor filter events; use them with --topic enriched or coded');
  }

  const clients = clientsOrUsage(io.env, 'newsflow-tail', usageError);
  if ('exit' in clients) return clients.exit;
  const topic = clients.prefix + target.topic;
  const render = renderer(
    target,
    values.json,
    filtering ? eventPredicate(filter.spec, loadCountryCodes()) : undefined,
  );

  let printed = 0;
  let undecodable = 0;
  const onMessage = async (m: TopicMessage): Promise<void | 'stop'> => {
    let value: unknown;
    try {
      value = await clients.serde.decode(
        m.value,
        target.deadLetter ? 'dead-letter' : KIND_SCHEMA[target.kind],
      );
    } catch (err) {
      undecodable++;
      io.stderr.write(`${topic}[${m.partition}]@${m.offset}: cannot decode: ${(err as Error).message}\n`);
      return;
    }
    const line = render(value);
    if (line === undefined) return;
    await writeOut(io.stdout, line);
    printed++;
    if (printed >= limit) return 'stop';
  };

  let follower: TopicFollower | undefined;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    void follower?.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A closed pipe (`newsflow tail | head`) ends the tail like Ctrl-C does.
  io.stdout.on('error', onSignal);
  io.stderr.write(
    `following ${topic}${values['from-beginning'] ? ' from the beginning' : ''}; Ctrl-C to stop\n`,
  );
  try {
    follower = await followTopic(clients.kafka, {
      topic,
      start: values['from-beginning'] ? 'earliest' : 'latest',
      onMessage,
      groupPrefix: 'newsflow-tail',
    });
    // A signal that came while connecting must still stop the reader.
    if (interrupted) void follower.stop();
    await follower.done;
  } catch (err) {
    io.stderr.write(`newsflow tail: ${describeFailure(err, clients)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    io.stdout.off('error', onSignal);
  }
  if (undecodable > 0) io.stderr.write(`${undecodable} record(s) could not be decoded\n`);
  return 0;
}

/** Decoded record → the line to print, or undefined when a filter drops it. */
function renderer(
  target: Target,
  json: boolean,
  keep: EventPredicate | undefined,
): (value: unknown) => string | undefined {
  if (target.deadLetter) return (v) => (json ? jsonLine(v) : `${deadLetterLine(v as DeadLetterRecord)}\n`);
  if (target.kind === 'articles') return (v) => (json ? jsonLine(v) : `${articleLine(v as ArticleRecord)}\n`);
  const rootNames = loadRootNames();
  if (target.kind === 'coded') {
    return (v) => {
      const e = v as CodedEventRecord;
      if (keep && !keep(e)) return undefined;
      return json ? jsonLine(e) : `${codedLine(e, { rootNames })}\n`;
    };
  }
  return (v) => {
    const r = v as EnrichedEventRecord;
    if (keep && !keep(r.event, r)) return undefined;
    return json ? jsonLine(r) : `${enrichedLine(r, { rootNames })}\n`;
  };
}
