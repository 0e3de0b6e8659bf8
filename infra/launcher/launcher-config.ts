import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LauncherError } from './launcher-error.ts';

export type ServerName = 'kafka' | 'registry' | 'redis';
export const serverNames: readonly ServerName[] = ['kafka', 'registry', 'redis'];

/**
 * Apicurio Registry used when NEWSFLOW_REGISTRY_VERSION is not set. 3.0.9 is the newest 3.x
 * whose classes run on Java 17 (3.3.x is compiled for Java 21); the launcher finds a newer Java
 * on its own when a newer version is asked for.
 */
export const defaultRegistryVersion = '3.0.9';

export interface LauncherConfig {
  repoRoot: string;
  /** Everything the launcher writes lives under here (NEWSFLOW_HOME, default `<repo>/.newsflow`). */
  home: string;
  dirs: {
    cache: string;
    run: string;
    logs: string;
    kafka: string;
    kafkaData: string;
    redisData: string;
    registryData: string;
  };
  kafka: { port: number; controllerPort: number; heapMb: number };
  registry: { port: number; version: string; heapMb: number };
  redis: { port: number };
  /** Overrides the Java search (NEWSFLOW_JAVA_HOME); otherwise JAVA_HOME, PATH, then /usr/lib/jvm. */
  javaHome: string | undefined;
  env: NodeJS.ProcessEnv;
}

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function port(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new LauncherError(`${key}=${raw} is not a TCP port (1-65535)`);
  }
  return value;
}

/** Reads the launcher's settings once from an env object; every default is listed in infra/README.md. */
export function loadLauncherConfig(env: NodeJS.ProcessEnv): LauncherConfig {
  const home = resolve(env.NEWSFLOW_HOME || join(repoRoot, '.newsflow'));
  const config: LauncherConfig = {
    repoRoot,
    home,
    dirs: {
      cache: join(home, 'cache'),
      run: join(home, 'run'),
      logs: join(home, 'logs'),
      kafka: join(home, 'kafka'),
      kafkaData: join(home, 'kafka', 'data'),
      redisData: join(home, 'redis', 'data'),
      registryData: join(home, 'registry', 'data'),
    },
    kafka: {
      port: port(env, 'NEWSFLOW_KAFKA_PORT', 19092),
      controllerPort: port(env, 'NEWSFLOW_KAFKA_CONTROLLER_PORT', 19093),
      heapMb: 512,
    },
    registry: {
      port: port(env, 'NEWSFLOW_REGISTRY_PORT', 18081),
      version: env.NEWSFLOW_REGISTRY_VERSION || defaultRegistryVersion,
      heapMb: 384,
    },
    redis: { port: port(env, 'NEWSFLOW_REDIS_PORT', 16379) },
    javaHome: env.NEWSFLOW_JAVA_HOME || undefined,
    env,
  };
  const ports = [config.kafka.port, config.kafka.controllerPort, config.registry.port, config.redis.port];
  if (new Set(ports).size !== ports.length) {
    throw new LauncherError(`the launcher's ports must differ from each other, got ${ports.join(', ')}`);
  }
  return config;
}

export interface StackEndpoints {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  redisUrl: string;
}

export function endpointsOf(config: LauncherConfig): StackEndpoints {
  return {
    kafkaBrokers: `127.0.0.1:${config.kafka.port}`,
    schemaRegistryUrl: `http://127.0.0.1:${config.registry.port}/apis/ccompat/v7`,
    redisUrl: `redis://127.0.0.1:${config.redis.port}`,
  };
}
