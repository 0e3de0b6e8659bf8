// The local launcher against real servers: provisioning through it leaves Kafka, the registry and
// Redis up, each answering its own protocol. The launcher route is forced (the three URL
// variables are removed from the env given to it), because that route is what is under test here.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Redis } from 'ioredis';
// kafkajs' read_committed filter is replaced before kafkajs loads (see that module).
import '../../services/platform/kafkajs-read-committed.ts';
import { Kafka, logLevel } from 'kafkajs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stackStatus } from '../../infra/launcher/index.ts';
import { provisionStack } from '../helpers/provision.ts';
import type { ProvisionedStack } from '../helpers/provision.ts';

const env: NodeJS.ProcessEnv = { ...process.env, NEWSFLOW_PROVISION: 'launcher' };
delete env.KAFKA_BROKERS;
delete env.SCHEMA_REGISTRY_URL;
delete env.REDIS_URL;

describe('local launcher', { timeout: 300_000 }, () => {
  let stack: ProvisionedStack;

  before(async () => {
    stack = await provisionStack({ env, say: (line) => process.stderr.write(`# ${line}\n`) });
  });

  after(async () => {
    await stack?.stop();
  });

  it('provisions through the launcher and reports the three servers up', async () => {
    assert.equal(stack.source, 'launcher');
    const status = await stackStatus({ env });
    assert.deepEqual(
      status.servers.map((s) => [s.name, s.state]),
      [
        ['kafka', 'up'],
        ['registry', 'up'],
        ['redis', 'up'],
      ],
    );
    assert.equal(status.up, true);
    for (const server of status.servers)
      assert.ok(server.pid && server.pid > 0, `${server.name} has a recorded pid`);
    assert.equal(status.kafkaBrokers, stack.kafkaBrokers);
    assert.equal(status.schemaRegistryUrl, stack.schemaRegistryUrl);
    assert.equal(status.redisUrl, stack.redisUrl);
  });

  it('Redis answers PING and runs with noeviction and the append-only file', async () => {
    const redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      assert.equal(await redis.ping(), 'PONG');
      assert.deepEqual(await redis.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
      assert.deepEqual(await redis.config('GET', 'appendonly'), ['appendonly', 'yes']);
    } finally {
      redis.disconnect();
    }
  });

  it('the registry answers the Confluent API and round-trips an Avro record by id', async () => {
    const response = await fetch(`${stack.schemaRegistryUrl}/subjects`);
    assert.equal(response.status, 200);
    assert.ok(Array.isArray(await response.json()));

    const unique = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const schema = {
      type: 'record',
      name: unique,
      namespace: 'newsflow.test',
      fields: [{ name: 'n', type: 'int' }],
    };
    const writer = new SchemaRegistry({ host: stack.schemaRegistryUrl });
    const { id } = await writer.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject: `${unique}-value` },
    );
    const frame = await writer.encode(id, { n: 42 });
    assert.equal(frame.readInt32BE(1), id);
    const decoded = await new SchemaRegistry({ host: stack.schemaRegistryUrl }).decode(frame);
    assert.equal((decoded as { n: number }).n, 42);
  });

  it('Kafka metadata lists the one broker on the advertised port', async () => {
    const admin = new Kafka({
      clientId: 'launcher-test',
      brokers: [stack.kafkaBrokers],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      assert.equal(cluster.brokers.length, 1);
      const [host, port] = stack.kafkaBrokers.split(':');
      assert.equal(cluster.brokers[0]?.host, host);
      assert.equal(cluster.brokers[0]?.port, Number(port));
      assert.equal(cluster.controller, cluster.brokers[0]?.nodeId);
    } finally {
      await admin.disconnect();
    }
  });
});
