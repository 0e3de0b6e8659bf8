import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Chunk } from './actors.ts';
import { conjGroup } from './roles.ts';

const chunk = (first: number, conjWith: number | null): Chunk =>
  ({ first, last: first + 1, conjWith }) as Chunk;

test('conjGroup gathers the chunks joined by and', () => {
  const chunks = [chunk(0, null), chunk(2, 0), chunk(4, 1), chunk(8, null)];
  assert.deepEqual(
    conjGroup(chunks, 1).map((c) => c.first),
    [0, 2, 4],
  );
});

test('conjGroup ends on a filtered list whose conjWith indexes point elsewhere', () => {
  // After filtering, chunk 1 says it joins index 2 and chunk 2 says index 1: following those
  // links used to loop for ever (an article of the GeoWebNews corpus hung the coder).
  const filtered = [chunk(0, null), chunk(3, 2), chunk(5, 1)];
  assert.ok(conjGroup(filtered, 1).length <= filtered.length);
  assert.ok(conjGroup(filtered, 2).length <= filtered.length);
});
