// `npm start` runs scripts/bootstrap.mjs, which runs `newsflow up`, which runs the three services.
// A SIGINT or SIGTERM sent to the bootstrap process alone (not to its process group) must stop
// every process it started and end it with exit code 0, after the one "ready" line was printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serverEnv, testStack, uniqueName } from '../helpers/stack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function parentOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces) start with state, then ppid.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function descendants(pid: number): number[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const out: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const children = all.filter((p) => frontier.includes(parentOf(p) ?? -1));
    out.push(...children);
    frontier = children;
  }
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return parentOf(pid) !== undefined && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} to the npm start process stops every service it started`, async () => {
    const stack = await testStack();
    const port = await freePort();
    const webPort = await freePort();
    const child = spawn(
      process.execPath,
      ['scripts/bootstrap.mjs', 'cli', 'up', '--ingest-port', String(port), '--web-port', String(webPort)],
      {
        cwd: root,
        env: {
          ...process.env,
          ...serverEnv(stack),
          TOPIC_PREFIX: `${uniqueName('up')}.`,
          INGEST_FEEDS_ENABLED: 'false',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const until = Date.now() + 150_000;
    while (!/^newsflow ready: /m.test(out)) {
      assert.ok(child.exitCode === null, `up exited early:\n${out}\n${err}`);
      assert.ok(Date.now() < until, `no ready line:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const readyLines = out.split('\n').filter((l) => l.startsWith('newsflow ready: '));
    assert.equal(readyLines.length, 1);
    assert.match(readyLines[0]!, new RegExp(`http://127\\.0\\.0\\.1:${port}/v1/articles`));
    assert.match(readyLines[0]!, /npx newsflow tail --from-beginning/);
    assert.match(readyLines[0]!, new RegExp(`web view http://127\\.0\\.0\\.1:${webPort}/`));
    assert.doesNotMatch(err, /Limiting retries for the idempotent producer/);

    const started = descendants(child.pid!);
    // bootstrap → newsflow up → ingest, extract, enrich, web
    assert.ok(started.length >= 5, `processes under bootstrap: ${started.join(', ')}`);
    process.kill(child.pid!, signal);
    const code = await Promise.race([
      exited,
      new Promise<string>((r) => setTimeout(() => r(`still running 60 s after ${signal}`), 60_000).unref()),
    ]);
    assert.equal(code, 0, `exit code; stderr:\n${err}`);
    const left = started.filter(alive);
    assert.deepEqual(left, [], `still running after ${signal}: ${left.join(', ')}`);
  });
}
