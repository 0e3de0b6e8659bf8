import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, FatalError } from './errors.ts';
import { createWorkerPool, type WorkerPool } from './worker-pool.ts';

const WORKER = new URL('./worker-pool.test-worker.ts', import.meta.url);
type Request = { double: number } | { throw: 'TypeError' | 'Error' } | { exit: number };

/** A pool of `size` test workers (factor 2), ready, closed after `use`. */
async function withPool(size: number, use: (pool: WorkerPool<Request, number>) => Promise<void>) {
  const pool = createWorkerPool<Request, number>(WORKER, size, { factor: 2 });
  try {
    await pool.ready;
    await use(pool);
  } finally {
    await pool.close();
  }
}

test('answers every request from the setup data, across the workers', () =>
  withPool(3, async (pool) => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => pool.run({ double: n })));
    assert.deepEqual(
      answers,
      Array.from({ length: 50 }, (_, n) => 2 * n),
    );
  }));

test('passes a thrown error back with its class, so that callers classify it as in-thread', () =>
  withPool(1, async (pool) => {
    const typeError = await pool.run({ throw: 'TypeError' }).catch((e: unknown) => e);
    assert.ok(typeError instanceof TypeError, String(typeError));
    assert.equal(classify(typeError), 'fatal');
    const plain = await pool.run({ throw: 'Error' }).catch((e: unknown) => e);
    assert.equal((plain as Error).message, 'plain failure');
    assert.equal(classify(plain), 'dead-letter');
    assert.equal(await pool.run({ double: 4 }), 8, 'the worker goes on after an error');
  }));

test('a worker that dies fails its requests and every later one with a FatalError', () =>
  withPool(2, async (pool) => {
    const died = await pool.run({ exit: 3 }).catch((e: unknown) => e);
    assert.ok(died instanceof FatalError, String(died));
    assert.match(died.message, /exited with code 3/);
    assert.equal(classify(died), 'fatal');
    await assert.rejects(pool.run({ double: 1 }), FatalError);
  }));

test('a worker module that cannot load rejects ready', async () => {
  const pool = createWorkerPool<Request, number>(new URL('./no-such-worker.ts', import.meta.url), 1, {});
  try {
    await assert.rejects(pool.ready, FatalError);
  } finally {
    await pool.close();
  }
});
