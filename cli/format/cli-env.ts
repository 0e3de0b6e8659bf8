// What the subscriber commands (tail, export, topics) share: the platform settings read from
// the env object the dispatcher passes in, the Kafka and registry clients, and line output that
// respects backpressure.
import { z } from 'zod';
import { brokerList, parseConfig, platformConfigShape } from '../../services/platform/config.ts';
import { createKafka, type Kafka } from '../../services/platform/kafka.ts';
import { ConfigError } from '../../services/platform/errors.ts';
import { silentLogger } from '../../services/platform/logger.ts';
import { createSerde, type Serde } from '../../services/platform/serde.ts';
import { TopicNotFoundError } from '../../services/platform/topic-reader.ts';

const cliConfigSchema = z.object({
  KAFKA_BROKERS: platformConfigShape.KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL: platformConfigShape.SCHEMA_REGISTRY_URL,
  TOPIC_PREFIX: platformConfigShape.TOPIC_PREFIX,
});

export interface CliClients {
  kafka: Kafka;
  serde: Serde;
  prefix: string;
  brokers: string[];
  registryUrl: string;
}

/** Throws ConfigError naming the bad key. */
export function cliClients(env: Record<string, string | undefined>, clientId: string): CliClients {
  const config = parseConfig(cliConfigSchema, env);
  const brokers = brokerList(config.KAFKA_BROKERS);
  // kafkajs logs through pino to stdout, which belongs to the records here; errors reach the
  // user as the command's own message instead.
  const kafka = createKafka({ brokers, clientId, logger: silentLogger() });
  return {
    kafka,
    serde: createSerde({ registryUrl: config.SCHEMA_REGISTRY_URL }),
    prefix: config.TOPIC_PREFIX,
    brokers,
    registryUrl: config.SCHEMA_REGISTRY_URL,
  };
}

/** The clients, or the exit code after `usageError` said which setting is wrong. */
export function clientsOrUsage(
  env: Record<string, string | undefined>,
  clientId: string,
  usageError: (message: string) => number,
): CliClients | { exit: number } {
  try {
    return cliClients(env, clientId);
  } catch (err) {
    if (err instanceof ConfigError) return { exit: usageError(err.message) };
    throw err;
  }
}

/** Writes and, when the stream's buffer is full, waits for it to drain. */
export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve) => stream.once('drain', resolve));
}

/** A connection failure, in one line a person can act on. */
export function describeFailure(err: unknown, clients: Pick<CliClients, 'brokers' | 'registryUrl'>): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof TopicNotFoundError)
    return `${message}; the services and \`newsflow up\` create the pipeline's topics at start (check TOPIC_PREFIX too)`;
  const name = err instanceof Error ? err.name : '';
  if (
    /KafkaJS(Connection|NumberOfRetriesExceeded|BrokerNotFound)/.test(name) ||
    /ECONNREFUSED|Connection error/i.test(message)
  ) {
    return `cannot reach Kafka at ${clients.brokers.join(',')} (${message}); is it running? (newsflow infra status) Set KAFKA_BROKERS otherwise`;
  }
  if (/registry/i.test(message))
    return `${message} (registry ${clients.registryUrl}; set SCHEMA_REGISTRY_URL otherwise)`;
  return message;
}
