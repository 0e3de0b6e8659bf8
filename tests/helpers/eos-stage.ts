// A pass-through stage on the platform's consumer runner, run as its own process by
// tests/integration/exactly-once.test.ts: one output record per input record. With
// EOS_CRASH_AT_TX=n the process kills itself with SIGKILL in its n-th transaction, after the
// outputs were sent and before the offsets and the commit: the window a crash used to duplicate.
import type { Kafka, Producer, Transaction } from 'kafkajs';
import { createConsumerRunner } from '../../services/platform/consumer.ts';
import { createProducer } from '../../services/platform/producer.ts';
import { dlqOf } from '../../services/platform/topics.ts';
import { testClients } from './stack.ts';

const { INPUT_TOPIC, OUTPUT_TOPIC, GROUP_ID } = process.env;
const crashAt = Number(process.env.EOS_CRASH_AT_TX ?? 0);
if (!INPUT_TOPIC || !OUTPUT_TOPIC || !GROUP_ID)
  throw new Error('INPUT_TOPIC, OUTPUT_TOPIC and GROUP_ID are needed');

const { kafka, serde, logger } = await testClients('eos-stage');
let transactions = 0;
if (crashAt > 0) {
  const makeProducer = kafka.producer.bind(kafka);
  (kafka as { producer: Kafka['producer'] }).producer = (config) => {
    const producer: Producer = makeProducer(config);
    if (!config?.transactionalId) return producer;
    const begin = producer.transaction.bind(producer);
    producer.transaction = async (): Promise<Transaction> => {
      const tx = await begin();
      const sendOffsets = tx.sendOffsets.bind(tx);
      tx.sendOffsets = async (offsets) => {
        if (++transactions === crashAt) process.kill(process.pid, 'SIGKILL');
        return sendOffsets(offsets);
      };
      return tx;
    };
    return producer;
  };
}
await serde.register(OUTPUT_TOPIC, 'article');
await serde.register(dlqOf(INPUT_TOPIC), 'dead-letter');
const producer = createProducer(kafka, serde, logger);
await producer.connect();
const runner = createConsumerRunner<Record<string, unknown>>({
  kafka,
  serde,
  producer,
  logger,
  service: 'eos-test',
  groupId: GROUP_ID,
  topic: INPUT_TOPIC,
  reader: 'article',
  flushEvery: 10,
  handler: async (value, ctx) => ({
    produce: [{ topic: OUTPUT_TOPIC, records: [{ key: ctx.key ?? '', value }] }],
  }),
  onFatal: () => process.exit(1),
});
process.on('SIGTERM', () => void runner.stop().then(() => process.exit(0)));
await runner.start();
process.stdout.write('started\n');
