import type { EnrichedEventRecord } from '../services/contracts/records.ts';
import type { Kafka } from '../services/platform/kafka.ts';
import type { Serde } from '../services/platform/serde.ts';
import { followTopic, type TopicFollower } from '../services/platform/topic-reader.ts';

/**
 * Follows the run's enriched-event topic from its start and, for every record, takes the
 * end-to-end latency: the record's Kafka timestamp (when enrich produced it) minus
 * `event.ingestedAt` (when ingest accepted the article).
 */
export class EnrichedWatch {
  readonly latencies: number[] = [];
  /**
   * The same events' time in each stage (ms), to see where a latency tail lives: ingest accepted
   * → extract coded (`event.codedAt`: fetch wait, queueing behind the batch, coding), coded →
   * enriched (`enrichedAt`: extract's transaction, enrich's fetch and work), enriched → seen here
   * (enrich's transaction and this reader's fetch: read_committed shows a record only once its
   * transaction is committed; the bench's own event loop adds to it under load).
   */
  readonly stages = {
    ingestToCoded: [] as number[],
    codedToEnriched: [] as number[],
    enrichedToSeen: [] as number[],
  };
  count = 0;
  /** Records of articles ingested before `measureFrom` (the warm-up): counted, not measured. */
  warmUp = 0;
  decodeErrors = 0;
  /** Articles ingested before this time (ms) are left out of the latencies. */
  measureFrom = Infinity;
  lastTimestamp = 0;
  private follower: TopicFollower | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: Serde,
    private readonly topic: string,
  ) {}

  async start(): Promise<void> {
    this.follower = await followTopic(this.kafka, {
      topic: this.topic,
      start: 'earliest',
      groupPrefix: 'newsflow-bench-watch',
      onMessage: async (m) => {
        this.count++;
        this.lastTimestamp = Math.max(this.lastTimestamp, m.timestamp);
        try {
          const record = (await this.serde.decode(m.value, 'enriched-event')) as EnrichedEventRecord;
          if (record.event.ingestedAt < this.measureFrom) this.warmUp++;
          else {
            this.latencies.push(m.timestamp - record.event.ingestedAt);
            this.stages.ingestToCoded.push(record.event.codedAt - record.event.ingestedAt);
            this.stages.codedToEnriched.push(record.enrichedAt - record.event.codedAt);
            this.stages.enrichedToSeen.push(Date.now() - record.enrichedAt);
          }
        } catch {
          this.decodeErrors++;
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }
}
