import type { CodedEventRecord, EntityRecord } from '../contracts/records.ts';
import { createClusterStore } from './event-clusters.ts';
import { createLookupCache } from './lookup-cache.ts';
import { createRedis } from '../platform/redis.ts';
import { createStageService, type StageService } from '../platform/stage-service.ts';
import { loadGazetteer } from '../loaders/gazetteer.ts';
import { loadKnowledgeBase } from '../loaders/kb.ts';
import type { EnrichConfig } from './config.ts';
import { resolveActor, type ActorInput } from './domain/index.ts';
import { createEnrichHandler } from './handlers/enrich-event.ts';
import { createRemoteResolver } from './remote-resolver.ts';

/** enrich: news.event.coded.v1 → entity linking (Redis cache), geocoding, cross-article counts → news.event.enriched.v1. */
export function createEnrichService(config: EnrichConfig, onFatal?: (err: unknown) => void): StageService {
  return createStageService<CodedEventRecord>(
    config,
    {
      service: 'enrich',
      input: (t) => t.eventCoded,
      reader: 'coded-event',
      build: async ({ logger, metrics, topics }) => {
        const kb = loadKnowledgeBase();
        const gazetteer = loadGazetteer({ kb });
        const redis = createRedis(config.REDIS_URL, { name: 'enrich', autoPipelining: true, logger });
        const remote = config.ENRICH_REMOTE_RESOLVER_URL
          ? createRemoteResolver(config.ENRICH_REMOTE_RESOLVER_URL, config.ENRICH_REMOTE_TIMEOUT_MS)
          : undefined;
        const pending = new Map<string, { input: ActorInput; users: number }>();
        const entities = createLookupCache<EntityRecord>({
          redis,
          prefix: `nf:entity:${kb.version}:`,
          ttlSeconds: config.ENRICH_CACHE_TTL_SECONDS,
          negativeTtlSeconds: config.ENRICH_NEGATIVE_TTL_SECONDS,
          localEntries: config.ENRICH_LOCAL_CACHE_ENTRIES,
          name: 'entity',
          logger,
          registry: metrics.registry,
          load: async (keys) =>
            Promise.all(
              keys.map(async (k) => {
                const input = pending.get(k)?.input;
                if (!input) return null;
                return resolveActor(input, kb) ?? (remote ? await remote(input) : null);
              }),
            ),
        });
        // Clusters belong to one set of topics: a TOPIC_PREFIX (a test run, a benchmark) counts apart.
        const clusters = createClusterStore(redis, {
          prefix: `nf:${config.TOPIC_PREFIX}cluster:v2:`,
          windowSeconds: config.ENRICH_DEDUP_WINDOW_SECONDS,
        });
        const handler = createEnrichHandler({
          kb,
          gazetteer,
          kbVersion: kb.version,
          entities,
          pending,
          clusters,
          outputTopic: topics.eventEnriched,
        });
        return {
          handler,
          ready: () => redis.status === 'ready',
          handlerConcurrency: config.ENRICH_CONCURRENCY,
          cleanup: [{ name: 'redis', run: () => redis.quit() }],
        };
      },
    },
    onFatal,
  );
}
