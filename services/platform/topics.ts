// Topic, subject and schema names, defined once. A breaking schema change means a new `.v2`
// topic, never an in-place break (schemas/README.md).
export const Topics = {
  articleRaw: 'news.article.raw.v1',
  eventCoded: 'news.event.coded.v1',
  eventEnriched: 'news.event.enriched.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const dlqOf = (topic: string): string => `${topic}.dlq`;
export const subjectOf = (topic: string): string => `${topic}-value`;

/** Which schema file (in schemas/) carries each topic's values. */
export const SchemaOfTopic: Record<TopicName, SchemaName> = {
  [Topics.articleRaw]: 'article',
  [Topics.eventCoded]: 'coded-event',
  [Topics.eventEnriched]: 'enriched-event',
};

export type SchemaName = 'article' | 'coded-event' | 'enriched-event' | 'dead-letter';

export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs: number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Partitions of each pipeline topic: the most members a consumer group can use. Six divides
 * evenly among 1, 2, 3 or 6 instances of a service; with three, two enrich instances split
 * the work 2:1 and the one with two partitions set the pace.
 */
export const DEFAULT_PARTITIONS = 6;

/** Every topic the pipeline needs, with its dead-letter twin; created idempotently at start. */
export function topicSpecs(partitions = DEFAULT_PARTITIONS, prefix = ''): TopicSpec[] {
  const specs: TopicSpec[] = [];
  for (const name of Object.values(Topics)) {
    specs.push({ name: prefix + name, partitions, retentionMs: 7 * DAY });
    specs.push({ name: dlqOf(prefix + name), partitions: 1, retentionMs: 30 * DAY });
  }
  return specs;
}

/** The pipeline's topic names under a prefix (empty in production; one per run in tests). */
export function topicNames(prefix = ''): { articleRaw: string; eventCoded: string; eventEnriched: string } {
  return {
    articleRaw: prefix + Topics.articleRaw,
    eventCoded: prefix + Topics.eventCoded,
    eventEnriched: prefix + Topics.eventEnriched,
  };
}
