// The report of `newsflow topics`: watermarks and group lag → one object (--json) or a table.
import type { PartitionLag } from '../../services/platform/admin.ts';
import type { TopicWatermarks } from '../../services/platform/topic-reader.ts';

export interface GroupLag {
  groupId: string;
  topic: string;
  partitions: PartitionLag[];
}

export interface TopicReport {
  topic: string;
  exists: boolean;
  partitions: number;
  /** Sum over partitions of high minus low watermark: records kept (transaction markers included). */
  messages: number;
  perPartition: { partition: number; low: number; high: number }[];
  groups: {
    groupId: string;
    lag: number;
    /** False when the group has committed nothing on this topic yet (lag counts every record kept). */
    committed: boolean;
    perPartition: { partition: number; committed: number; high: number; lag: number }[];
  }[];
}

export function topicsReport(watermarks: TopicWatermarks[], lags: GroupLag[]): { topics: TopicReport[] } {
  return {
    topics: watermarks.map((w) => ({
      topic: w.topic,
      exists: w.exists,
      partitions: w.partitions.length,
      messages: w.partitions.reduce((sum, p) => sum + Math.max(0, p.high - p.low), 0),
      perPartition: w.partitions,
      groups: lags
        .filter((g) => g.topic === w.topic)
        .map((g) => ({
          groupId: g.groupId,
          lag: g.partitions.reduce((sum, p) => sum + p.lag, 0),
          committed: g.partitions.some((p) => p.committed >= 0),
          perPartition: g.partitions.map(({ partition, committed, high, lag }) => ({
            partition,
            committed,
            high,
            lag,
          })),
        })),
    })),
  };
}

export function topicsTable(report: { topics: TopicReport[] }): string {
  const rows = [['TOPIC', 'PARTITIONS', 'MESSAGES', 'CONSUMER LAG']];
  for (const t of report.topics) {
    if (!t.exists) {
      rows.push([t.topic, '-', '-', 'missing (created by `newsflow up` or the services at start)']);
      continue;
    }
    const lag = t.groups
      .map((g) => `${g.groupId} ${g.lag}${g.committed ? '' : ' (no commits yet)'}`)
      .join(', ');
    rows.push([t.topic, String(t.partitions), String(t.messages), lag || '-']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') +
    '\n'
  );
}
