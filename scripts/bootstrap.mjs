#!/usr/bin/env node
// Makes `npm start` and `npm test` work on a fresh machine: installs the npm dependencies when
// they are missing or stale, installs the system packages the local servers need (Java 17,
// Maven, redis-server) through apt when running as root, then hands over to the TypeScript
// entry point. Plain JavaScript with no dependencies, because it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
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

const SERVER_PACKAGES = [
  ['java', 'openjdk-17-jre-headless'],
  ['mvn', 'maven'],
  ['redis-server', 'redis-server'],
];
// the web view's end-to-end test drives Debian's Chromium
const BROWSER_PACKAGES = [['chromium', 'chromium']];

function ensureSystemPackages(needed) {
  const wanted = needed.filter(([cmd]) => !has(cmd));
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

// The last step runs as a child that decides how to stop. A signal sent to this process alone
// (`kill -INT <pid>` of `npm start`, a supervisor's SIGTERM) is passed on to it; Ctrl-C in a
// terminal reaches both (one process group) and the child takes the repeat as the same request.
// Until then (npm ci, apt-get) a signal ends the bootstrap as usual.
function handOver(args) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: root });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
}

const usingOwnServers = process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL && process.env.REDIS_URL;
ensureNodeModules();
const unitOnly = mode === 'test' && rest.includes('--unit');
ensureSystemPackages([
  ...(usingOwnServers || unitOnly ? [] : SERVER_PACKAGES),
  ...(mode === 'test' && !unitOnly ? BROWSER_PACKAGES : []),
]);

if (mode === 'test') {
  handOver(['--import', 'tsx', 'tests/run.ts', ...rest]);
} else if (mode === 'cli') {
  // the command's own exit code and messages are the answer; nothing to add
  handOver(['bin/newsflow.mjs', ...rest]);
} else {
  console.error('usage: bootstrap.mjs test|cli [args]');
  process.exit(2);
}
