import type { Kafka } from 'kafkajs';

/** Deletes topics and consumer groups made for one run (a benchmark's, a test's); missing ones are skipped. */
export async function dropTopicsAndGroups(
  kafka: Kafka,
  opts: { topics: string[]; groups: string[] },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = opts.topics.filter((t) => existing.has(t));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 15000 });
    if (opts.groups.length > 0) {
      const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
      const groups = opts.groups.filter((g) => known.has(g));
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
