// `newsflow bench enrich-service [--events N] [--json]`: the enrich service itself (consumer,
// two-level entity cache over Redis, geocoding, cluster counts in Redis, producer) on the real
// servers. N synthetic CodedEvents are written to a fresh topic first, then the service is
// started and timed until its group has consumed them all (cold cache); then the same events under
// new ids are written and a restarted service is timed on them (Redis cache warm). Nothing else
// runs while a pass is timed. Prints events/s of each pass and the warm pass's cache hit ratio.
import { parseArgs } from 'node:util';
import type { CommandIo } from '../cli/main.ts';
import { getGazetteer } from '../services/geo/index.ts';
import { loadKnowledgeBase } from '../services/kb/load.ts';
import { syntheticEvents } from '../services/enrich/cli/bench-enrich.ts';
import { loadConfig } from '../services/enrich/config.ts';
import { createEnrichService } from '../services/enrich/service.ts';
import type { StageService } from '../services/platform/stage-service.ts';
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
  const config = loadConfig({
    ...io.env,
    TOPIC_PREFIX: prefix,
    GROUP_ID: groupId,
    LOG_LEVEL: 'error',
    HEALTH_PORT: '0',
  });
  const drained = async (target: number) => {
    for (;;) {
      const lag = await consumerLag(kafka, groupId, topics.eventCoded);
      const committed = lag.reduce((s, p) => s + Math.max(0, p.committed), 0);
      if (committed >= target) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  type Metrics = Awaited<ReturnType<StageService['deps']['metrics']['registry']['getMetricsAsJSON']>>;
  // One pass: a service started on events already in the topic, timed from the moment it is in
  // the group (start() resolves after the join) until its group has committed `target` offsets.
  const pass = async (target: number) => {
    const service = createEnrichService(config);
    const t0 = performance.now();
    await service.start(); // includes loading the KB and the gazetteer
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    await drained(target);
    const done = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const metrics = await service.deps.metrics.registry.getMetricsAsJSON();
    await service.stop();
    return {
      startSeconds: (started - t0) / 1000,
      seconds: (done - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      metrics,
    };
  };
  const cold = await pass(n);
  // The warm pass is a restart of the service on the next n events of the same topic: Redis
  // holds the entities the cold pass resolved, the in-process layer starts empty. The events
  // are written before the service starts, so the writer does not share the cores with it.
  const second = createProducer(kafka, serde, silentLogger());
  await second.connect();
  await write(second, 'warm');
  await second.close();
  const warm = await pass(2 * n);
  const metrics: Metrics = warm.metrics;
  const sum = (name: string, layer?: string) =>
    (metrics.find((m) => m.name === name)?.values ?? [])
      .filter((v) => !layer || v.labels.layer === layer)
      .reduce((s, v) => s + Number(v.value), 0);
  const hits = sum('newsflow_entity_cache_hits_total');
  const misses = sum('newsflow_entity_cache_misses_total');
  const result = {
    events: n,
    startSeconds: cold.startSeconds,
    coldEventsPerSecond: n / cold.seconds,
    warmEventsPerSecond: n / warm.seconds,
    // CPU time of this process (the service, and the bench's light polling) per event: steadier
    // than the clock on a machine whose two cores are shared with Kafka and Redis.
    coldCpuMicrosPerEvent: (cold.cpuSeconds * 1e6) / n,
    warmCpuMicrosPerEvent: (warm.cpuSeconds * 1e6) / n,
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
        `  cold cache  ${result.coldEventsPerSecond.toFixed(0)} events/s, ${result.coldCpuMicrosPerEvent.toFixed(0)} µs CPU an event\n` +
        `  warm cache  ${result.warmEventsPerSecond.toFixed(0)} events/s, ${result.warmCpuMicrosPerEvent.toFixed(0)} µs CPU an event (restarted on the next ${n}; Redis warm)\n` +
        `  warm pass entity cache hit ratio ${(result.entityCache.hitRatio * 100).toFixed(1)}% of ${result.entityCache.lookups} lookups ` +
        `(in-process ${result.entityCache.localHits}, Redis ${result.entityCache.redisHits}, resolved ${misses})\n`,
    );
  return 0;
}
