import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { findJava } from './find-java.ts';
import { endpointsOf } from './launcher-config.ts';
import type { LauncherConfig } from './launcher-config.ts';
import { LauncherError } from './launcher-error.ts';
import { maven } from './maven-fetch.ts';
import { registryAnswers } from './probes.ts';
import { runTool } from './run-tool.ts';
import type { ServerDefinition } from './server-definition.ts';

/** Apicurio 3.0.x runs on Java 17; 3.1 and later are compiled for Java 21 (class file 65 in 3.3.3). */
export function registryJavaMajor(version: string): number {
  return /^3\.0\./.test(version) ? 17 : 21;
}

/** 3.0.x ships a legacy `*-runner.jar` beside lib/, later versions Quarkus' fast-jar `quarkus-run.jar`. */
function runnableJar(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  if (existsSync(join(dir, 'quarkus-run.jar'))) return join(dir, 'quarkus-run.jar');
  const runner = readdirSync(dir).find((file) => file.endsWith('-runner.jar'));
  return runner ? join(dir, runner) : undefined;
}

async function ensureDistribution(config: LauncherConfig, say: (line: string) => void): Promise<string> {
  const version = config.registry.version;
  const dir = join(config.dirs.cache, `apicurio-registry-${version}`);
  const existing = runnableJar(dir);
  if (existing) return existing;
  say(`registry: fetching Apicurio Registry ${version} with Maven (the first time takes a while)`);
  const downloads = join(config.dirs.cache, 'downloads');
  const artifact = `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`;
  await maven(['dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${downloads}`]);
  const tarball = join(downloads, `apicurio-registry-app-${version}-all.tar.gz`);
  // extract beside the final folder and rename, so that an interrupted extraction is never used
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await runTool({
    command: 'tar',
    args: ['xzf', tarball, '-C', partial],
    installHint: 'install tar',
    timeoutMs: 300_000,
  });
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  // the tarball stays in ~/.m2; this copy would only double the disk used
  await rm(tarball, { force: true });
  const jar = runnableJar(dir);
  if (!jar) throw new LauncherError(`${artifact} has neither quarkus-run.jar nor a *-runner.jar in ${dir}`);
  return jar;
}

/** H2 in file mode under NEWSFLOW_HOME (H2 adds `.mv.db`). */
function registryJdbcUrl(dataDir: string): string {
  return `jdbc:h2:file:${join(dataDir, 'registry')}`;
}

export const registryServer: ServerDefinition = {
  name: 'registry',
  readyTimeoutMs: 120_000,
  ports: (config) => [config.registry.port],
  logFile: (config) => join(config.dirs.logs, 'registry.log'),
  answers: (config) => registryAnswers(endpointsOf(config).schemaRegistryUrl),

  async prepare(config, say) {
    await mkdir(config.dirs.registryData, { recursive: true });
    const [java, jar] = await Promise.all([
      findJava(registryJavaMajor(config.registry.version), config.javaHome, config.env),
      ensureDistribution(config, say),
    ]);
    return {
      command: java,
      args: [
        `-Xmx${config.registry.heapMb}m`,
        '-Djava.awt.headless=true',
        `-Dquarkus.http.port=${config.registry.port}`,
        '-Dquarkus.http.host=127.0.0.1',
        // 3.1+ opens a management port (9000 on all interfaces) that two stacks would fight over
        '-Dquarkus.management.enabled=false',
        '-Dquarkus.http.access-log.enabled=false',
        '-Dquarkus.log.console.color=false',
        // Confluent semantics: ids are content ids (the same schema under two subjects has one id),
        // and schemas that differ only in formatting are the same schema
        '-Dapicurio.ccompat.legacy-id-mode.enabled=false',
        '-Dapicurio.ccompat.use-canonical-hash=true',
        // Confluent's default: a new version must read data written with the previous one
        '-Dapicurio.rules.global.compatibility=BACKWARD',
        // Schemas survive a restart: the SQL storage (3.0's default kind) on an H2 file instead
        // of H2 in memory, so the ids old messages carry still resolve.
        '-Dapicurio.storage.kind=sql',
        '-Dapicurio.storage.sql.kind=h2',
        `-Dapicurio.datasource.url=${registryJdbcUrl(config.dirs.registryData)}`,
        '-jar',
        jar,
      ],
      cwd: join(jar, '..'),
      outputFile: join(config.dirs.logs, 'registry.log'),
    };
  },
};
