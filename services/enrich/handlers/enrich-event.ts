import type { CodedEventRecord, EnrichedEventRecord, EntityRecord } from '../../contracts/records.ts';
import type { HandlerResult, MessageContext } from '../../platform/consumer.ts';
import type { ClusterStore } from '../event-clusters.ts';
import type { LookupCache } from '../lookup-cache.ts';
import type { Gazetteer } from '../../geo/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { enrichEvent, entityCacheKey, publisherOf, type ActorInput } from '../domain/index.ts';

export interface EnrichHandlerDeps {
  kb: KnowledgeBase;
  gazetteer: Gazetteer;
  kbVersion: string;
  entities: LookupCache<EntityRecord>;
  /** Filled before each lookup so the cache's loader can resolve a key it has not seen. */
  pending: Map<string, { input: ActorInput; users: number }>;
  clusters: ClusterStore;
  outputTopic: string;
  now?: () => number;
}

/** CodedEvent → EnrichedEvent keyed by cluster id: entities through the cache, counts through Redis. */
export function createEnrichHandler(deps: EnrichHandlerDeps) {
  const now = deps.now ?? Date.now;
  const load = async (keys: string[], inputs: ActorInput[]): Promise<(EntityRecord | null)[]> => {
    // Handlers run side by side and may share keys: count the users of each pending input so
    // that one finishing does not take away another's (the loader would then say "no entity").
    keys.forEach((k, i) => {
      const entry = deps.pending.get(k);
      if (entry) entry.users++;
      else deps.pending.set(k, { input: inputs[i]!, users: 1 });
    });
    try {
      return await deps.entities.getMany(keys);
    } finally {
      for (const k of keys) {
        const entry = deps.pending.get(k);
        if (entry && --entry.users === 0) deps.pending.delete(k);
      }
    }
  };
  return async (
    event: CodedEventRecord,
    ctx?: Pick<MessageContext, 'raw'> & Partial<Pick<MessageContext, 'partition' | 'offset'>>,
  ): Promise<HandlerResult> => {
    const countries = [event.source.countryCode, event.target?.countryCode].filter((c): c is string => !!c);
    const inputs: ActorInput[] = [
      {
        mention: event.source.name,
        code: event.source.code,
        eventDate: event.eventDate,
        context: { countries },
      },
    ];
    if (event.target)
      inputs.push({
        mention: event.target.name,
        code: event.target.code,
        eventDate: event.eventDate,
        context: { countries },
      });
    const keys = inputs.map((i) => entityCacheKey(i, deps.kb));
    // Under a warm cache every entity is in process: no loader, no waiting.
    const found = deps.entities.peek(keys) ?? (await load(keys, inputs));
    // enrichEvent asks again for the same (mention, code, date): answer from what was fetched.
    const resolved = (input: Pick<ActorInput, 'mention' | 'code' | 'eventDate'>): EntityRecord | null => {
      for (let i = 0; i < inputs.length; i++) {
        const a = inputs[i]!;
        if (a.mention === input.mention && a.code === input.code && a.eventDate === input.eventDate)
          return found[i] ?? null;
      }
      return null;
    };
    const draft = enrichEvent(event, {
      kb: deps.kb,
      gazetteer: deps.gazetteer,
      kbVersion: deps.kbVersion,
      resolve: resolved,
      now,
    });
    const { otherCopy, ...counts } = await deps.clusters.record({
      fingerprint: draft.fingerprint,
      eventId: event.eventId,
      source: publisherOf(event),
      articleId: event.articleId,
      at: draft.enrichedAt,
      copy: ctx?.offset !== undefined ? `${ctx.partition}:${ctx.offset}` : undefined,
    });
    // The event's id was already enriched from another coded record: a second copy of its
    // article reached the raw topic (ingest's crash window), and its events are dropped here.
    if (otherCopy) return {};
    const enriched: EnrichedEventRecord = Object.assign(draft, counts);
    // `event` goes out as it came in: its consumed bytes are reused rather than encoded again.
    const raw = ctx?.raw;
    const record = raw
      ? { key: counts.clusterId, value: enriched, first: raw }
      : { key: counts.clusterId, value: enriched };
    return { produce: [{ topic: deps.outputTopic, records: [record] }] };
  };
}
