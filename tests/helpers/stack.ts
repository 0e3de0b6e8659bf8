import { randomBytes } from 'node:crypto';
import { createKafka } from '../../services/platform/kafka.ts';
import { createSerde } from '../../services/platform/serde.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { brokerList } from '../../services/platform/config.ts';
import { provisionStack } from './provision.ts';

export interface TestStack {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  redisUrl: string;
}

let provisioned: Promise<TestStack> | undefined;

/** The servers of this test run: given by tests/run.ts through the environment, else provisioned here. */
export function testStack(): Promise<TestStack> {
  provisioned ??= provisionStack();
  return provisioned;
}

/** The environment keys that point a service (or a child process) at the test run's servers. */
export function serverEnv(
  stack: TestStack,
): Record<'KAFKA_BROKERS' | 'SCHEMA_REGISTRY_URL' | 'REDIS_URL', string> {
  return {
    KAFKA_BROKERS: stack.kafkaBrokers,
    SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
    REDIS_URL: stack.redisUrl,
  };
}

/** A name no other test (or earlier run) uses: every test gets its own topics, groups and queues. */
export function uniqueName(base: string): string {
  return `t-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-${base}`;
}

export const testLogger = () => createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');

export async function testClients(clientId = 'newsflow-test') {
  const stack = await testStack();
  const logger = testLogger();
  const kafka = createKafka({ brokers: brokerList(stack.kafkaBrokers), clientId, logger });
  const serde = createSerde({ registryUrl: stack.schemaRegistryUrl });
  return { stack, logger, kafka, serde };
}

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  ms = 30000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
