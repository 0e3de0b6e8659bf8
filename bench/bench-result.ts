import type { Accounting } from './accounting.ts';
import type { LatencySummary } from './percentiles.ts';
import type { ProcMemory } from './proc-status.ts';
import type { BaselineResult } from './transport-baseline.ts';

/** Everything one `newsflow bench stack` run measured; `--json` prints it as is. */
export interface BenchResult {
  run: {
    id: string;
    topicPrefix: string;
    startedAt: string;
    servers: 'environment' | 'launcher';
    kafkaBrokers: string;
    logDir: string;
    corpus: { path: string; articles: number; meanChars: number };
    mode: 'max-rate' | 'fixed-rate';
    rate: number | null;
    seconds: number;
    batch: number;
    concurrency: number;
    maxBacklog: number;
  };
  pipeline: {
    sent: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    failedBatches: number;
    firstError: string | null;
    /** First send to the last answer, s. */
    sendSeconds: number;
    acceptedPerSecond: number;
    /** Max-rate mode: time the senders waited for the backlog to fall, s (summed over lanes / lanes). */
    heldSeconds: number;
    behindTicks: number;
    drained: boolean;
    /** First send until extract had consumed every accepted article and enrich's lag was 0, s. */
    drainedAfterSeconds: number;
    processedArticles: number;
    /** Articles sent and drained before measuring; in the accounting only. */
    warmupArticles: number;
    processedPerSecond: number;
    /** enrich's entity lookups over the whole run (warm-up included), from its /metrics. */
    entityCache: {
      lookups: number;
      localHits: number;
      redisHits: number;
      misses: number;
      hitRatio: number;
    } | null;
    eventsEnriched: number;
    eventsPerSecond: number;
    latencyMs: LatencySummary;
    /** The same events by stage (bench/enriched-watch.ts says what each one covers). */
    stageLatencyMs: {
      ingestToCoded: LatencySummary;
      codedToEnriched: LatencySummary;
      enrichedToSeen: LatencySummary;
    };
    latencyDecodeErrors: number;
    maxLag: { extract: number; enrich: number; samples: number };
  };
  accounting: Omit<Accounting, 'articleSizes'>;
  memory: {
    processes: Record<string, ProcMemory | null>;
    servers: Record<string, (ProcMemory & { pid: number }) | null>;
  };
  baseline: (Omit<BaselineResult, 'hopPeakRss'> & { error?: undefined }) | { error: string };
  ratios: { throughput: number; latencyP50: number; latencyP95: number; latencyP99: number } | null;
  /** Targets of the performance issue, reported, not asserted. */
  targets: { name: string; value: string; met: boolean | null }[];
}
