// No Docker engine runs on the build machines, so docker-compose.yml is checked here instead:
// it parses, and every service, variable, port, volume and image agrees with the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { platformConfigShape } from '../../services/platform/config.ts';
import { extractConfigSchema } from '../../services/extract/config.ts';
import { enrichConfigSchema } from '../../services/enrich/config.ts';
import { IngestEnvSchema } from '../../services/ingest/config.ts';
import { containerImages } from '../helpers/provision.ts';
import { serviceNodeFlags } from '../../services/platform/node-flags.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(`${root}/docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const appServices = Object.entries(services).filter(([, s]) => s.image === 'newsflow:local');

const configKeys: Record<string, Set<string>> = {
  ingest: new Set(Object.keys(IngestEnvSchema.shape)),
  extract: new Set(Object.keys(extractConfigSchema.shape)),
  enrich: new Set(Object.keys(enrichConfigSchema.shape)),
  setup: new Set(Object.keys(platformConfigShape)),
};

test('the file parses and names the infrastructure and the three services', () => {
  for (const name of ['kafka', 'registry', 'redis', 'setup', 'ingest', 'extract', 'enrich'])
    assert.ok(services[name], `service ${name}`);
});

test('infrastructure images are the pinned ones the tests use', () => {
  assert.equal(services.kafka!.image, containerImages.kafka);
  assert.equal(services.registry!.image, containerImages.registry);
  assert.equal(services.redis!.image, containerImages.redis);
  for (const [name, s] of Object.entries(services))
    assert.doesNotMatch(s.image ?? '', /:latest$|^[^:]+$/, `${name} pins its image`);
});

test('each app service runs a real command with only the variables its config reads', () => {
  const cliMain = readFileSync(`${root}/cli/main.ts`, 'utf8');
  for (const [name, s] of appServices) {
    const command = s.command ?? [];
    const which = command[0] === 'service' ? command[1]! : command[0]!;
    assert.ok(configKeys[which], `${name}: command ${command.join(' ')} is known`);
    if (command[0] === 'service')
      assert.ok(existsSync(`${root}/services/${which}/main.ts`), `${which} has a main.ts`);
    else assert.match(cliMain, new RegExp(`\\b${which}:`), `newsflow ${which} exists`);
    for (const key of Object.keys(s.environment ?? {}))
      if (key !== 'NODE_OPTIONS')
        assert.ok(configKeys[which]!.has(key), `${name}: ${key} is read by the ${which} config`);
    // and the configuration actually loads with these values
    const schema = { ingest: IngestEnvSchema, extract: extractConfigSchema, enrich: enrichConfigSchema }[
      which as 'ingest'
    ];
    if (schema) assert.doesNotThrow(() => schema.parse(s.environment), `${name} config parses`);
  }
});

test('addresses point at the right services and ports', () => {
  const kafkaListeners = services.kafka!.environment!.KAFKA_LISTENERS!;
  for (const [name, s] of appServices) {
    const env = s.environment!;
    const [kHost, kPort] = env.KAFKA_BROKERS!.split(':');
    assert.equal(kHost, 'kafka', `${name} KAFKA_BROKERS host`);
    assert.match(kafkaListeners, new RegExp(`INTERNAL://:${kPort}\\b`), `${name}: kafka listens on ${kPort}`);
    const reg = new URL(env.SCHEMA_REGISTRY_URL!);
    assert.equal(reg.hostname, 'registry');
    assert.equal(reg.port, services.registry!.environment!.QUARKUS_HTTP_PORT);
    assert.equal(reg.pathname, '/apis/ccompat/v7');
    const redis = new URL(env.REDIS_URL!);
    assert.equal(redis.hostname, 'redis');
    assert.equal(redis.port, '6379');
    const health = (s.healthcheck?.test ?? []).join(' ');
    const port = name === 'ingest' ? env.INGEST_HTTP_PORT : env.HEALTH_PORT;
    if (name !== 'setup')
      assert.match(
        health,
        new RegExp(`127\\.0\\.0\\.1:${port}/readyz`),
        `${name} healthcheck uses its port ${port}`,
      );
  }
  const ingest = services.ingest!;
  assert.deepEqual(ingest.ports, [`8080:${ingest.environment!.INGEST_HTTP_PORT}`]);
  for (const name of ['extract', 'enrich'])
    assert.equal(services[name]!.ports, undefined, `${name} publishes no host port, so it can scale`);
});

test('dependencies, volumes and the Dockerfile exist', () => {
  for (const [name, s] of Object.entries(services)) {
    for (const dep of Object.keys(s.depends_on ?? {}))
      assert.ok(services[dep], `${name} depends on existing ${dep}`);
    for (const v of s.volumes ?? []) {
      const vol = v.split(':')[0]!;
      assert.ok(vol in compose.volumes, `${name}: volume ${vol} is declared`);
    }
    if (s.build) {
      const dockerfile = readFileSync(`${root}/${s.build.dockerfile}`, 'utf8');
      for (const m of dockerfile.matchAll(/^COPY (?!.*--from)(?:--\S+ )*(.+) \S+$/gm)) {
        for (const src of m[1]!.split(' '))
          assert.ok(existsSync(`${root}/${src}`), `Dockerfile copies ${src}, which exists`);
      }
      assert.match(dockerfile, /^USER node$/m, 'runs as non-root');
      assert.match(dockerfile, /ENTRYPOINT \["node", "bin\/newsflow.mjs"\]/);
    }
  }
});

test('each service container runs with the Node flags the launcher gives it', () => {
  // The image sets the common flags; a service with flags of its own sets them all in compose.
  const image = readFileSync(`${root}/infra/Dockerfile`, 'utf8').match(/^ENV NODE_OPTIONS=(.*)$/m)?.[1];
  assert.ok(image, 'infra/Dockerfile sets NODE_OPTIONS');
  for (const [name, s] of appServices) {
    const command = s.command ?? [];
    if (command[0] !== 'service') continue;
    const flags: string | undefined = s.environment?.NODE_OPTIONS ?? image;
    assert.equal(flags, serviceNodeFlags(command[1]!, {}).join(' '), `${name}: NODE_OPTIONS`);
  }
});
