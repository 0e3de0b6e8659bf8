import type { CommandIo } from '../io.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import { consumerLag, type PartitionLag } from '../../services/platform/admin.ts';
import { topicWatermarks, type TopicWatermarks } from '../../services/platform/topic-reader.ts';
import { dlqOf, topicNames } from '../../services/platform/topics.ts';
import { clientsOrUsage, describeFailure } from '../format/cli-env.ts';
import { topicsReport, topicsTable, type GroupLag } from '../format/topics-table.ts';

const USAGE = `usage: newsflow topics [--json]

The pipeline's topics and their .dlq twins: partitions, messages kept (high minus low watermark,
summed over partitions), and the consumer lag of the pipeline's groups on the topics they read
(newsflow-extract on the article topic, newsflow-enrich on the coded-event topic).

options:
  --json       one JSON object with every number, per partition too
  -h, --help
environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_PREFIX
`;

/** The services' consumer groups and the topic each reads (their defaults in services/<name>/config.ts). */
export function pipelineGroups(prefix: string): { groupId: string; topic: string }[] {
  const t = topicNames(prefix);
  return [
    { groupId: 'newsflow-extract', topic: t.articleRaw },
    { groupId: 'newsflow-enrich', topic: t.eventCoded },
  ];
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const usageError = commandUsage(io, 'topics', USAGE);
  const parsed = parseCommandArgs(io, 'topics', USAGE, argv, {
    json: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const clients = clientsOrUsage(io.env, 'newsflow-topics', usageError);
  if ('exit' in clients) return clients.exit;

  const names = Object.values(topicNames(clients.prefix)).flatMap((t) => [t, dlqOf(t)]);
  let watermarks: TopicWatermarks[];
  const lags: GroupLag[] = [];
  try {
    watermarks = await topicWatermarks(clients.kafka, names);
    const exists = new Set(watermarks.filter((w) => w.exists).map((w) => w.topic));
    for (const g of pipelineGroups(clients.prefix)) {
      if (!exists.has(g.topic)) continue;
      const partitions: PartitionLag[] = await consumerLag(clients.kafka, g.groupId, g.topic);
      lags.push({ groupId: g.groupId, topic: g.topic, partitions });
    }
  } catch (err) {
    io.stderr.write(`newsflow topics: ${describeFailure(err, clients)}\n`);
    return 1;
  }
  const report = topicsReport(watermarks, lags);
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : topicsTable(report));
  return 0;
}
