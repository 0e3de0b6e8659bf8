// INGEST_WORKERS=2: the primary forks two ingest processes sharing the HTTP port; SIGTERM to the
// primary stops them all cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serverEnv, testStack, uniqueName, waitFor } from '../helpers/stack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('two ingest workers share one port and stop with the primary', async () => {
  const stack = await testStack();
  const prefix = `${uniqueName('workers')}.`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/ingest/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...serverEnv(stack),
      TOPIC_PREFIX: prefix,
      INGEST_REDIS_PREFIX: `${prefix}ingest`,
      INGEST_HTTP_HOST: '127.0.0.1',
      INGEST_HTTP_PORT: '0',
      INGEST_FEEDS_ENABLED: 'false',
      INGEST_WORKERS: '2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => lines.push(...d.split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const listening = await waitFor(
      'both workers listening',
      () => {
        const urls = lines
          .filter((l) => l.includes('ingest listening'))
          .map((l) => JSON.parse(l).url as string);
        return urls.length >= 2 ? urls : undefined;
      },
      90_000,
    );
    assert.equal(new Set(listening).size, 1, `one shared address: ${listening.join(', ')}`);
    assert.ok(lines.some((l) => l.includes('ingest primary started its workers')));
    const res = await fetch(`${listening[0]}/v1/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Turkish troops shelled Kurdish positions in northern Syria on Saturday.',
      }),
    });
    assert.equal(res.status, 202);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, 'the primary exits 0 once its workers have stopped');
});
