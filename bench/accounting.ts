import type { Kafka } from '../services/platform/kafka.ts';
import { dlqOf, topicNames } from '../services/platform/topics.ts';
import { readTopicToEnd, topicWatermarks } from '../services/platform/topic-reader.ts';

export interface Accounting {
  accepted: number;
  /** Messages in the article topic. */
  articleMessages: number;
  /** Articles extract's group committed (consumed). */
  extractConsumed: number;
  /** Distinct article ids (record keys) in the coded-event topic. */
  articlesWithEvents: number;
  /** Articles extract coded without finding an event (its metrics), undefined when unreadable. */
  eventless: number | undefined;
  /** Articles in the article topic's dead-letter twin. */
  deadLettered: number;
  /** Accepted ids found neither in the coded topic nor in the dead-letter topic. */
  withoutTrace: number;
  /** withoutTrace − eventless: accepted articles that left no trace; undefined when eventless is unknown. */
  lost: number | undefined;
  codedEvents: number;
  enrichConsumed: number;
  enrichedEvents: number;
  enrichDeadLettered: number;
  /** Encoded sizes (bytes) of the measured article records, in topic order: the transport baseline sends the same. */
  articleSizes: number[];
}

async function keysAndSizes(
  kafka: Kafka,
  topic: string,
  wantSizes: boolean,
  skipSizesOf?: Map<string, number>,
) {
  const keys = new Set<string>();
  const sizes: number[] = [];
  let count = 0;
  const reader = await readTopicToEnd(kafka, {
    topic,
    start: 'earliest',
    groupPrefix: 'newsflow-bench-count',
    onMessage: (m) => {
      count++;
      const key = m.key?.toString('utf8');
      if (key !== undefined) keys.add(key);
      if (wantSizes && !(key !== undefined && skipSizesOf?.has(key))) sizes.push(m.value?.length ?? 0);
    },
  });
  await reader.done;
  return { keys, sizes, count };
}

/** Reads a Prometheus counter (summed over its label sets) from a /metrics page. */
/** Sums a counter's series in a /metrics page; `label` (e.g. 'layer="local"') keeps only matching series. */
export async function scrapeCounter(url: string, name: string, label?: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    let total: number | undefined;
    for (const line of (await res.text()).split('\n')) {
      if (!line.startsWith(name)) continue;
      const rest = line.slice(name.length);
      if (rest[0] !== ' ' && rest[0] !== '{') continue;
      if (label && !rest.includes(label)) continue;
      total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return total;
  } catch {
    return undefined;
  }
}

/**
 * The run's books: accepted = messages in the article topic = consumed by extract, and every
 * accepted article either has events, was coded without any, or was dead-lettered.
 */
export async function accountFor(opts: {
  kafka: Kafka;
  prefix: string;
  acceptedIds: Map<string, number>;
  /** Warm-up articles: in the books, not in articleSizes. */
  warmupIds: Map<string, number>;
  extractConsumed: number;
  enrichConsumed: number;
  eventless: number | undefined;
}): Promise<Accounting> {
  const t = topicNames(opts.prefix);
  const [articles, coded, dead] = await Promise.all([
    keysAndSizes(opts.kafka, t.articleRaw, true, opts.warmupIds),
    keysAndSizes(opts.kafka, t.eventCoded, false),
    keysAndSizes(opts.kafka, dlqOf(t.articleRaw), false),
  ]);
  const marks = await topicWatermarks(opts.kafka, [t.eventEnriched, dlqOf(t.eventCoded)]);
  const total = (i: number) => marks[i]!.partitions.reduce((n, p) => n + p.high - p.low, 0);
  let withoutTrace = 0;
  for (const id of opts.acceptedIds.keys()) if (!coded.keys.has(id) && !dead.keys.has(id)) withoutTrace++;
  return {
    accepted: opts.acceptedIds.size,
    articleMessages: articles.count,
    extractConsumed: opts.extractConsumed,
    articlesWithEvents: coded.keys.size,
    eventless: opts.eventless,
    deadLettered: dead.count,
    withoutTrace,
    lost: opts.eventless === undefined ? undefined : withoutTrace - opts.eventless,
    codedEvents: coded.count,
    enrichConsumed: opts.enrichConsumed,
    enrichedEvents: total(0),
    enrichDeadLettered: total(1),
    articleSizes: articles.sizes,
  };
}
