import type { Admin, Kafka } from 'kafkajs';
import type { TopicSpec } from './topics.ts';

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length === 0) return [];
    await admin.createTopics({
      // kafkajs's own wait gives up on "does not host this topic-partition", which a broker
      // answers while a new topic's metadata is still spreading: wait here instead.
      waitForLeaders: false,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: 1,
        configEntries: [
          { name: 'retention.ms', value: String(s.retentionMs) },
          // a long article, or a batch of them, can pass the broker's 1 MB default
          { name: 'max.message.bytes', value: String(16 * 1024 * 1024) },
        ],
      })),
    });
    await waitForLeaders(admin, missing);
    return missing.map((s) => s.name);
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, specs: TopicSpec[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
      const ready = specs.every((spec) => {
        const t = topics.find((x) => x.name === spec.name);
        return t && t.partitions.length === spec.partitions && t.partitions.every((p) => p.leader >= 0);
      });
      // Leaders in the metadata are not quite enough: for a moment the leader may still answer
      // "not the leader" to offset requests (seen at the start of the benchmark's baseline).
      if (ready) {
        for (const spec of specs) await admin.fetchTopicOffsets(spec.name);
        return;
      }
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `topics ${specs.map((s) => s.name).join(', ')} have no leader after ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`,
  );
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: number;
  high: number;
  lag: number;
}

/** Consumer lag of a group on a topic: high watermark minus committed offset, per partition. */
/**
 * Committed offsets and lag of a group on a topic. Pass a connected `admin` when polling: a
 * client made and connected per call costs the broker a connection each time.
 */
export async function consumerLag(
  kafka: Kafka,
  groupId: string,
  topic: string,
  connected?: Admin,
): Promise<PartitionLag[]> {
  const admin = connected ?? kafka.admin();
  if (!connected) await admin.connect();
  try {
    const [highs, committed] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const byPartition = new Map<number, number>();
    for (const t of committed) for (const p of t.partitions) byPartition.set(p.partition, Number(p.offset));
    return highs.map((h) => {
      const high = Number(h.high);
      const c = byPartition.get(h.partition) ?? -1;
      const low = Number(h.low);
      const from = c < 0 ? low : c;
      return { topic, partition: h.partition, committed: c, high, lag: Math.max(0, high - from) };
    });
  } finally {
    if (!connected) await admin.disconnect();
  }
}
