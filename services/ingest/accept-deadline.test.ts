import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDeadline } from './accept-deadline.ts';
import { createAcceptor } from './accept.ts';
import { IntakeTimeoutError } from './errors.ts';
import { buildHttpApp } from './http/app.ts';
import { createMemoryDedupStore } from './memory-dedup-store.ts';
import type { ArticleRecord, DedupStore, PublishControl } from './ports.ts';

const A = { text: 'Freedonia recalled its ambassador from Sylvania on Tuesday.', url: 'https://a.example/1' };

/** A sink like the Kafka one: a publish waits in a queue until `send()`, then for `ack()`. */
function queuedSink() {
  const published: ArticleRecord[] = [];
  const queued: {
    articles: ArticleRecord[];
    control?: PublishControl;
    go: () => void;
    fail: (e: Error) => void;
  }[] = [];
  let acks: (() => void)[] = [];
  return {
    published,
    sink: {
      publish: (articles: ArticleRecord[], control?: PublishControl) =>
        new Promise<void>((resolve, reject) => {
          const entry = {
            articles,
            control,
            go: () => {
              control?.onSent?.();
              acks.push(() => {
                published.push(...articles);
                resolve();
              });
            },
            fail: reject,
          };
          queued.push(entry);
          control?.signal?.addEventListener('abort', () => {
            const i = queued.indexOf(entry);
            if (i < 0) return;
            queued.splice(i, 1);
            reject(Object.assign(new Error('withdrawn'), { retriable: true }));
          });
        }),
    },
    /** Sends every queued publish to "Kafka" (from then on it cannot be withdrawn). */
    send() {
      for (const q of queued.splice(0)) q.go();
    },
    ack() {
      for (const a of acks) a();
      acks = [];
    },
    queuedCount: () => queued.length,
  };
}

const settle = () => new Promise((ok) => setTimeout(ok, 10));

describe('accept deadline', () => {
  it('answers 503 with Retry-After when Kafka or Redis hangs, instead of holding the request', async () => {
    const hanging = { accept: () => new Promise<never>(() => {}) };
    const app = await buildHttpApp({
      acceptor: withDeadline(hanging, 200),
      options: { retryAfterSeconds: 2 },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: { 'content-type': 'application/json' },
      payload: { text: 'Freedonia recalled its ambassador from Sylvania on Tuesday.' },
    });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '2');
    assert.match(res.json().details[0].message, /did not answer within 200 ms/);
    await app.close();
  });

  it('passes results and errors through before the deadline', async () => {
    const ok = withDeadline({ accept: async () => [{ status: 'accepted', id: 'x' }] }, 1000);
    assert.deepEqual(await ok.accept([{}], { origin: 'HTTP' }), [{ status: 'accepted', id: 'x' }]);
    const failing = withDeadline({ accept: async () => Promise.reject(new Error('boom')) }, 1000);
    await assert.rejects(failing.accept([{}], { origin: 'HTTP' }), /boom/);
  });

  it('withdraws a request not yet sent to Kafka at the deadline: nothing published, the retry accepted', async () => {
    const q = queuedSink();
    const dedup = createMemoryDedupStore();
    const acceptor = withDeadline(createAcceptor({ sink: q.sink, dedup }), 50);
    await assert.rejects(
      acceptor.accept([A], { origin: 'HTTP' }),
      (err: IntakeTimeoutError) =>
        err instanceof IntakeTimeoutError &&
        !err.sent &&
        /nothing of this request was accepted/.test(err.message),
    );
    await settle();
    assert.equal(q.queuedCount(), 0, 'the queued publish was taken back');
    q.send();
    q.ack();
    assert.equal(q.published.length, 0);
    // Its claims were released, so the retry is accepted at once, not "in flight" or "duplicate".
    const retry = acceptor.accept([A], { origin: 'HTTP' });
    await settle();
    q.send();
    q.ack();
    assert.deepEqual(
      (await retry).map((r) => r.status),
      ['accepted'],
    );
    assert.equal(q.published.length, 1);
  });

  it('withdraws a request whose claims Redis answers only after the deadline', async () => {
    const q = queuedSink();
    const memory = createMemoryDedupStore();
    let redisBack!: () => void;
    const redisDown = new Promise<void>((ok) => (redisBack = ok));
    // Like ioredis's offline queue: commands wait for the server, then run.
    const dedup: DedupStore = {
      claim: async (...args) => (await redisDown, memory.claim(...args)),
      refresh: (...args) => memory.refresh(...args),
      confirm: (...args) => memory.confirm(...args),
      release: (...args) => memory.release(...args),
    };
    const acceptor = withDeadline(createAcceptor({ sink: q.sink, dedup }), 50);
    await assert.rejects(acceptor.accept([A], { origin: 'HTTP' }), (err: IntakeTimeoutError) => !err.sent);
    redisBack();
    await settle();
    assert.equal(q.queuedCount(), 0, 'nothing reached the sink');
    const retry = acceptor.accept([A], { origin: 'HTTP' });
    await settle();
    q.send();
    q.ack();
    assert.deepEqual(
      (await retry).map((r) => r.status),
      ['accepted'],
    );
  });

  it('says the outcome is unknown when the write was already sent, and the retry learns it went in', async () => {
    const q = queuedSink();
    const acceptor = withDeadline(createAcceptor({ sink: q.sink, dedup: createMemoryDedupStore() }), 50);
    const first = acceptor.accept([A], { origin: 'HTTP' });
    await settle();
    q.send(); // on its way to Kafka, not yet acknowledged
    await assert.rejects(
      first,
      (err: IntakeTimeoutError) => err.sent && /may still succeed/.test(err.message),
    );
    q.ack();
    await settle();
    assert.equal(q.published.length, 1);
    const retry = await acceptor.accept([A], { origin: 'HTTP' });
    assert.equal(retry[0]!.status, 'duplicate');
  });
});
