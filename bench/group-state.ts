import type { Kafka } from 'kafkajs';

/**
 * Whether a consumer group has settled: state Stable with at least one member. A benchmark waits
 * for this before sending, so that the first messages do not pay for the group's first join.
 */
export async function groupIsStable(kafka: Kafka, groupId: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    return group !== undefined && group.state === 'Stable' && group.members.length > 0;
  } finally {
    await admin.disconnect();
  }
}
