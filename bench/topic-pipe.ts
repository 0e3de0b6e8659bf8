import type { Consumer, Kafka, Producer } from 'kafkajs';
import { groupConsumerSettings, IDEMPOTENT_PRODUCER } from '../services/platform/kafka.ts';

/**
 * A pass-through hop: consumes one topic and writes every message, bytes, key and headers
 * unchanged, to another, with the same consumer and producer settings as the pipeline's stages
 * (idempotent producer, acks=all, write then commit per batch). With no processing in between it
 * measures what Kafka and the client library cost alone: the benchmark's transport baseline.
 */
export interface TopicPipeOptions {
  kafka: Kafka;
  from: string;
  to: string;
  groupId: string;
}

export interface TopicPipe {
  /** Resolves once the consumer has joined its group and been given partitions. */
  start(): Promise<void>;
  /** Messages forwarded so far. */
  readonly forwarded: number;
  /** Stops intake, then flushes and disconnects the producer; idempotent. */
  stop(): Promise<void>;
}

export function createTopicPipe(opts: TopicPipeOptions): TopicPipe {
  // Made in start(), with the session timeout the broker allows (as the stages do).
  let consumer: Consumer | undefined;
  const producer: Producer = opts.kafka.producer(IDEMPOTENT_PRODUCER);
  let forwarded = 0;
  let stopping: Promise<void> | undefined;

  return {
    get forwarded() {
      return forwarded;
    },
    async start() {
      await producer.connect();
      const admin = opts.kafka.admin();
      await admin.connect();
      const settings = await groupConsumerSettings(admin).finally(() => admin.disconnect());
      const member = opts.kafka.consumer({ ...settings, groupId: opts.groupId });
      consumer = member;
      await member.connect();
      const joined = new Promise<void>((resolve) => member.on(member.events.GROUP_JOIN, () => resolve()));
      await member.subscribe({ topic: opts.from, fromBeginning: true });
      await member.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({
          batch,
          resolveOffset,
          heartbeat,
          commitOffsetsIfNecessary,
          uncommittedOffsets,
          isRunning,
          isStale,
        }) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          await producer.sendBatch({
            acks: -1,
            topicMessages: [
              {
                topic: opts.to,
                messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
              },
            ],
          });
          forwarded += batch.messages.length;
          for (const m of batch.messages) resolveOffset(m.offset);
          await commitOffsetsIfNecessary(uncommittedOffsets());
          await heartbeat();
        },
      });
      await joined;
    },
    stop() {
      stopping ??= (async () => {
        await consumer?.disconnect().catch(() => undefined);
        await producer.disconnect().catch(() => undefined);
      })();
      return stopping;
    },
  };
}
