import { deferred } from './deferred.ts';
import { randomBytes } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { classify } from './errors.ts';

/**
 * Reading a topic outside any service's consumer group: for the CLI (tail, export, topics) and
 * for tests. Every reader uses a throwaway group that never commits, so it cannot disturb the
 * pipeline's groups; start positions are taken from the admin API and applied with seek, and
 * messages before a partition's start (delivered by a fetch that raced the seek) are dropped.
 */

/** Where to start in every partition. `offset` is clamped into each partition's [low, high]. */
export type StartAt = 'earliest' | 'latest' | { offset: number } | { timestamp: number };

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  /** Record timestamp (ms since the epoch): the producer's create time. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

interface PartitionWatermarks {
  partition: number;
  low: number;
  high: number;
}

export interface TopicWatermarks {
  topic: string;
  exists: boolean;
  partitions: PartitionWatermarks[];
}

/** Low and high watermarks of each partition; `exists: false` for a topic the cluster lacks. */
export async function topicWatermarks(kafka: Kafka, topics: string[]): Promise<TopicWatermarks[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const out: TopicWatermarks[] = [];
    for (const topic of topics) {
      if (!existing.has(topic)) {
        out.push({ topic, exists: false, partitions: [] });
        continue;
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      const partitions = offsets
        .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
        .sort((a, b) => a.partition - b.partition);
      out.push({ topic, exists: true, partitions });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

interface Range {
  start: number;
  /** Exclusive end; Infinity when following. */
  end: number;
}

/** Retries what a broker may refuse for a moment (kafkajs marks those errors retriable). */
async function withRetries<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const retriable = classify(err) === 'retry' || classify((err as { cause?: unknown }).cause) === 'retry';
      if (!retriable || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}

async function resolveRanges(
  kafka: Kafka,
  topic: string,
  start: StartAt,
  bounded: boolean,
): Promise<Map<number, Range>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new TopicNotFoundError(topic);
    const offsets = await admin.fetchTopicOffsets(topic);
    const byTime =
      typeof start === 'object' && 'timestamp' in start
        ? await admin.fetchTopicOffsetsByTimestamp(topic, start.timestamp)
        : [];
    const ranges = new Map<number, Range>();
    for (const o of offsets) {
      const low = Number(o.low);
      const high = Number(o.high);
      let from: number;
      if (start === 'earliest') from = low;
      else if (start === 'latest') from = high;
      else if ('offset' in start) from = Math.min(Math.max(start.offset, low), high);
      else from = Number(byTime.find((t) => t.partition === o.partition)?.offset ?? high);
      ranges.set(o.partition, { start: from, end: bounded ? high : Infinity });
    }
    return ranges;
  } finally {
    await admin.disconnect();
  }
}

export class TopicNotFoundError extends Error {
  constructor(readonly topic: string) {
    super(`topic ${topic} does not exist`);
    this.name = 'TopicNotFoundError';
  }
}

export interface ReadTopicOptions {
  topic: string;
  start: StartAt;
  /**
   * Called for each message in offset order within a partition; awaited before the next.
   * Returning 'stop' ends the read after this message (as stop() would).
   */
  onMessage: (message: TopicMessage) => Promise<void | 'stop'> | void | 'stop';
  /** Prefix of the throwaway group id. Default 'newsflow-cli'. */
  groupPrefix?: string;
}

export interface TopicFollower {
  /** Resolves when the reader has stopped (stop() called, or the end offsets reached when bounded). */
  readonly done: Promise<void>;
  /** Stops reading and disconnects; idempotent. */
  stop(): Promise<void>;
}

function throwawayGroup(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function headerStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

async function openReader(kafka: Kafka, opts: ReadTopicOptions, bounded: boolean): Promise<TopicFollower> {
  const ranges = await withRetries(() => resolveRanges(kafka, opts.topic, opts.start, bounded));
  // The next offset wanted per partition; everything below it is a duplicate or before the start.
  const next = new Map([...ranges].map(([p, r]) => [p, r.start]));
  const finished = () => bounded && [...ranges].every(([p, r]) => (next.get(p) ?? 0) >= r.end);

  const { promise: done, resolve: resolveDone, reject: rejectDone } = deferred<void>();

  if (finished()) {
    resolveDone();
    return { done, stop: async () => {} };
  }

  const consumer: Consumer = kafka.consumer({
    groupId: throwawayGroup(opts.groupPrefix ?? 'newsflow-cli'),
    maxWaitTimeInMs: 200,
    // Records of open or aborted transactions are never shown (kafkajs' default, said explicitly).
    readUncommitted: false,
    allowAutoTopicCreation: false,
  });
  let stopping: Promise<void> | undefined;
  let failure: unknown;
  const stop = () => {
    stopping ??= consumer
      .disconnect()
      .catch(() => {})
      .then(() => (failure === undefined ? resolveDone() : rejectDone(failure)));
    return stopping;
  };
  const fail = (err: unknown) => {
    failure ??= err;
    void stop();
  };

  // Batches made only of transaction markers never reach eachBatch; this event still moves the
  // position past them, so that a bounded read ending on a marker finishes.
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
    const { partition, lastOffset, batchSize } = e.payload as {
      partition: number;
      lastOffset: string;
      batchSize: number;
    };
    if (batchSize > 0) return; // batches with messages are tracked in eachBatch
    const after = Number(lastOffset) + 1;
    if (after > (next.get(partition) ?? 0)) next.set(partition, after);
    if (finished()) void stop();
  });
  // kafkajs reports a retriable failure (a leader moving, the coordinator still loading) as a
  // crash it restarts from by itself: only a crash it will not restart from ends the read.
  consumer.on(consumer.events.CRASH, (e) => {
    if (!(e.payload as { restart?: boolean }).restart) fail(e.payload.error);
  });

  // The start positions are applied when the consumer joins its group, not after run(): run()
  // also returns when its first join crashed (a coordinator still loading, a broker slow under
  // load), and kafkajs then restarts later with a new group whose earlier seeks are gone, so a seek
  // after run() either throws "Consumer group was not initialized" or is lost. Seeking to `next` on
  // every join resumes where the reader was, restart or not, before the first fetch.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (stopping) return;
    for (const [partition, offset] of next)
      consumer.seek({ topic: opts.topic, partition, offset: String(offset) });
  });

  await consumer.connect();
  await consumer.subscribe({ topic: opts.topic, fromBeginning: opts.start !== 'latest' });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    // kafkajs fetches from the last resolved offset, commits or not: an offset left unresolved
    // makes it fetch the same first batch again and again.
    eachBatch: async ({ batch, resolveOffset, isRunning, isStale }) => {
      const range = ranges.get(batch.partition);
      for (const m of batch.messages) {
        if (!isRunning() || isStale() || stopping) return;
        const offset = Number(m.offset);
        const wanted = next.get(batch.partition) ?? 0;
        if (offset < wanted || (range && offset >= range.end)) {
          resolveOffset(m.offset);
          continue;
        }
        next.set(batch.partition, offset + 1);
        try {
          const verdict = await opts.onMessage({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            key: m.key,
            value: m.value,
            headers: headerStrings(m.headers),
          });
          if (verdict === 'stop') {
            void stop();
            return;
          }
        } catch (err) {
          fail(err);
          return;
        }
        resolveOffset(m.offset);
      }
      // Past a trailing transaction marker too: the batch's last offset may be one.
      resolveOffset(batch.lastOffset());
      const after = Number(batch.lastOffset()) + 1;
      if (after > (next.get(batch.partition) ?? 0)) next.set(batch.partition, after);
      if (finished()) void stop();
    },
  });
  return { done, stop };
}

/**
 * Reads every message from `start` up to the end offsets the partitions had when the call began,
 * then stops: a snapshot, unaffected by what is written meanwhile. Resolves after the last
 * message has been handled; rejects with the first error `onMessage` threw.
 */
export async function readTopicToEnd(kafka: Kafka, opts: ReadTopicOptions): Promise<TopicFollower> {
  return openReader(kafka, opts, true);
}

/** Reads from `start` and keeps following the topic until stop() is called. */
export async function followTopic(kafka: Kafka, opts: ReadTopicOptions): Promise<TopicFollower> {
  return openReader(kafka, opts, false);
}
