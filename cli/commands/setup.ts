import { parseCommandArgs } from '../command-args.ts';
import type { CommandIo } from '../io.ts';
import { ensurePipeline } from '../../services/platform/bootstrap.ts';
import { brokerList, parseConfig } from '../../services/platform/config.ts';
import { platformConfigShape } from '../../services/platform/config.ts';
import { createKafka } from '../../services/platform/kafka.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { createSerde } from '../../services/platform/serde.ts';
import { z } from 'zod';

/** `newsflow setup`: create the topics and register the schemas, then exit (compose's init step). */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(
    io,
    'setup',
    'usage: newsflow setup\n(configuration comes from the environment: see the README)\n',
    argv,
    {},
  );
  if ('exit' in parsed) return parsed.exit;
  const config = parseConfig(z.object(platformConfigShape), io.env);
  const logger = createLogger('setup', config.LOG_LEVEL);
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: 'newsflow-setup',
    logger,
  });
  const serde = createSerde({ registryUrl: config.SCHEMA_REGISTRY_URL });
  const { created } = await ensurePipeline({ kafka, serde, prefix: config.TOPIC_PREFIX });
  io.stdout.write(
    `topics created: ${created.length ? created.join(', ') : 'none (all existed)'}; schemas registered\n`,
  );
  return 0;
}
