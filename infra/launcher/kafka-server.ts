import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findJava } from './find-java.ts';
import { endpointsOf } from './launcher-config.ts';
import type { LauncherConfig } from './launcher-config.ts';
import { maven } from './maven-fetch.ts';
import { kafkaAnswers } from './probes.ts';
import { renderTemplate } from './render-template.ts';
import { runTool } from './run-tool.ts';
import type { ServerDefinition } from './server-definition.ts';

const kafkaDir = (config: LauncherConfig): string => join(config.repoRoot, 'infra', 'kafka');

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as Kafka's Uuid prints it. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka refuses ids that start with '-' (they read as command-line flags)
    if (!id.startsWith('-')) return id;
  }
}

/** Jars of infra/kafka/pom.xml in cache/kafka-libs; fetched again only when the pom changes. */
async function ensureLibs(config: LauncherConfig, say: (line: string) => void): Promise<string> {
  const pom = join(kafkaDir(config), 'pom.xml');
  const libs = join(config.dirs.cache, 'kafka-libs');
  const marker = join(libs, '.pom-sha256');
  const want = createHash('sha256')
    .update(await readFile(pom))
    .digest('hex');
  const have = await readFile(marker, 'utf8').catch(() => '');
  if (have.trim() === want) return libs;
  say('kafka: fetching broker jars with Maven (the first time takes a while)');
  await rm(libs, { recursive: true, force: true });
  await maven(['-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`]);
  await writeFile(marker, want + '\n');
  return libs;
}

export const kafkaServer: ServerDefinition = {
  name: 'kafka',
  readyTimeoutMs: 90_000,
  ports: (config) => [config.kafka.port, config.kafka.controllerPort],
  logFile: (config) => join(config.dirs.logs, 'kafka.log'),
  answers: (config) => kafkaAnswers(endpointsOf(config).kafkaBrokers),

  async prepare(config, say) {
    const [java, libs] = await Promise.all([
      findJava(17, config.javaHome, config.env),
      ensureLibs(config, say),
    ]);
    await mkdir(config.dirs.kafkaData, { recursive: true });
    const template = await readFile(join(kafkaDir(config), 'server.properties.template'), 'utf8');
    const properties = join(config.dirs.kafka, 'server.properties');
    await writeFile(
      properties,
      renderTemplate(template, {
        KAFKA_PORT: config.kafka.port,
        CONTROLLER_PORT: config.kafka.controllerPort,
        LOG_DIRS: config.dirs.kafkaData,
      }),
    );
    const classpath = join(libs, '*');
    if (!existsSync(join(config.dirs.kafkaData, 'meta.properties'))) {
      say('kafka: formatting the KRaft storage');
      await runTool({
        command: java,
        args: [
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          newClusterId(),
          '-c',
          properties,
          '--ignore-formatted',
        ],
        installHint: 'install Java 17',
        timeoutMs: 120_000,
      });
    }
    return {
      command: java,
      args: [
        `-Xmx${config.kafka.heapMb}m`,
        `-Xms${config.kafka.heapMb}m`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(kafkaDir(config), 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${config.dirs.logs}`,
        `-Dkafka.logs.file=${join(config.dirs.logs, 'kafka.log')}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        properties,
      ],
      cwd: config.dirs.kafka,
      // the JVM's own output (crashes, -XX messages); the broker logs to kafka.log
      outputFile: join(config.dirs.logs, 'kafka.out'),
    };
  },
};
