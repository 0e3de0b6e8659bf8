import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAcceptor } from './accept.ts';
import { ClaimInFlightError, DedupUnavailableError, SinkUnavailableError } from './errors.ts';
import { createMemoryDedupStore } from './memory-dedup-store.ts';
import type { ArticleRecord, DedupStore } from './ports.ts';

const A = { text: 'Freedonia recalled its ambassador from Sylvania on Tuesday.', url: 'https://a.example/1' };
const B = { text: 'Sylvania expelled two Freedonian diplomats on Wednesday.', url: 'https://a.example/2' };

describe('acceptor', () => {
  it('reports accepted only after publish resolved', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const published: ArticleRecord[] = [];
    const acceptor = createAcceptor({
      sink: {
        publish: async (a) => {
          await gate;
          published.push(...a);
        },
      },
      dedup: createMemoryDedupStore(),
    });
    let done = false;
    const pending = acceptor.accept([A, B], { origin: 'OTHER' }).then((r) => ((done = true), r));
    await new Promise((ok) => setTimeout(ok, 20));
    assert.equal(done, false);
    release();
    const results = await pending;
    assert.deepEqual(
      results.map((r) => r.status),
      ['accepted', 'accepted'],
    );
    assert.equal(published.length, 2);
  });

  it('releases every claim of a batch whose publish failed, and keeps the retriable flag', async () => {
    const dedup = createMemoryDedupStore();
    let fail = true;
    const acceptor = createAcceptor({
      sink: {
        publish: async () => {
          if (fail) throw Object.assign(new Error('broker down'), { retriable: true });
        },
      },
      dedup,
    });
    await assert.rejects(
      acceptor.accept([A, B], { origin: 'OTHER' }),
      (err: SinkUnavailableError) => err instanceof SinkUnavailableError && err.retriable,
    );
    fail = false;
    const retry = await acceptor.accept([A, B], { origin: 'OTHER' });
    assert.deepEqual(
      retry.map((r) => r.status),
      ['accepted', 'accepted'],
    );
  });

  it('treats the same text under another URL as a duplicate when content dedup is on, not when off', async () => {
    const on = createAcceptor({ sink: { publish: async () => {} }, dedup: createMemoryDedupStore() });
    const [first, mirror] = await on.accept([A, { ...A, url: 'https://mirror.example/1' }], {
      origin: 'OTHER',
    });
    assert.equal(mirror!.status, 'duplicate');
    assert.equal(
      mirror!.status === 'duplicate' && mirror!.existingId,
      first!.status === 'accepted' ? first!.id : '',
    );
    const off = createAcceptor({
      sink: { publish: async () => {} },
      dedup: createMemoryDedupStore(),
      dedupByContent: false,
    });
    const both = await off.accept([A, { ...A, url: 'https://mirror.example/1' }], { origin: 'OTHER' });
    assert.deepEqual(
      both.map((r) => r.status),
      ['accepted', 'accepted'],
    );
  });

  it('refuses at once, retriably and before any claim, while the sink knows Kafka is not acknowledging', async () => {
    const claimed: string[] = [];
    const inner = createMemoryDedupStore();
    const dedup: DedupStore = {
      ...inner,
      claim: async (k, id, attempt, options) => {
        claimed.push(k);
        return inner.claim(k, id, attempt, options);
      },
    };
    let stalled: string | undefined = 'Kafka has not acknowledged a write for 2500 ms';
    const published: ArticleRecord[] = [];
    const acceptor = createAcceptor({
      sink: { publish: async (a) => void published.push(...a), unavailable: () => stalled },
      dedup,
    });
    await assert.rejects(
      acceptor.accept([A, B], { origin: 'OTHER' }),
      (err: SinkUnavailableError) =>
        err instanceof SinkUnavailableError && err.retriable && /not acknowledged a write/.test(err.message),
    );
    assert.deepEqual(claimed, [], 'nothing claimed, so nothing to release or to wait for');
    assert.equal(published.length, 0);
    // invalid input is still told what is wrong, whatever Kafka does
    const [invalid] = await acceptor.accept([{ text: '' }], { origin: 'OTHER' });
    assert.equal(invalid!.status, 'rejected');
    // acknowledged again: the same articles are accepted on the retry
    stalled = undefined;
    const retry = await acceptor.accept([A, B], { origin: 'OTHER' });
    assert.deepEqual(
      retry.map((r) => r.status),
      ['accepted', 'accepted'],
    );
    assert.equal(published.length, 2);
  });

  it('fails the batch retriably when the dedup store fails, releasing what it had claimed', async () => {
    const inner = createMemoryDedupStore();
    let calls = 0;
    const released: string[] = [];
    const flaky: DedupStore = {
      claim: async (k, id, attempt, options) => {
        if (++calls === 3) throw new Error('redis down');
        return inner.claim(k, id, attempt, options);
      },
      confirm: (k, id, ttl) => inner.confirm(k, id, ttl),
      refresh: (k, attempt, options) => inner.refresh(k, attempt, options),
      release: async (k, attempt) => {
        released.push(k);
        await inner.release(k, attempt);
      },
    };
    const acceptor = createAcceptor({
      sink: { publish: async () => assert.fail('must not publish') },
      dedup: flaky,
    });
    await assert.rejects(
      acceptor.accept([A, B], { origin: 'OTHER' }),
      (err: DedupUnavailableError) => err.retriable,
    );
    // Claims 1, 2 (ids) and 4 (B's text) went through, claim 3 failed: all three are released.
    assert.equal(released.length, 3);
    const retry = createAcceptor({ sink: { publish: async () => {} }, dedup: inner });
    assert.deepEqual(
      (await retry.accept([A, B], { origin: 'OTHER' })).map((r) => r.status),
      ['accepted', 'accepted'],
    );
  });

  it('answers a retry "in flight" while a dead attempt\'s pending claim is fresh, then takes it over', async () => {
    let clock = 1_000_000;
    const dedup = createMemoryDedupStore(() => clock);
    // The first attempt's process died between claim and ack: its pending claims stay behind,
    // no longer refreshed or released (written here as it left them).
    const [prepared] = await createAcceptor({
      sink: { publish: async () => {} },
      dedup: createMemoryDedupStore(),
    }).accept([A], { origin: 'OTHER' });
    const id = prepared!.status === 'accepted' ? prepared!.id : '';
    await dedup.claim(`ingest:dedup:id:${id}`, id, 'dead', { pendingTtlSeconds: 60, staleAfterMs: 10_000 });
    const published: ArticleRecord[] = [];
    const retry = createAcceptor({
      sink: { publish: async (a) => void published.push(...a) },
      dedup,
      now: () => clock,
      pendingStaleSeconds: 10,
    });
    await assert.rejects(
      retry.accept([A], { origin: 'OTHER' }),
      (err: Error) => err instanceof ClaimInFlightError && (err as ClaimInFlightError).retriable,
    );
    clock += 10_000;
    const [taken] = await retry.accept([A], { origin: 'OTHER' });
    assert.equal(taken!.status, 'accepted');
    assert.equal(published.length, 1);
    const [again] = await retry.accept([A], { origin: 'OTHER' });
    assert.equal(again!.status, 'duplicate', 'confirmed after the ack');
  });

  it("keeps a slow publish's claims fresh, so a retry waits instead of publishing a second copy", async () => {
    const dedup = createMemoryDedupStore();
    let finish!: () => void;
    const slow = createAcceptor({
      sink: { publish: () => new Promise<void>((ok) => (finish = ok)) },
      dedup,
      pendingStaleSeconds: 0.3,
    });
    const first = slow.accept([A], { origin: 'OTHER' });
    await new Promise((ok) => setTimeout(ok, 600)); // twice the stale age, refreshed meanwhile
    const published: ArticleRecord[] = [];
    const retry = createAcceptor({
      sink: { publish: async (a) => void published.push(...a) },
      dedup,
      pendingStaleSeconds: 0.3,
    });
    await assert.rejects(retry.accept([A], { origin: 'OTHER' }), ClaimInFlightError);
    finish();
    assert.equal((await first)[0]!.status, 'accepted');
    assert.equal((await retry.accept([A], { origin: 'OTHER' }))[0]!.status, 'duplicate');
    assert.equal(published.length, 0);
  });

  it('keeps the first of two copies in one batch', async () => {
    const acceptor = createAcceptor({ sink: { publish: async () => {} }, dedup: createMemoryDedupStore() });
    const [first, second] = await acceptor.accept([A, A], { origin: 'OTHER' });
    assert.equal(first!.status, 'accepted');
    assert.ok(second!.status === 'duplicate' && second!.existingId === first!.id);
  });

  it('fetches url-only inputs, and rejects them as unfetchable when the fetch fails', async () => {
    const acceptor = createAcceptor({
      sink: { publish: async () => {} },
      dedup: createMemoryDedupStore(),
      fetchPage: async (url) => {
        if (url.endsWith('/missing')) throw new Error('HTTP 404');
        return { body: '<p>Fetched article body about talks in Geneva.</p>', kind: 'html' };
      },
    });
    const [ok, missing] = await acceptor.accept(
      [{ url: 'https://a.example/page' }, { url: 'https://a.example/missing' }],
      { origin: 'HTTP' },
    );
    assert.equal(ok!.status, 'accepted');
    assert.ok(
      missing!.status === 'rejected' &&
        missing!.reason === 'unfetchable' &&
        /HTTP 404/.test(missing!.errors[0]!.message),
    );
  });
});
