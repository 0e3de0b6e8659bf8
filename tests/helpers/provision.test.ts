import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { provisionStack } from './provision.ts';

// The container and launcher routes start real servers: tests/integration/launcher.test.ts covers
// the launcher one. These cover the choice of route, which needs no server.
describe('provisionStack', () => {
  it('uses the three servers given by the environment as they are, and stop() leaves them alone', async () => {
    const stack = await provisionStack({
      env: {
        KAFKA_BROKERS: 'k1:9092,k2:9092',
        SCHEMA_REGISTRY_URL: 'http://sr:8081/apis/ccompat/v7/',
        REDIS_URL: 'redis://r:6379',
      },
    });
    assert.equal(stack.source, 'env');
    assert.equal(stack.kafkaBrokers, 'k1:9092,k2:9092');
    assert.equal(stack.schemaRegistryUrl, 'http://sr:8081/apis/ccompat/v7');
    assert.equal(stack.redisUrl, 'redis://r:6379');
    await stack.stop();
  });

  it('refuses a half-set environment instead of quietly starting other servers', async () => {
    await assert.rejects(
      provisionStack({ env: { KAFKA_BROKERS: 'k:9092', REDIS_URL: 'redis://r:6379' } }),
      /SCHEMA_REGISTRY_URL not/,
    );
  });

  it('says what to install when no route works', async () => {
    await assert.rejects(
      provisionStack({
        env: {
          NEWSFLOW_PROVISION: 'launcher',
          // a port outside the TCP range makes the launcher refuse before it starts anything
          NEWSFLOW_REDIS_PORT: '99999',
          PATH: process.env.PATH,
        },
      }),
      (err: Error) =>
        /apt-get install -y openjdk-17-jdk-headless maven redis-server/.test(err.message) &&
        /not a TCP port/.test(err.message),
    );
  });
});
