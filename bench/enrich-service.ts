// `newsflow bench enrich-service [--events N] [--json]`: the enrich service itself (consumer,
// two-level entity cache over Redis, geocoding, cluster counts in Redis, producer) on the real
// servers. N synthetic CodedEvents are written to a fresh topic first, then the service is
// started and timed until its group has consumed them all: events/s with a cold and then a warm
// cache (a second pass over the same events under new ids), and the cache hit ratio.
import { parseArgs } from 'node:util';
import type { CommandIo } from '../cli/main.ts';
import { getGazetteer } from '../services/geo/index.ts';
import { loadKnowledgeBase } from '../services/kb/load.ts';
import { syntheticEvents } from '../services/enrich/cli/bench-enrich.ts';
import { loadConfig } from '../services/enrich/config.ts';
import { createEnrichService } from '../services/enrich/service.ts';
import { consumerLag } from '../services/platform/admin.ts';
import { ensurePipeline } from '../services/platform/bootstrap.ts';
import { brokerList, parseConfig, platformConfigShape } from '../services/platform/config.ts';
import { createKafka } from '../services/platform/kafka.ts';
import { silentLogger } from '../services/platform/logger.ts';
import { createProducer } from '../services/platform/producer.ts';
import { createSerde } from '../services/platform/serde.ts';
import { topicNames } from '../services/platform/topics.ts';
import { z } from 'zod';

const USAGE = 'usage: newsflow bench enrich-service [--events 20000] [--json]\n';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  let n: number;
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { events: { type: 'string', default: '20000' }, json: { type: 'boolean', default: false } },
    });
    n = Number(values.events);
    json = values.json;
    if (!Number.isInteger(n) || n <= 0) throw new Error('--events takes a whole number above 0');
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const env = parseConfig(z.object(platformConfigShape), io.env);
  const prefix = `bench-enrich.${Date.now().toString(36)}.`;
  const topics = topicNames(prefix);
  const kafka = createKafka({
    brokers: brokerList(env.KAFKA_BROKERS),
    clientId: 'bench-enrich',
    logger: silentLogger(),
  });
  const serde = createSerde({ registryUrl: env.SCHEMA_REGISTRY_URL });
  await ensurePipeline({ kafka, serde, prefix });
  const producer = createProducer(kafka, serde, silentLogger());
  await producer.connect();
  const events = syntheticEvents(n, loadKnowledgeBase(), getGazetteer());
  const write = async (to: typeof producer, pass: string) => {
    for (let i = 0; i < events.length; i += 500)
      await to.send(
        topics.eventCoded,
        events
          .slice(i, i + 500)
          .map((e) => ({ key: e.articleId, value: { ...e, eventId: `${pass}-${e.eventId}` } })),
      );
  };
  await write(producer, 'cold');
  await producer.close();

  const groupId = `${prefix}enrich`;
  const service = createEnrichService(
    loadConfig({ ...io.env, TOPIC_PREFIX: prefix, GROUP_ID: groupId, LOG_LEVEL: 'warn', HEALTH_PORT: '0' }),
  );
  const drained = async (target: number) => {
    for (;;) {
      const lag = await consumerLag(kafka, groupId, topics.eventCoded);
      const committed = lag.reduce((s, p) => s + Math.max(0, p.committed), 0);
      if (committed >= target) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const t0 = performance.now();
  await service.start(); // includes loading the KB and the gazetteer
  const started = performance.now();
  await drained(n);
  const cold = performance.now();
  const second = createProducer(kafka, serde, silentLogger());
  await second.connect();
  const w0 = performance.now();
  await write(second, 'warm');
  await second.close();
  await drained(2 * n);
  const warm = performance.now();
  const metrics = await service.deps.metrics.registry.getMetricsAsJSON();
  await service.stop();
  const sum = (name: string, layer?: string) =>
    (metrics.find((m) => m.name === name)?.values ?? [])
      .filter((v) => !layer || v.labels.layer === layer)
      .reduce((s, v) => s + Number(v.value), 0);
  const hits = sum('newsflow_entity_cache_hits_total');
  const misses = sum('newsflow_entity_cache_misses_total');
  const result = {
    events: n,
    startSeconds: (started - t0) / 1000,
    coldEventsPerSecond: n / ((cold - started) / 1000),
    // the warm pass includes writing the events, which runs alongside the service
    warmEventsPerSecond: n / ((warm - w0) / 1000),
    entityCache: {
      lookups: hits + misses,
      localHits: sum('newsflow_entity_cache_hits_total', 'local'),
      redisHits: sum('newsflow_entity_cache_hits_total', 'redis'),
      misses,
      hitRatio: hits / Math.max(1, hits + misses),
    },
  };
  if (json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else
    io.stdout.write(
      `enrich service on ${env.KAFKA_BROKERS}: ${n} events a pass (started in ${result.startSeconds.toFixed(1)} s)\n` +
        `  cold cache  ${result.coldEventsPerSecond.toFixed(0)} events/s\n` +
        `  warm cache  ${result.warmEventsPerSecond.toFixed(0)} events/s (writing the events included)\n` +
        `  entity cache hit ratio ${(result.entityCache.hitRatio * 100).toFixed(1)}% of ${result.entityCache.lookups} lookups ` +
        `(in-process ${result.entityCache.localHits}, Redis ${result.entityCache.redisHits}, resolved ${misses})\n`,
    );
  return 0;
}
