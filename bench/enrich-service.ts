// `newsflow bench enrich-service [--events N] [--json]`: the enrich service itself (consumer,
// two-level entity cache over Redis, geocoding, cluster counts in Redis, producer) on the real
// servers. N synthetic CodedEvents are written to a fresh topic first, then the service is
// started and timed until its group has consumed them all (cold cache); then the same events under
// new ids are written and a restarted service is timed on them (Redis cache warm). Nothing else
// runs while a pass is timed. Prints events/s of each pass and the warm pass's cache hit ratio.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startTsChild, type BenchChild } from './child-process.ts';
import { groupProgress } from './lag-sampler.ts';
import { dropTopicsAndGroups } from './drop-topics.ts';
import { createRedis } from '../services/platform/redis.ts';
import { commandUsage, parseCommandArgs, wholeNumber } from '../cli/command-args.ts';
import type { CommandIo } from '../cli/io.ts';
import { loadGazetteer } from '../services/loaders/gazetteer.ts';
import { loadKnowledgeBase } from '../services/loaders/kb.ts';
import { syntheticEvents } from './enrich.ts';
import { loadConfig } from '../services/enrich/config.ts';
import { createEnrichService } from '../services/enrich/service.ts';
import type { StageService } from '../services/platform/stage-service.ts';
import { consumerLag, ensureTopics } from '../services/platform/admin.ts';
import { createTopicPipe } from './topic-pipe.ts';
import { ensurePipeline } from '../services/platform/bootstrap.ts';
import { brokerList, parseConfig, platformConfigShape } from '../services/platform/config.ts';
import { createKafka, type Admin, type Kafka } from '../services/platform/kafka.ts';
import { silentLogger } from '../services/platform/logger.ts';
import { createProducer } from '../services/platform/producer.ts';
import { createSerde } from '../services/platform/serde.ts';
import { DEFAULT_PARTITIONS, topicNames } from '../services/platform/topics.ts';
import { z } from 'zod';

const USAGE = 'usage: newsflow bench enrich-service [--events 20000] [--instances 2] [--json]\n';

function parseOptions(
  argv: string[],
  io: CommandIo,
): { n: number; instances: number; json: boolean } | { exit: number } {
  const parsed = parseCommandArgs(io, 'bench enrich-service', USAGE, argv, {
    events: { type: 'string', default: '20000' },
    instances: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed;
  const { values } = parsed;
  const usage = (message: string) => ({ exit: commandUsage(io, 'bench enrich-service', USAGE)(message) });
  const n = wholeNumber(values.events);
  const instances = wholeNumber(values.instances, 0);
  if (n === undefined) return usage('--events takes a whole number above 0');
  if (instances === undefined || instances > 16)
    return usage('--instances takes a whole number from 0 (no scaled pass) to 16');
  return { n, instances, json: values.json };
}

type Metrics = Awaited<ReturnType<StageService['deps']['metrics']['registry']['getMetricsAsJSON']>>;

/**
 * One pass: a service started on events already in the topic, timed from the moment it is in the
 * group (start() resolves after the join) until its group has committed `target` offsets.
 */
async function timedPass(
  config: ReturnType<typeof loadConfig>,
  drained: (target: number) => Promise<unknown>,
  target: number,
) {
  const service = createEnrichService(config);
  const t0 = performance.now();
  await service.start(); // includes loading the KB and the gazetteer
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await drained(target);
  const done = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const metrics: Metrics = await service.deps.metrics.registry.getMetricsAsJSON();
  await service.stop();
  return {
    startSeconds: (started - t0) / 1000,
    seconds: (done - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    metrics,
  };
}

/** The entity cache's lookups in a pass, from the service's counters. */
function entityCacheOf(metrics: Metrics) {
  const sum = (name: string, layer?: string) =>
    (metrics.find((m) => m.name === name)?.values ?? [])
      .filter((v) => !layer || v.labels.layer === layer)
      .reduce((s, v) => s + Number(v.value), 0);
  const hits = sum('newsflow_entity_cache_hits_total');
  const misses = sum('newsflow_entity_cache_misses_total');
  return {
    lookups: hits + misses,
    localHits: sum('newsflow_entity_cache_hits_total', 'local'),
    redisHits: sum('newsflow_entity_cache_hits_total', 'redis'),
    misses,
    hitRatio: hits / Math.max(1, hits + misses),
  };
}

type Pass = Awaited<ReturnType<typeof timedPass>>;
type Scaled = Awaited<ReturnType<typeof scaledPass>>;
type Transport = Awaited<ReturnType<typeof transportPass>>;

function benchResult(n: number, cold: Pass, warm: Pass, scaled: Scaled | undefined, transport: Transport) {
  return {
    events: n,
    startSeconds: cold.startSeconds,
    coldEventsPerSecond: n / cold.seconds,
    warmEventsPerSecond: n / warm.seconds,
    // CPU time of this process (the service, and the bench's light polling) per event: steadier
    // than the clock on a machine whose two cores are shared with Kafka and Redis.
    coldCpuMicrosPerEvent: (cold.cpuSeconds * 1e6) / n,
    warmCpuMicrosPerEvent: (warm.cpuSeconds * 1e6) / n,
    scaled,
    transportOnlyMessagesPerSecond: transport.messagesPerSecond,
    entityCache: entityCacheOf(warm.metrics),
  };
}

function writeTable(
  io: CommandIo,
  brokers: string,
  result: ReturnType<typeof benchResult>,
  transport: Transport,
): void {
  const { events: n, scaled, entityCache } = result;
  io.stdout.write(
    `enrich service on ${brokers}: ${n} events a pass (started in ${result.startSeconds.toFixed(1)} s)\n` +
      `  cold cache  ${result.coldEventsPerSecond.toFixed(0)} events/s, ${result.coldCpuMicrosPerEvent.toFixed(0)} µs CPU an event\n` +
      `  warm cache  ${result.warmEventsPerSecond.toFixed(0)} events/s, ${result.warmCpuMicrosPerEvent.toFixed(0)} µs CPU an event (restarted on the next ${n}; Redis warm)\n` +
      (scaled
        ? `  ${scaled.instances} instances ${scaled.eventsPerSecond.toFixed(0)} events/s, ${scaled.cpuMicrosPerEvent.toFixed(0)} µs CPU an event ` +
          `(separate processes in one group on the next ${n}; steady state: counted over ${scaled.events} events, from when all were in and ${scaled.joinedAfterEvents} done, to 90% of the rest)\n`
        : '') +
      `  transport only ${transport.messagesPerSecond.toFixed(0)} messages/s (the same ${transport.messages} messages through one pass-through hop: consume, produce, commit)\n` +
      `  warm pass entity cache hit ratio ${(entityCache.hitRatio * 100).toFixed(1)}% of ${entityCache.lookups} lookups ` +
      `(in-process ${entityCache.localHits}, Redis ${entityCache.redisHits}, resolved ${entityCache.misses})\n`,
  );
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(argv, io);
  if ('exit' in options) return options.exit;
  const { n, instances } = options;
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
  // one connected admin for all the polling (a new client per poll costs the broker a connection)
  const poller = kafka.admin();
  await poller.connect();
  // One writer for every pass; it is idle while a pass is timed.
  const producer = createProducer(kafka, serde, silentLogger());
  await producer.connect();
  const events = syntheticEvents(n, loadKnowledgeBase(), loadGazetteer());
  const write = async (pass: string) => {
    for (let i = 0; i < events.length; i += 500)
      await producer.send(
        topics.eventCoded,
        events
          .slice(i, i + 500)
          .map((e) => ({ key: e.articleId, value: { ...e, eventId: `${pass}-${e.eventId}` } })),
      );
  };
  await write('cold');

  const groupId = `${prefix}enrich`;
  const config = loadConfig({
    ...io.env,
    TOPIC_PREFIX: prefix,
    GROUP_ID: groupId,
    LOG_LEVEL: 'error',
    HEALTH_PORT: '0',
  });
  const committed = () => committedCount(kafka, poller, groupId, topics.eventCoded);
  const drained = (target: number) => waitFor(async () => (await committed()) >= target);
  const cold = await timedPass(config, drained, n);
  // The warm pass is a restart of the service on the next n events of the same topic: Redis
  // holds the entities the cold pass resolved, the in-process layer starts empty. The events
  // are written before the service starts, so the writer does not share the cores with it.
  await write('warm');
  const warm = await timedPass(config, drained, 2 * n);
  const scaled =
    instances > 0
      ? await scaledPass({
          instances,
          n,
          already: 2 * n,
          write: () => write('scaled'),
          committed,
          poller,
          groupId,
          env: { ...io.env, TOPIC_PREFIX: prefix, GROUP_ID: groupId },
        })
      : undefined;
  await producer.close();
  // The ceiling Kafka and kafkajs alone set here: the same messages (all passes) forwarded
  // unchanged by one pass-through hop (no Avro, no enrichment), in this process.
  const transport = await transportPass(
    kafka,
    poller,
    topics.eventCoded,
    `${prefix}passthrough`,
    n * (instances > 0 ? 3 : 2),
  );
  await dropTopicsAndGroups(kafka, {
    topics: [...Object.values(topics), transport.to],
    groups: [groupId, transport.groupId],
  });
  await dropKeys(env.REDIS_URL, `nf:${prefix}cluster:*`);
  await poller.disconnect();
  const result = benchResult(n, cold, warm, scaled, transport);
  if (options.json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else writeTable(io, env.KAFKA_BROKERS, result, transport);
  return 0;
}

/**
 * `instances` enrich processes (`services/enrich/main.ts`, as `docker compose --scale enrich=K`
 * would run them) in the bench's group, on the next n events written before they start. They join
 * one after another, so the rate is the slope of the group's committed offsets from the moment it
 * is stable with all of them and 20% of the events are done, to 90% of the rest (start-up, the
 * first fills of the in-process cache and the last batches' trickle are left out). CPU is their
 * user + system time from /proc over the same span.
 */
async function scaledPass(opts: {
  instances: number;
  n: number;
  already: number;
  write: () => Promise<void>;
  /** Offsets the group has committed on the coded-event topic. */
  committed: () => Promise<number>;
  poller: Admin;
  groupId: string;
  env: NodeJS.ProcessEnv;
}) {
  const { groupId, committed } = opts;
  await opts.write();
  const target = opts.already + opts.n;
  const logDir = join(process.cwd(), '.newsflow', 'bench', `enrich-${Date.now().toString(36)}`);
  const children: BenchChild[] = [];
  for (let i = 0; i < opts.instances; i++)
    children.push(
      startTsChild({
        name: `enrich-${i}`,
        script: 'services/enrich/main.ts',
        service: 'enrich',
        cwd: process.cwd(),
        env: { ...opts.env, LOG_LEVEL: 'warn', HEALTH_PORT: String(await freePort()) },
        logFile: join(logDir, `enrich-${i}.log`),
      }),
    );
  try {
    const failIf = () => children.find((c) => c.exited !== undefined)?.logFile;
    await waitFor(async () => {
      const g = (await opts.poller.describeGroups([groupId])).groups[0];
      return g?.state === 'Stable' && g.members.length === opts.instances;
    }, failIf);
    // Steady state only: the first 20% of the pass (JIT, the in-process cache filling from Redis)
    // is left out even when every instance was in from the start.
    await waitFor(async () => (await committed()) >= opts.already + 0.2 * opts.n, failIf);
    const t1 = performance.now();
    const c1 = await committed();
    const cpu1 = children.reduce((s, c) => s + cpuSecondsOf(c.pid), 0);
    // Offsets are committed a batch at a time, and the last batches of a pass trickle in: the
    // rate is the slope from there to the sample where 90% of what was left is committed.
    const mark = c1 + 0.9 * (target - c1);
    let t9 = 0;
    let c9 = 0;
    let cpu9 = 0;
    await waitFor(async () => {
      const c = await committed();
      if (!t9 && c >= mark) {
        t9 = performance.now();
        c9 = c;
        cpu9 = children.reduce((s, ch) => s + cpuSecondsOf(ch.pid), 0);
      }
      return c >= target;
    }, failIf);
    return {
      instances: opts.instances,
      events: c9 - c1,
      eventsPerSecond: (c9 - c1) / ((t9 - t1) / 1000),
      cpuMicrosPerEvent: ((cpu9 - cpu1) * 1e6) / Math.max(1, c9 - c1),
      joinedAfterEvents: c1 - opts.already,
      logDir,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

/** Offsets a group has committed on a topic, summed over the partitions. */
async function committedCount(kafka: Kafka, poller: Admin, groupId: string, topic: string): Promise<number> {
  return groupProgress(groupId, topic, await consumerLag(kafka, groupId, topic, poller)).committed;
}

/** Polls every 50 ms until `check` holds (returns the time it did); throws when a child died. */
async function waitFor(
  check: () => Promise<boolean>,
  failIf: () => string | undefined = () => undefined,
): Promise<number> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const dead = failIf();
    if (dead) throw new Error(`an enrich process exited; see ${dead}`);
    if (await check()) return performance.now();
    if (Date.now() > deadline) throw new Error('the benchmark did not get there within 10 minutes');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** User + system CPU seconds of a process (Linux /proc/<pid>/stat), 0 when unreadable. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (14th and 15th of the whole line), in clock ticks
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Deletes the keys under a pattern (the run's cluster counts), so runs do not pile up in Redis. */
async function dropKeys(url: string, pattern: string): Promise<void> {
  const redis = createRedis(url, { name: 'bench-enrich-cleanup' });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** One pass-through hop over every message of `from` into a fresh topic, timed until all are committed. */
async function transportPass(kafka: Kafka, poller: Admin, from: string, name: string, messages: number) {
  const to = `${name}.out`;
  const groupId = `${name}.group`;
  await ensureTopics(kafka, [{ name: to, partitions: DEFAULT_PARTITIONS, retentionMs: 3_600_000 }]);
  const pipe = createTopicPipe({ kafka, from, to, groupId });
  const t0 = performance.now();
  await pipe.start();
  await waitFor(async () => (await committedCount(kafka, poller, groupId, from)) >= messages);
  const seconds = (performance.now() - t0) / 1000;
  await pipe.stop();
  return { to, groupId, messages, messagesPerSecond: messages / seconds };
}
