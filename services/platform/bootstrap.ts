import type { Kafka } from 'kafkajs';
import { ensureTopics } from './admin.ts';
import type { Serde } from './serde.ts';
import { DEFAULT_PARTITIONS, dlqOf, SchemaOfTopic, topicSpecs, Topics, type TopicName } from './topics.ts';

/**
 * Creates the pipeline's topics (and their .dlq twins) and registers every value schema, so
 * that producers and consumers can start in any order. Idempotent.
 */
export async function ensurePipeline(opts: {
  kafka: Kafka;
  serde: Serde;
  prefix?: string;
  partitions?: number;
}): Promise<{ created: string[] }> {
  const prefix = opts.prefix ?? '';
  const created = await ensureTopics(opts.kafka, topicSpecs(opts.partitions ?? DEFAULT_PARTITIONS, prefix));
  await registerPipelineSchemas(opts.serde, prefix);
  return { created };
}

async function registerPipelineSchemas(serde: Serde, prefix = ''): Promise<void> {
  for (const topic of Object.values(Topics) as TopicName[]) {
    await serde.register(prefix + topic, SchemaOfTopic[topic]);
    await serde.register(dlqOf(prefix + topic), 'dead-letter');
  }
}
