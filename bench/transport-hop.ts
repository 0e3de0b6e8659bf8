// Child process of the benchmark's transport baseline: one pass-through hop (HOP_FROM → HOP_TO)
// with no processing. Prints "ready" once its consumer group has partitions; SIGTERM stops it.
import { brokerList } from '../services/platform/config.ts';
import { createKafka } from '../services/platform/kafka.ts';
import { createLogger } from '../services/platform/logger.ts';
import { createTopicPipe } from './topic-pipe.ts';

const env = process.env;
const logger = createLogger('bench-hop', env.LOG_LEVEL ?? 'warn');
const kafka = createKafka({
  brokers: brokerList(env.KAFKA_BROKERS ?? '127.0.0.1:19092'),
  clientId: 'newsflow-bench-hop',
  logger,
});
const pipe = createTopicPipe({
  kafka,
  from: env.HOP_FROM ?? '',
  to: env.HOP_TO ?? '',
  groupId: env.HOP_GROUP ?? '',
});

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  void pipe.stop().finally(() => process.exit(code));
};
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
pipe.start().then(
  () => process.stdout.write('ready\n'),
  (err: unknown) => {
    logger.fatal({ err }, 'hop failed to start');
    stop(1);
  },
);
