import type { Kafka } from '../services/platform/kafka.ts';
import { consumerLag, type PartitionLag } from '../services/platform/admin.ts';

export interface GroupProgress {
  groupId: string;
  topic: string;
  /** Messages in the topic (sum of high watermarks; the run's topics start empty). */
  high: number;
  /** Sum of committed offsets (a partition with none counts 0). */
  committed: number;
  lag: number;
}

export interface LagSnapshot {
  at: number;
  extract: GroupProgress;
  enrich: GroupProgress;
}

/** A group's totals over the partitions of a topic. */
export function groupProgress(
  groupId: string,
  topic: string,
  parts: PartitionLag[],
  opts: { transactional?: boolean } = {},
): GroupProgress {
  let high = 0;
  let committed = 0;
  let lag = 0;
  for (const p of parts) {
    high += p.high;
    committed += Math.max(0, p.committed);
    // On a topic written in transactions the last offset is often a commit marker, which the
    // consumer skips without committing past it: a lag of one there is not a record.
    lag += opts.transactional && p.lag === 1 ? 0 : p.lag;
  }
  return { groupId, topic, high, committed, lag };
}

/**
 * Samples the lag of extract's group on the article topic and of enrich's on the coded-event
 * topic: every second in the background while sending, and on demand while draining. Keeps the
 * maximum of each and the latest snapshot.
 */
export class LagSampler {
  maxExtractLag = 0;
  maxEnrichLag = 0;
  samples = 0;
  latest: LagSnapshot | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly extract: { groupId: string; topic: string },
    private readonly enrich: { groupId: string; topic: string },
  ) {}

  async sample(): Promise<LagSnapshot> {
    const [a, b] = await Promise.all([
      consumerLag(this.kafka, this.extract.groupId, this.extract.topic),
      consumerLag(this.kafka, this.enrich.groupId, this.enrich.topic),
    ]);
    const snap: LagSnapshot = {
      at: Date.now(),
      extract: groupProgress(this.extract.groupId, this.extract.topic, a),
      enrich: groupProgress(this.enrich.groupId, this.enrich.topic, b, { transactional: true }),
    };
    this.maxExtractLag = Math.max(this.maxExtractLag, snap.extract.lag);
    this.maxEnrichLag = Math.max(this.maxEnrichLag, snap.enrich.lag);
    this.samples++;
    this.latest = snap;
    return snap;
  }

  start(everyMs = 1000): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const began = Date.now();
        await this.sample().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - began))));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
