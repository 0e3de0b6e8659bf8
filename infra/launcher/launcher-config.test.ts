import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultRegistryVersion, endpointsOf, loadLauncherConfig, repoRoot } from './launcher-config.ts';
import { LauncherError } from './launcher-error.ts';

describe('loadLauncherConfig', () => {
  it('defaults to the documented ports and <repo>/.newsflow', () => {
    const config = loadLauncherConfig({});
    assert.equal(config.home, join(repoRoot, '.newsflow'));
    assert.deepEqual(endpointsOf(config), {
      kafkaBrokers: '127.0.0.1:19092',
      schemaRegistryUrl: 'http://127.0.0.1:18081/apis/ccompat/v7',
      redisUrl: 'redis://127.0.0.1:16379',
    });
    assert.equal(config.kafka.controllerPort, 19093);
    assert.equal(config.registry.version, defaultRegistryVersion);
  });

  it('takes ports, home and registry version from the env', () => {
    const config = loadLauncherConfig({
      NEWSFLOW_HOME: '/tmp/nf-home',
      NEWSFLOW_KAFKA_PORT: '29092',
      NEWSFLOW_KAFKA_CONTROLLER_PORT: '29093',
      NEWSFLOW_REGISTRY_PORT: '28081',
      NEWSFLOW_REDIS_PORT: '26379',
      NEWSFLOW_REGISTRY_VERSION: '3.3.3',
    });
    assert.equal(config.dirs.kafkaData, '/tmp/nf-home/kafka/data');
    assert.equal(config.dirs.logs, '/tmp/nf-home/logs');
    assert.equal(endpointsOf(config).kafkaBrokers, '127.0.0.1:29092');
    assert.equal(endpointsOf(config).redisUrl, 'redis://127.0.0.1:26379');
    assert.equal(config.registry.version, '3.3.3');
  });

  it('refuses a port that is not a port, and two servers on one port', () => {
    assert.throws(() => loadLauncherConfig({ NEWSFLOW_REDIS_PORT: 'abc' }), LauncherError);
    assert.throws(() => loadLauncherConfig({ NEWSFLOW_REDIS_PORT: '70000' }), /not a TCP port/);
    assert.throws(() => loadLauncherConfig({ NEWSFLOW_REDIS_PORT: '19092' }), /must differ/);
  });
});
