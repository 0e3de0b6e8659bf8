import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureTopics } from '../services/platform/admin.ts';
import type { Kafka } from '../services/platform/kafka.ts';
import { silentLogger } from '../services/platform/logger.ts';
import { createProducer } from '../services/platform/producer.ts';
import type { Serde } from '../services/platform/serde.ts';
import { followTopic } from '../services/platform/topic-reader.ts';
import { sleep, startTsChild, waitForLine, type BenchChild } from './child-process.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { procMemory } from './proc-status.ts';

export interface BaselineOptions {
  kafka: Kafka;
  /** Environment of the hop processes (the benchmark's own). */
  env: NodeJS.ProcessEnv;
  serde: Serde;
  kafkaBrokers: string;
  root: string;
  logDir: string;
  prefix: string;
  partitions: number;
  /** One message per entry, of this many bytes (the pipeline's encoded article sizes). */
  sizes: number[];
  /** Messages per second, or undefined: as fast as `concurrency` batches in flight allow. */
  rate: number | undefined;
  batch: number;
  concurrency: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface BaselineResult {
  topics: string[];
  groups: string[];
  messages: number;
  delivered: number;
  bytes: number;
  /** First send to the last message's arrival in the last topic, ms. */
  elapsedMs: number;
  messagesPerSecond: number;
  latency: LatencySummary;
  hopPeakRss: (number | undefined)[];
}

/** The baseline's topics (A, B, C) and hop groups under a run's prefix. */
export function baselineNames(prefix: string): {
  topics: [string, string, string];
  groups: [string, string];
} {
  const topic = (x: string) => `${prefix}bench.transport.${x}`;
  return {
    topics: [topic('a'), topic('b'), topic('c')],
    groups: [`${prefix}bench.hop1`, `${prefix}bench.hop2`],
  };
}

/** The two pass-through hops A → B and B → C, each its own process, once both say they are ready. */
function startHops(opts: BaselineOptions, topics: string[], groups: string[]): BenchChild[] {
  const [a, b, c] = topics;
  const hops = [
    [a, b],
    [b, c],
  ].map(([from, to], i) =>
    startTsChild({
      name: `hop${i + 1}`,
      script: 'bench/transport-hop.ts',
      cwd: opts.root,
      env: {
        ...opts.env,
        KAFKA_BROKERS: opts.kafkaBrokers,
        HOP_FROM: from,
        HOP_TO: to,
        HOP_GROUP: groups[i],
        LOG_LEVEL: 'warn',
      },
      logFile: join(opts.logDir, `hop${i + 1}.log`),
      pipeStdout: true,
    }),
  );
  return hops;
}

/**
 * Sends one message per size to `topic`, keyed by its index, noting when each was handed to the
 * producer: at the fixed rate, or as fast as `concurrency` batches in flight allow.
 */
async function sendAll(
  opts: BaselineOptions,
  producer: ReturnType<typeof createProducer>,
  topic: string,
  sentAt: Float64Array,
): Promise<{ bytes: number; startedAt: number }> {
  const n = opts.sizes.length;
  const pool = randomBytes(Math.max(1, ...opts.sizes));
  let bytes = 0;
  let next = 0;
  const sendBatch = async (count: number) => {
    const first = next;
    next += count;
    const records = [];
    const at = Date.now();
    for (let i = first; i < first + count; i++) {
      sentAt[i] = at;
      bytes += opts.sizes[i]!;
      records.push({ key: String(i), value: pool.subarray(0, opts.sizes[i]) });
    }
    await producer.sendRaw(topic, records);
  };
  const startedAt = Date.now();
  if (opts.rate === undefined) {
    const lane = async () => {
      while (next < n && !opts.signal.aborted) await sendBatch(Math.min(opts.batch, n - next));
    };
    await Promise.all(Array.from({ length: opts.concurrency }, lane));
    return { bytes, startedAt };
  }
  const rate = opts.rate;
  const inFlight = new Set<Promise<void>>();
  while (next < n && !opts.signal.aborted) {
    const due = Math.min(n, Math.floor((rate * (Date.now() - startedAt)) / 1000)) - next;
    for (let left = due; left > 0;) {
      const k = Math.min(left, opts.batch);
      const p = sendBatch(k).finally(() => inFlight.delete(p));
      inFlight.add(p);
      left -= k;
    }
    await sleep(100 - ((Date.now() - startedAt) % 100));
  }
  await Promise.all(inFlight);
  return { bytes, startedAt };
}

/**
 * The transport baseline: the same number of messages with the same sizes (random bytes) sent
 * through three fresh topics A → B → C by two pass-through hop processes (consumer + producer,
 * acks=all, same partitions, no processing), like ingest → extract → enrich without the work.
 * Latency per message: C's record timestamp minus the time the message was handed to the producer.
 */
export async function runTransportBaseline(opts: BaselineOptions): Promise<BaselineResult> {
  const { topics, groups } = baselineNames(opts.prefix);
  const [a, b, c] = topics;
  await ensureTopics(
    opts.kafka,
    [a, b, c].map((name) => ({ name, partitions: opts.partitions, retentionMs: 3_600_000 })),
  );
  let hops: BenchChild[] = [];
  const n = opts.sizes.length;
  const sentAt = new Float64Array(n);
  const latencies: number[] = [];
  let delivered = 0;
  let lastArrival = 0;
  const producer = createProducer(opts.kafka, opts.serde, silentLogger());
  const follower = await followTopic(opts.kafka, {
    topic: c,
    start: 'earliest',
    groupPrefix: 'newsflow-bench-watch',
    onMessage: (m) => {
      const i = Number(m.key?.toString('utf8'));
      if (!Number.isInteger(i) || i < 0 || i >= n) return;
      delivered++;
      latencies.push(m.timestamp - sentAt[i]!);
      lastArrival = Math.max(lastArrival, m.timestamp);
    },
  });
  try {
    hops = startHops(opts, topics, groups);
    await Promise.all(hops.map((h) => waitForLine(h, /^ready$/, 120_000)));
    await producer.connect();
    const { bytes, startedAt } = await sendAll(opts, producer, a, sentAt);
    const deadline = Date.now() + opts.timeoutMs;
    while (delivered < n && Date.now() < deadline && !opts.signal.aborted) await sleep(100);
    const elapsedMs = Math.max(1, (lastArrival || Date.now()) - startedAt);
    const hopPeakRss = hops.map((h) => procMemory(h.pid)?.peakRss);
    return {
      topics: [a, b, c],
      groups,
      messages: n,
      delivered,
      bytes,
      elapsedMs,
      messagesPerSecond: (delivered / elapsedMs) * 1000,
      latency: summarize(latencies),
      hopPeakRss,
    };
  } finally {
    await follower.stop();
    await producer.close().catch(() => undefined);
    await Promise.all(hops.map((h) => h.stop()));
  }
}
