import type { Kafka } from 'kafkajs';
import { ensurePipeline } from './bootstrap.ts';
import { brokerList } from './config.ts';
import { createConsumerRunner, type MessageHandler } from './consumer.ts';
import { startHealthServer, type HealthServer } from './health.ts';
import { createKafka } from './kafka.ts';
import { closer, type CleanupStep } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type PipelineMetrics } from './metrics.ts';
import { createProducer, type EventProducer } from './producer.ts';
import { createSerde, type Serde } from './serde.ts';
import { topicNames, type SchemaName } from './topics.ts';

/** Settings every consume → handle → produce stage reads (see platformConfigShape). */
export interface StageConfig {
  KAFKA_BROKERS: string;
  SCHEMA_REGISTRY_URL: string;
  TOPIC_PREFIX: string;
  LOG_LEVEL: string;
  HEALTH_PORT: number;
  GROUP_ID: string;
  /** See stageConfigShape; absent: the runner's default (1 s). */
  COMMIT_INTERVAL_MS?: number;
  /** See failpoint() below; 0 or absent: none. */
  NEWSFLOW_FAILPOINT_KILL_IN_TX?: number;
}

interface StageDeps {
  logger: Logger;
  kafka: Kafka;
  serde: Serde;
  producer: EventProducer;
  metrics: PipelineMetrics;
  topics: ReturnType<typeof topicNames>;
}

export interface StageDefinition<In> {
  service: string;
  input: (topics: ReturnType<typeof topicNames>) => string;
  reader: SchemaName;
  /** Builds the handler once the clients exist; may return cleanup steps run before the producer closes. */
  build: (deps: StageDeps) => Promise<{
    handler: MessageHandler<In>;
    cleanup?: CleanupStep[];
    ready?: () => Promise<boolean> | boolean;
    /** Messages of a partition handled side by side (see ConsumerRunnerOptions). */
    handlerConcurrency?: number;
  }>;
}

export interface StageService {
  start(): Promise<void>;
  stop(): Promise<unknown[]>;
  readonly healthPort: number | undefined;
  readonly deps: StageDeps;
}

/**
 * Fault injection for the fault suite (bench/faults, scenario kill-extract-catchup):
 * NEWSFLOW_FAILPOINT_KILL_IN_TX=n makes the process kill itself with SIGKILL in its n-th
 * transaction with outputs, after they reached the broker and before the offsets and the commit.
 * Unset (always, outside that suite) it costs nothing.
 */
function failpoint(at: number, logger: Logger): (() => void) | undefined {
  if (at <= 0) return undefined;
  logger.warn({ at }, 'failpoint set: this process will kill itself inside a transaction');
  let seen = 0;
  return () => {
    if (++seen === at) process.kill(process.pid, 'SIGKILL');
  };
}

/**
 * The shell shared by extract and enrich: clients, topics and schemas, health and metrics, one
 * consumer-group member, and a shutdown that stops intake, finishes the batch in flight, flushes
 * the producer, then closes the rest (Redis last, through the definition's cleanup steps).
 */
export function createStageService<In>(
  config: StageConfig,
  def: StageDefinition<In>,
  onFatal?: (err: unknown) => void,
): StageService {
  const logger = createLogger(def.service, config.LOG_LEVEL);
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: `newsflow-${def.service}`,
    logger,
  });
  const serde = createSerde({ registryUrl: config.SCHEMA_REGISTRY_URL });
  const producer = createProducer(kafka, serde, logger);
  const metrics = createMetrics(def.service);
  const topics = topicNames(config.TOPIC_PREFIX);
  const deps: StageDeps = { logger, kafka, serde, producer, metrics, topics };
  let health: HealthServer | undefined;
  let stop: (() => Promise<unknown[]>) | undefined;

  return {
    deps,
    get healthPort() {
      return health?.port;
    },
    async start() {
      await ensurePipeline({ kafka, serde, prefix: config.TOPIC_PREFIX });
      await producer.connect();
      const built = await def.build(deps);
      const runner = createConsumerRunner<In>({
        kafka,
        serde,
        producer,
        logger,
        metrics,
        service: def.service,
        groupId: config.GROUP_ID,
        topic: def.input(topics),
        reader: def.reader,
        handler: built.handler,
        handlerConcurrency: built.handlerConcurrency,
        commitEveryMs: config.COMMIT_INTERVAL_MS,
        onFatal,
        afterOutputs: failpoint(config.NEWSFLOW_FAILPOINT_KILL_IN_TX ?? 0, logger),
      });
      health = await startHealthServer({
        port: config.HEALTH_PORT,
        registry: metrics.registry,
        // Ready means consuming: in the group with at least one partition, not merely started.
        ready: async () =>
          runner.running &&
          runner.assigned > 0 &&
          producer.healthy() &&
          (built.ready ? await built.ready() : true),
      });
      stop = closer(
        [
          { name: 'consumer', run: () => runner.stop() },
          ...(built.cleanup ?? []),
          { name: 'producer', run: () => producer.close() },
          { name: 'health', run: () => health?.close() },
        ],
        logger,
      );
      await runner.start();
      logger.info(
        { topic: def.input(topics), groupId: config.GROUP_ID, healthPort: health.port },
        `${def.service} started`,
      );
    },
    async stop() {
      return stop ? stop() : [];
    },
  };
}
