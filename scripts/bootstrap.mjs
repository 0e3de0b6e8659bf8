#!/usr/bin/env node
// Makes `npm start` and `npm test` work on a fresh machine: installs the npm dependencies when
// they are missing or stale, installs the system packages the local servers need (Java 17,
// Maven, redis-server) through apt when running as root, then hands over to the TypeScript
// entry point. Plain JavaScript with no dependencies, because it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const [mode, ...rest] = process.argv.slice(2);

function run(cmd, args, opts = {}, quiet = false) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    if (quiet) process.exit(r.status ?? 1);
    console.error(`bootstrap: '${cmd} ${args.join(' ')}' failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('bootstrap: installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function ensureSystemPackages() {
  const wanted = [
    ['java', 'openjdk-17-jre-headless'],
    ['mvn', 'maven'],
    ['redis-server', 'redis-server'],
  ].filter(([cmd]) => !has(cmd));
  if (wanted.length === 0) return;
  const pkgs = wanted.map(([, pkg]) => pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get') && process.env.NEWSFLOW_NO_APT !== '1') {
    console.error(`bootstrap: installing ${pkgs.join(', ')} with apt-get`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...pkgs], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  console.error(
    `bootstrap: missing ${wanted.map(([c]) => c).join(', ')}. Install them, e.g.\n  sudo apt-get install -y ${pkgs.join(' ')}\n` +
      'or point KAFKA_BROKERS, SCHEMA_REGISTRY_URL and REDIS_URL at servers you already run.',
  );
  process.exit(1);
}

// Ctrl-C reaches the child too (same process group); it decides how to stop, and we wait for it.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

const usingOwnServers = process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL && process.env.REDIS_URL;
ensureNodeModules();
if (!usingOwnServers && !(mode === 'test' && rest.includes('--unit'))) ensureSystemPackages();

if (mode === 'test') {
  run(process.execPath, ['--import', 'tsx', 'tests/run.ts', ...rest], {}, true);
} else if (mode === 'cli') {
  // the command's own exit code and messages are the answer; nothing to add
  run(process.execPath, ['bin/newsflow.mjs', ...rest], {}, true);
} else {
  console.error('usage: bootstrap.mjs test|cli [args]');
  process.exit(2);
}
