import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleInput } from './domain/index.ts';
import { findPlaceMentions } from '../geo/index.ts';
import { loadCoder } from '../loaders/coder.ts';
import { loadGazetteer } from '../loaders/gazetteer.ts';
import { createWorkerPool } from '../platform/worker-pool.ts';
import { timedCoder, type TimedCoding } from './handlers/code-article.ts';

test('a coder worker (EXTRACT_WORKERS) codes an article as the service thread does', async () => {
  const input: ArticleInput = {
    id: 'w1',
    date: '2016-02-15',
    text:
      'Turkish troops shelled Kurdish militia positions in northern Syria on Saturday. ' +
      'Obama called Putin to discuss the ceasefire in Aleppo.',
  };
  const gazetteer = loadGazetteer();
  const here = timedCoder(loadCoder().coder, (text) => findPlaceMentions(text, { gazetteer }))(input);
  const pool = createWorkerPool<ArticleInput, TimedCoding>(
    new URL('./coder-worker.ts', import.meta.url),
    1,
    {},
  );
  try {
    await pool.ready;
    const there = await pool.run(input);
    assert.ok(here.coded.events.length >= 2);
    assert.deepEqual(there.coded, here.coded);
    assert.ok(there.seconds > 0);
  } finally {
    await pool.close();
  }
});
