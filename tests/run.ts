// The README's test command. Finds the test files, provisions real Kafka, registry and Redis once
// (environment → testcontainers → the local launcher; see tests/helpers/provision.ts), passes
// their addresses to every test file through the environment, and runs node's test runner.
// `--unit` runs only the tests that need no server.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function find(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const serverSuites = ['tests/integration/', 'tests/e2e/'];
const all = ['services', 'cli', 'bench', 'infra', 'tests'].flatMap((d) => find(join(root, d))).sort();
const needsServers = (f: string) => serverSuites.some((s) => f.startsWith(s));
let files = unitOnly ? all.filter((f) => !needsServers(f)) : all;
if (filters.length) files = files.filter((f) => filters.some((p) => f.includes(p)));

async function main(): Promise<number> {
  if (files.length === 0) {
    console.error('no test files matched');
    return 1;
  }
  let stop: (() => Promise<void>) | undefined;
  const env = { ...process.env };
  if (files.some(needsServers)) {
    const { provisionStack } = await import('./helpers/provision.ts');
    const t0 = Date.now();
    const stack = await provisionStack();
    stop = stack.stop;
    console.log(
      `# servers (${stack.source}, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s): kafka ${stack.kafkaBrokers}, registry ${stack.schemaRegistryUrl}, redis ${stack.redisUrl}`,
    );
    Object.assign(env, {
      KAFKA_BROKERS: stack.kafkaBrokers,
      SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
      REDIS_URL: stack.redisUrl,
    });
  }
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', ...files],
      {
        cwd: root,
        env,
        stdio: 'inherit',
      },
    );
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (stop) await stop();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
