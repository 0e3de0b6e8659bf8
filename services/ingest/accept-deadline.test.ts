import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDeadline } from './accept-deadline.ts';
import { buildHttpApp } from './http/app.ts';

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
});
