// Reads every pipeline topic and dead-letter topic of a run back to its end, read_committed,
// and tallies what the careful client's outcomes say against what Kafka holds.
import type { Kafka } from '../../services/platform/kafka.ts';
import type { Serde } from '../../services/platform/serde.ts';
import { readTopicToEnd } from '../../services/platform/topic-reader.ts';
import { dlqOf, topicNames, type SchemaName } from '../../services/platform/topics.ts';
import type { ClientRun } from './client.ts';

export interface Tally {
  /** Articles answered 202 at least once. */
  accepted: number;
  /** Articles whose final answer was 200 "duplicate" although no 202 came before (a retry). */
  duplicateAnswers: number;
  /** Articles the client gave up on (no 202/200 within the give-up time). */
  gaveUp: number;
  /** Articles answered 202 or 200 whose id is not on the raw topic. */
  lost: number;
  /** ...of which the client had retried (more than one request). */
  lostAlthoughRetried: number;
  /** Article ids on the raw topic more than once (extra copies). */
  rawDuplicates: number;
  /**
   * Event ids on the coded topic more than once: an article published twice (ingest crashed
   * after the Kafka ack, before confirming its claim) is coded twice; enrich drops the copy.
   */
  codedDuplicates: number;
  /** Event ids on the enriched topic, the pipeline's output, more than once (extra copies). */
  eventDuplicates: number;
  /** Coded event ids with no enriched record. */
  eventsNotEnriched: number;
  dlq: { raw: number; coded: number; enriched: number };
  codedEvents: number;
  enrichedEvents: number;
  /** Kafka timestamps of the enriched records, ascending (for recovery times). */
  enrichedTimes: number[];
}

async function readAll<T>(
  kafka: Kafka,
  serde: Serde,
  topic: string,
  schema: SchemaName,
  pick: (value: unknown, timestamp: number) => T,
): Promise<T[]> {
  const out: T[] = [];
  const reader = await readTopicToEnd(kafka, {
    topic,
    start: 'earliest',
    groupPrefix: 'newsflow-faults',
    onMessage: async (m) => void out.push(pick(await serde.decode(m.value, schema), m.timestamp)),
  });
  await reader.done;
  return out;
}

const extra = (ids: string[]) => ids.length - new Set(ids).size;

export async function tally(kafka: Kafka, serde: Serde, prefix: string, client: ClientRun): Promise<Tally> {
  const t = topicNames(prefix);
  const [raw, coded, enriched, dRaw, dCoded, dEnriched] = await Promise.all([
    readAll(kafka, serde, t.articleRaw, 'article', (v) => (v as { id: string }).id),
    readAll(kafka, serde, t.eventCoded, 'coded-event', (v) => (v as { eventId: string }).eventId),
    readAll(kafka, serde, t.eventEnriched, 'enriched-event', (v, ts) => ({
      id: (v as { event: { eventId: string } }).event.eventId,
      ts,
    })),
    readAll(kafka, serde, dlqOf(t.articleRaw), 'dead-letter', () => 1),
    readAll(kafka, serde, dlqOf(t.eventCoded), 'dead-letter', () => 1),
    readAll(kafka, serde, dlqOf(t.eventEnriched), 'dead-letter', () => 1),
  ]);
  const onRaw = new Set(raw);
  const enrichedIds = new Set(enriched.map((e) => e.id));
  let lost = 0;
  let lostAlthoughRetried = 0;
  let accepted = 0;
  let duplicateAnswers = 0;
  let gaveUp = 0;
  for (const o of client.outcomes) {
    if (o.answers.includes(202)) accepted++;
    else if (o.answers.includes(200)) duplicateAnswers++;
    if (o.doneAt === undefined) {
      gaveUp++;
      continue;
    }
    if (o.id && !onRaw.has(o.id)) {
      lost++;
      if (o.answers.length > 1) lostAlthoughRetried++;
    }
  }
  return {
    accepted,
    duplicateAnswers,
    gaveUp,
    lost,
    lostAlthoughRetried,
    rawDuplicates: extra(raw),
    codedDuplicates: extra(coded),
    eventDuplicates: extra(enriched.map((e) => e.id)),
    eventsNotEnriched: [...new Set(coded)].filter((id) => !enrichedIds.has(id)).length,
    dlq: { raw: dRaw.length, coded: dCoded.length, enriched: dEnriched.length },
    codedEvents: coded.length,
    enrichedEvents: enriched.length,
    enrichedTimes: enriched.map((e) => e.ts).sort((a, b) => a - b),
  };
}
